// A trainer process that died: its supervisor marks its running jobs lost at once, and its
// successor under the same worker id takes them (once) to resume them; the retry of the same
// queue job takes the running job over as the next attempt, and only that attempt may finish it.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createMarketDataset } from '../src/datasets';
import {
  LOST_PHASE,
  createJob,
  getJob,
  markWorkerLost,
  startJob,
  takeLostJobs,
  type JobForTrainer,
} from '../src/jobs';
import { createTestDatabase, seedOrganization, type TestDatabase } from '../src/testing';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.drop();
});

async function runningJob(name: string, workerId: string, queueJobId: string) {
  const org = await seedOrganization(t.db, name);
  const { id: datasetId } = await createMarketDataset(t.db, {
    ...org,
    name,
    sourceFileName: null,
    mapping: {},
    rows: [{ series: 'a', date: '2024-01-01', value: 1 }],
  });
  const job = await createJob(t.db, { ...org, datasetId, task: 'forecast', params: {} });
  const started = await startJob(t.db, job.id, queueJobId, workerId);
  expect('started' in started).toBe(true);
  return { org, job: (started as { started: JobForTrainer }).started };
}

it('marks only the dead worker’s running jobs lost, once, and hands them to its successor once', async () => {
  const dead = await runningJob('lost-a', 'host:trainer-1', 'q-a');
  const other = await runningJob('lost-b', 'host:trainer-2', 'q-b');

  expect(
    await markWorkerLost(t.db, 'host:trainer-1', 'the trainer process died (signal SIGKILL)'),
  ).toEqual([dead.job.id]);
  // Idempotent: a second report adds nothing.
  expect(await markWorkerLost(t.db, 'host:trainer-1', 'again')).toEqual([]);

  const shown = await getJob(t.db, dead.org.organizationId, dead.job.id);
  expect(shown.status).toBe('running');
  expect(shown.progress).toEqual({ phase: LOST_PHASE });
  expect(shown.timeline.map((e) => [e.event, e.attempt ?? null, e.detail ?? null])).toEqual([
    ['queued', null, 'manual'],
    ['started', 1, null],
    ['lost', 1, 'the trainer process died (signal SIGKILL)'],
  ]);
  const untouched = await getJob(t.db, other.org.organizationId, other.job.id);
  expect(untouched.progress).toEqual({ phase: 'loading data' });

  // The restarted trainer (same worker id) takes them, once; no second 'lost' event.
  const taken = await takeLostJobs(t.db, 'host:trainer-1');
  expect(taken).toEqual([{ id: dead.job.id, task: 'forecast', queueJobId: 'q-a', attempt: 1 }]);
  expect(await takeLostJobs(t.db, 'host:trainer-1')).toEqual([]);
  expect((await getJob(t.db, dead.org.organizationId, dead.job.id)).timeline).toHaveLength(3);

  // The queue's retry of the same queue job takes it over as attempt 2; another message cannot.
  expect(await startJob(t.db, dead.job.id, 'q-other', 'host:trainer-1')).toEqual({ skip: true });
  const resumed = await startJob(t.db, dead.job.id, 'q-a', 'host:trainer-1');
  expect(resumed).toMatchObject({ started: { id: dead.job.id, attempt: 2 } });
  const after = await getJob(t.db, dead.org.organizationId, dead.job.id);
  expect(after.progress).toEqual({ phase: 'loading data' });
  expect(after.timeline.map((e) => e.event)).toEqual(['queued', 'started', 'lost', 'started']);
});

it('marks a predecessor’s job lost at takeover when no supervisor reported it (systemd, containers)', async () => {
  const dead = await runningJob('lost-c', 'host:trainer-3', 'q-c');
  const taken = await takeLostJobs(t.db, 'host:trainer-3');
  expect(taken.map((j) => j.id)).toEqual([dead.job.id]);
  const shown = await getJob(t.db, dead.org.organizationId, dead.job.id);
  expect(shown.progress).toEqual({ phase: LOST_PHASE });
  expect(shown.timeline.at(-1)).toMatchObject({
    event: 'lost',
    attempt: 1,
    detail: 'the trainer restarted after its predecessor died',
  });
});
