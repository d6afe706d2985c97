// `pnpm start`'s recovery for real: the supervisor (scripts/supervisor.ts) runs a real trainer
// (`src/main.ts`) under a stable worker id and a stand-in web; the trainer is killed with
// SIGKILL mid-training. The supervisor marks its job lost at once ("trainer lost — resuming")
// and restarts it; the restarted trainer resumes the job immediately — the queue heartbeat is
// set to 10 minutes here, so waiting for it would time the test out — and stores the result
// exactly once. The web stand-in answers throughout.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  LOST_PHASE,
  createMarketDataset,
  getJob,
  listModels,
  markWorkerLost,
  type JobView,
} from '@foresight/db';
import { createTestDatabase, seedOrganization, type TestDatabase } from '@foresight/db/testing';
import { enqueueTraining, startQueue, type QueueClient } from '@foresight/queue';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Supervisor } from '../../../scripts/supervisor';
import { freePort, httpGet, pollWeb, waitFor } from './process-fixtures';

const trainerDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const WORKER_ID = 'test-host:trainer-1';

let t: TestDatabase;
let queue: QueueClient;
let supervisor: Supervisor | null = null;
const output: string[] = [];

const get = (port: number) => httpGet(port);
const until = <T>(
  what: string,
  probe: () => Promise<T | null | undefined | false>,
  timeoutMs: number,
  everyMs = 200,
) => waitFor(what, probe, { timeoutMs, everyMs, details: () => output.join('\n') });

beforeAll(async () => {
  t = await createTestDatabase();
  queue = await startQueue(t.url, { role: 'sender' });
});
afterAll(async () => {
  await supervisor?.stop();
  await queue.stop();
  await t.drop();
});

it(
  'resumes at once, exactly once, the job of a trainer killed under the supervisor',
  { timeout: 240_000 },
  async () => {
    const org = await seedOrganization(t.db, 'lost');
    const rows = Array.from({ length: 8 }, (_, s) =>
      Array.from({ length: 120 }, (_, i) => ({
        series: `s${s}`,
        date: new Date(Date.UTC(2012, i, 1)).toISOString().slice(0, 10),
        value: 100 + 10 * s + 1.5 * i + 12 * Math.sin((2 * Math.PI * i) / 12 + s),
      })),
    ).flat();
    const { id: datasetId } = await createMarketDataset(t.db, {
      ...org,
      name: 'lost',
      sourceFileName: null,
      mapping: {},
      rows,
    });

    const port = await freePort();
    supervisor = new Supervisor({
      log: (l) => output.push(`[supervisor] ${l}`),
      backoff: { initialMs: 500 },
      stopTimeoutMs: 30_000,
    });
    supervisor.add({
      name: 'web',
      command: process.execPath,
      args: [
        '-e',
        `require('node:http').createServer((q, s) => s.end('ok')).listen(${port}, '127.0.0.1')`,
      ],
      output: () => {},
    });
    const trainer = supervisor.add({
      name: 'trainer',
      command: process.execPath,
      args: ['--import', 'tsx', 'src/main.ts'],
      cwd: trainerDir,
      env: {
        ...process.env,
        DATABASE_URL: t.url,
        FORESIGHT_BACKEND: 'wasm',
        FORESIGHT_WORKER_ID: WORKER_ID,
        // Far beyond the test's patience: only the lost-trainer path can resume the job in time.
        FORESIGHT_QUEUE_HEARTBEAT_SECONDS: '600',
        FORESIGHT_QUEUE_SUPERVISE_SECONDS: '600',
      },
      output: (l) => output.push(`[trainer] ${l}`),
      onCrash: async (exit) => {
        await markWorkerLost(t.db, WORKER_ID, `the trainer process died (${exit.how})`);
      },
    });
    await until(
      'the trainer to listen',
      async () => output.some((l) => l.includes('listening on queues')),
      60_000,
    );
    await until(
      'the web stand-in',
      () =>
        get(port).then(
          () => true,
          () => false,
        ),
      10_000,
    );

    const web = pollWeb(port, 100);

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
        return j.status === 'running' && j.curve.length >= 1;
      },
      90_000,
      100,
    );
    const victim = trainer.process!.pid!;
    process.kill(victim, 'SIGKILL');
    const killedAt = Date.now();

    // Shown as lost at once (the supervisor's after-crash step), not "running" until a heartbeat.
    const lost = await until(
      'the job to show its trainer lost',
      async () => {
        const j = await getJob(t.db, org.organizationId, job.id);
        return j.status === 'running' && (j.progress as { phase?: string }).phase === LOST_PHASE
          ? j
          : null;
      },
      5_000,
      50,
    );
    expect(Date.now() - killedAt).toBeLessThan(5_000);
    expect(lost.timeline.at(-1)).toMatchObject({
      event: 'lost',
      attempt: 1,
      detail: 'the trainer process died (signal SIGKILL)',
    });

    // Resumed by the restarted trainer as attempt 2, long before any heartbeat timeout.
    await until(
      'attempt 2 to start',
      async () => (await getJob(t.db, org.organizationId, job.id)).attempts >= 2,
      60_000,
    );
    const resumedAfterMs = Date.now() - killedAt;
    const done = await until<JobView>(
      'the job to finish',
      async () => {
        const j = await getJob(t.db, org.organizationId, job.id);
        return ['succeeded', 'failed', 'cancelled'].includes(j.status) ? j : null;
      },
      180_000,
    );
    const { answered: webAnswers, failures: webFailures } = await web.stop();

    expect(done.status).toBe('succeeded');
    expect(done.attempts).toBe(2);
    expect(done.timeline.map((e) => [e.event, e.attempt ?? null])).toEqual([
      ['queued', null],
      ['started', 1],
      ['lost', 1],
      ['started', 2],
      ['succeeded', 2],
    ]);
    expect(resumedAfterMs).toBeLessThan(60_000);
    expect(trainer.restarts).toBe(1);
    expect(trainer.process!.pid).not.toBe(victim);
    expect(
      output.some((l) =>
        l.includes(`[supervisor] trainer (pid ${victim}) died: signal SIGKILL after`),
      ),
    ).toBe(true);
    expect(
      output.some((l) =>
        l.includes(
          `job ${job.id}: its trainer (${WORKER_ID}) died during attempt 1; resuming it now as attempt 2`,
        ),
      ),
    ).toBe(true);
    // The web kept answering throughout.
    expect(webFailures).toBe(0);
    expect(webAnswers).toBeGreaterThan(5);
    // Exactly once: one model version and one forecast's worth of points.
    const models = await listModels(t.db, org.organizationId, datasetId);
    expect(models.map((m) => m.version)).toEqual([1]);
    const { rows: points } = await t.db.pool.query<{ n: number; series: number }>(
      'SELECT count(*)::int AS n, count(DISTINCT series)::int AS series FROM forecast_points WHERE model_id = $1',
      [models[0]!.id],
    );
    expect(points[0]!.series).toBe(8);
    expect(points[0]!.n % 8).toBe(0);
    console.log(
      `lost-trainer: resumed ${(resumedAfterMs / 1000).toFixed(1)} s after kill -9; timeline of job ${job.id}:\n` +
        done.timeline
          .map(
            (e) =>
              `  ${e.at}  ${e.event}${e.attempt ? ` (attempt ${e.attempt})` : ''}${e.detail ? ` — ${e.detail}` : ''}`,
          )
          .join('\n'),
    );
  },
);
