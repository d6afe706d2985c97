// Churn and recommendation jobs on an events dataset read it through the training reads:
// streamed from PostgreSQL by default, or from whatever `events` the worker passes.
import { createEventsDataset, createJob, startJob, type JobForTrainer } from '@foresight/db';
import { createTestDatabase, seedOrganization, type TestDatabase } from '@foresight/db/testing';
import { syntheticEventLog } from '@foresight/ml-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../src/backend';
import { runChurnJob } from '../src/churn-job';
import { runRecommendJob } from '../src/recommend-job';
import { postgresTrainingReads, type TrainingReads } from '../src/training-reads';

let t: TestDatabase;
let organizationId: string;
let datasetId: string;
/** Users with at least one item (each gets recommendations). */
let usersWithItems: number;

beforeAll(async () => {
  t = await createTestDatabase();
  await selectBackend({ prefer: 'wasm' });
  const org = await seedOrganization(t.db, 'events-jobs');
  organizationId = org.organizationId;
  const { events } = syntheticEventLog({ users: 300, events: 9_000, days: 240, seed: 5 });
  const created = await createEventsDataset(t.db, {
    organizationId,
    userId: org.userId,
    name: 'log',
    sourceFileName: null,
    mapping: { user: 'u', time: 't', event: 'e', item: 'i', value: 'v' },
    rows: events.userIds.map((userId, i) => ({
      userId,
      occurredAt: new Date(events.times[i]!).toISOString(),
      eventName: events.eventNames?.[i] ?? null,
      itemId: events.items?.[i] ?? null,
      value: events.values?.[i] ?? null,
    })),
  });
  datasetId = created.id;
  usersWithItems = new Set(events.userIds.filter((_, i) => events.items?.[i] != null)).size;
});

afterAll(async () => {
  await t?.drop();
});

async function started(task: 'churn' | 'recommend'): Promise<JobForTrainer> {
  const job = await createJob(t.db, { organizationId, datasetId, task, params: {}, userId: null });
  const outcome = await startJob(t.db, job.id, `queue-${job.id}`);
  if (!('started' in outcome)) throw new Error('job did not start');
  return outcome.started;
}

/** The PostgreSQL reads, counting which one each job used. */
function countingReads(calls: string[]): TrainingReads {
  const reads = postgresTrainingReads(t.db);
  return {
    eventLog: (scope) => (calls.push(`log ${scope.datasetId}`), reads.eventLog(scope)),
    interactions: (scope) => (calls.push(`pairs ${scope.datasetId}`), reads.interactions(scope)),
  };
}

describe('jobs on an events dataset', () => {
  it('churn trains from the coded log (default reads, and the reads it is given)', async () => {
    const lines: string[] = [];
    await runChurnJob({
      db: t.db,
      job: await started('churn'),
      backend: 'wasm',
      epochs: 3,
      log: (l) => lines.push(l),
    });
    expect(lines.join('\n')).toMatch(/churn \(events\) chose \w+, ROC-AUC [\d.]+, \d+ scored/);

    const calls: string[] = [];
    await runChurnJob({
      db: t.db,
      job: await started('churn'),
      backend: 'wasm',
      epochs: 3,
      events: countingReads(calls),
    });
    expect(calls).toEqual([`log ${datasetId}`]);
  });

  it('recommendations train from the aggregated pairs', async () => {
    const calls: string[] = [];
    const lines: string[] = [];
    await runRecommendJob({
      db: t.db,
      job: await started('recommend'),
      backend: 'wasm',
      epochs: 3,
      events: countingReads(calls),
      log: (l) => lines.push(l),
    });
    expect(calls).toEqual([`pairs ${datasetId}`]);
    expect(lines.join('\n')).toMatch(
      new RegExp(`recommend chose \\w+, NDCG@10 [\\d.]+, ${usersWithItems} users`),
    );
  });

  it('refuses a dataset of another organization', async () => {
    const job = { ...(await started('recommend')), organizationId: 'org_elsewhere' };
    await expect(runRecommendJob({ db: t.db, job, backend: 'wasm' })).rejects.toThrow(/not found/i);
  });
});
