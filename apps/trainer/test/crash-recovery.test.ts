// Crash recovery for real: two trainer processes (`src/main.ts`, as deployed) against one
// database; the one training a job is killed with SIGKILL mid-training; the other must take the
// job over once the dead one's heartbeat lapses and complete it exactly once.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createMarketDataset, getJob, listModels, type JobView } from '@foresight/db';
import { createTestDatabase, seedOrganization, type TestDatabase } from '@foresight/db/testing';
import { enqueueTraining, startQueue, type QueueClient } from '@foresight/queue';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { waitFor } from './process-fixtures';

const trainerDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

let t: TestDatabase;
let queue: QueueClient;
const trainers: { name: string; child: ChildProcess; output: string[] }[] = [];

function startTrainer(name: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: trainerDir,
    env: {
      ...process.env,
      DATABASE_URL: t.url,
      FORESIGHT_BACKEND: 'wasm',
      FORESIGHT_QUEUE_HEARTBEAT_SECONDS: '10',
      FORESIGHT_QUEUE_SUPERVISE_SECONDS: '2',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const trainer = { name, child, output: [] as string[] };
  child.stdout!.on('data', (d: Buffer) => trainer.output.push(...d.toString().split('\n')));
  child.stderr!.on('data', (d: Buffer) => trainer.output.push(...d.toString().split('\n')));
  trainers.push(trainer);
  return trainer;
}

const until = <T>(
  what: string,
  probe: () => Promise<T | null | undefined | false>,
  timeoutMs: number,
) =>
  waitFor(what, probe, {
    timeoutMs,
    details: () => trainers.map((tr) => `--- ${tr.name}\n${tr.output.join('\n')}`).join('\n'),
  });

beforeAll(async () => {
  t = await createTestDatabase();
  queue = await startQueue(t.url, { role: 'sender' });
});
afterAll(async () => {
  for (const { child } of trainers) if (child.exitCode === null) child.kill('SIGKILL');
  await queue.stop();
  await t.drop();
});

it(
  'finishes, exactly once, a job whose trainer was killed mid-training',
  { timeout: 240_000 },
  async () => {
    const org = await seedOrganization(t.db, 'crash');
    // Enough series for training to last well beyond the moment of the kill.
    const rows = Array.from({ length: 12 }, (_, s) =>
      Array.from({ length: 144 }, (_, i) => ({
        series: `s${s}`,
        date: new Date(Date.UTC(2010, i, 1)).toISOString().slice(0, 10),
        value:
          100 +
          10 * s +
          1.5 * i +
          12 * Math.sin((2 * Math.PI * i) / 12 + s) +
          4 * Math.cos(i * 0.7 * s),
      })),
    ).flat();
    const { id: datasetId } = await createMarketDataset(t.db, {
      ...org,
      name: 'crash',
      sourceFileName: null,
      mapping: {},
      rows,
    });
    const a = startTrainer('trainer-a');
    const b = startTrainer('trainer-b');
    await until(
      'both trainers to listen',
      async () => [a, b].every((tr) => tr.output.some((l) => l.includes('listening on queues'))),
      60_000,
    );

    const job = await enqueueTraining({
      db: t.db,
      queue,
      ...org,
      datasetId,
      task: 'forecast',
      params: {},
    });
    await until(
      'training to be under way',
      async () => {
        const j = await getJob(t.db, org.organizationId, job.id);
        return j.status === 'running' && j.curve.length >= 2;
      },
      90_000,
    );
    const victim = [a, b].find((tr) =>
      tr.output.some((l) => l.includes(`job ${job.id}: forecast`)),
    )!;
    const survivor = victim === a ? b : a;
    victim.child.kill('SIGKILL');
    await until(
      'the victim to die',
      async () => victim.child.exitCode !== null || victim.child.signalCode !== null,
      10_000,
    );

    const done = await until<JobView>(
      'the job to finish',
      async () => {
        const j = await getJob(t.db, org.organizationId, job.id);
        return ['succeeded', 'failed', 'cancelled'].includes(j.status) ? j : null;
      },
      180_000,
    );

    expect(done.status).toBe('succeeded');
    expect(done.attempts).toBe(2);
    expect(done.timeline.map((e) => [e.event, e.attempt ?? null])).toEqual([
      ['queued', null],
      ['started', 1],
      ['started', 2],
      ['succeeded', 2],
    ]);
    expect(
      survivor.output.some((l) =>
        l.includes(`job ${job.id}: forecast for dataset ${datasetId}, attempt 2`),
      ),
    ).toBe(true);
    // Exactly once: one model version and one forecast's worth of points.
    const models = await listModels(t.db, org.organizationId, datasetId);
    expect(models.map((m) => m.version)).toEqual([1]);
    const { rows: points } = await t.db.pool.query<{ n: number; series: number }>(
      'SELECT count(*)::int AS n, count(DISTINCT series)::int AS series FROM forecast_points WHERE model_id = $1',
      [models[0]!.id],
    );
    expect(points[0]!.series).toBe(12);
    expect(points[0]!.n % 12).toBe(0);
    // The timeline a founder sees (printed for the record).
    console.log(
      `crash-recovery timeline of job ${job.id}:\n` +
        done.timeline
          .map(
            (e) =>
              `  ${e.at}  ${e.event}${e.attempt ? ` (attempt ${e.attempt})` : ''}${e.detail ? ` — ${e.detail}` : ''}`,
          )
          .join('\n'),
    );
  },
);
