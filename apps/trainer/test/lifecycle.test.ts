// The job lifecycle against the real database, queue and TF.js training: duplicate suppression,
// cancellation mid-training, a retry after a failure, re-queue on shutdown, the memory guard,
// scheduled retraining, model history (pinning, pruning) and the trainer's memory on the job.
import {
  cancelJob,
  createMarketDataset,
  getJob,
  latestForecast,
  listModels,
  pinModel,
  pruneModels,
  requestJob,
  saveModelResult,
  setRetrainSchedule,
  type JobView,
  type MarketRow,
} from '@foresight/db';
import { createTestDatabase, seedOrganization, type TestDatabase } from '@foresight/db/testing';
import { selectBackend } from '../src/backend';
import { enqueueTraining } from '@foresight/queue';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queueDueRetrains, startWorker, type Worker, type WorkerOptions } from '../src/worker';

let t: TestDatabase;
let backend: string;
let worker: Worker;
let org: { organizationId: string; userId: string };
const logs: string[] = [];

function workerOptions(extra: Partial<WorkerOptions> = {}): WorkerOptions {
  return {
    databaseUrl: t.url,
    db: t.db,
    backend,
    concurrency: 1,
    log: (l) => logs.push(l),
    epochs: 20,
    queuePolicy: { retryDelay: 1 },
    cancelPollMs: 300,
    ...extra,
  };
}

beforeAll(async () => {
  t = await createTestDatabase();
  backend = (await selectBackend({ prefer: 'wasm' })).backend;
  worker = await startWorker(workerOptions());
  org = await seedOrganization(t.db, 'lifecycle');
});
afterAll(async () => {
  await worker.stop(0);
  await t.drop();
});

function monthly(series: string, months: number, base: number): MarketRow[] {
  return Array.from({ length: months }, (_, i) => ({
    series,
    date: new Date(Date.UTC(2012, i, 1)).toISOString().slice(0, 10),
    value: base + 2 * i + 10 * Math.sin((2 * Math.PI * i) / 12) + 3 * Math.cos(i * 1.3),
  }));
}

async function marketDataset(name: string, series = 2, months = 72): Promise<string> {
  const rows = Array.from({ length: series }, (_, s) =>
    monthly(`s${s}`, months, 50 + 20 * s),
  ).flat();
  const { id } = await createMarketDataset(t.db, {
    organizationId: org.organizationId,
    userId: org.userId,
    name,
    sourceFileName: null,
    mapping: { roles: { date: 'date', values: ['value'], series: 'series' }, columns: [] },
    rows,
  });
  return id;
}

function train(datasetId: string, trigger: 'manual' | 'upload' = 'manual') {
  return enqueueTraining({
    db: t.db,
    queue: worker.queue,
    organizationId: org.organizationId,
    userId: null,
    datasetId,
    task: 'forecast',
    params: {},
    trigger,
  });
}

async function waitFor(jobId: string, done: (job: JobView) => boolean, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = await getJob(t.db, org.organizationId, jobId);
    if (done(job)) return job;
    if (Date.now() > deadline)
      throw new Error(`job ${jobId} is ${job.status}:\n${logs.join('\n')}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}
const finished = (j: JobView) => ['succeeded', 'failed', 'cancelled'].includes(j.status);

async function queueMessages(jobId: string): Promise<number> {
  const { rows } = await t.db.pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pgboss.job WHERE data->>'jobId' = $1`,
    [jobId],
  );
  return rows[0]!.n;
}

describe('job lifecycle', () => {
  it('does not queue a second job while one for the same dataset and task waits', async () => {
    const datasetId = await marketDataset('dupes');
    const first = await requestJob(t.db, {
      ...org,
      datasetId,
      task: 'forecast',
      params: {},
      trigger: 'upload',
    });
    const again = await requestJob(t.db, { ...org, datasetId, task: 'forecast', params: {} });
    expect(first.created).toBe(true);
    expect(again).toMatchObject({ created: false, job: { id: first.job.id } });
    // Through the queue: the waiting job is returned, one queue message in all.
    const viaQueue = await train(datasetId);
    expect(viaQueue.id).toBe(first.job.id);
    expect(await queueMessages(first.job.id)).toBe(0);
    await cancelJob(t.db, org.organizationId, first.job.id);
    const next = await train(datasetId);
    expect(next.id).not.toBe(first.job.id);
    expect(await queueMessages(next.id)).toBe(1);
    // The trainer records its peak memory just after the result's commit.
    const done = await waitFor(next.id, (j) => finished(j) && j.peakRssMb !== null);
    expect(done.status).toBe('succeeded');
    expect(done.trigger).toBe('manual');
    expect(done.timeline.map((e) => e.event)).toEqual(['queued', 'started', 'succeeded']);
    expect(done.curve.length).toBeGreaterThan(0);
    expect(done.curve[0]).toMatchObject({ epoch: 1, loss: expect.any(Number) });
    expect(done.peakRssMb).toBeGreaterThan(50);
    expect(done.durationMs).toBeGreaterThan(0);
  });

  it('cancels a running job at an epoch boundary, frees its tensors and writes nothing', async () => {
    // Long enough training that the cancel lands mid-way, however fast the machine.
    await worker.stop(0);
    worker = await startWorker(workerOptions({ epochs: 400 }));
    const datasetId = await marketDataset('cancel', 12, 144);
    const tensorsBefore = tf.memory().numTensors;
    const job = await train(datasetId);
    await waitFor(job.id, (j) => j.status === 'running' && j.curve.length > 0);
    const asked = await cancelJob(t.db, org.organizationId, job.id);
    expect(asked).toMatchObject({ status: 'running', cancelRequested: true });
    const done = await waitFor(job.id, finished);
    expect(done.status).toBe('cancelled');
    expect(done.timeline.at(-1)).toMatchObject({ event: 'cancelled', attempt: 1 });
    expect(await listModels(t.db, org.organizationId, datasetId)).toEqual([]);
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    // A finished job cannot be cancelled again.
    expect(await cancelJob(t.db, org.organizationId, job.id)).toBeNull();
    await worker.stop(0);
    worker = await startWorker(workerOptions());
  });

  it('retries a job after a failed attempt and stores its result once', async () => {
    const datasetId = await marketDataset('flaky');
    // The first attempt's result write fails (a real database error), the second succeeds.
    await t.db.pool.query(`
      CREATE SEQUENCE flaky_writes;
      CREATE FUNCTION fail_first_model() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.dataset_id = '${datasetId}' AND nextval('flaky_writes') = 1 THEN
          RAISE EXCEPTION 'injected: the database refused the write';
        END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER flaky BEFORE INSERT ON models FOR EACH ROW EXECUTE FUNCTION fail_first_model();`);
    try {
      const job = await train(datasetId);
      const done = await waitFor(job.id, finished);
      expect(done.status).toBe('succeeded');
      expect(done.attempts).toBe(2);
      expect(done.timeline.map((e) => [e.event, e.attempt ?? null])).toEqual([
        ['queued', null],
        ['started', 1],
        ['started', 2],
        ['succeeded', 2],
      ]);
      const models = await listModels(t.db, org.organizationId, datasetId);
      expect(models.map((m) => m.version)).toEqual([1]);
      expect(logs.some((l) => l.includes(`job ${job.id}: attempt 1 crashed`))).toBe(true);
    } finally {
      await t.db.pool.query(
        'DROP TRIGGER flaky ON models; DROP FUNCTION fail_first_model(); DROP SEQUENCE flaky_writes;',
      );
    }
  });

  it('re-queues a running job when its trainer shuts down, and another trainer finishes it', async () => {
    await worker.stop(0);
    const datasetId = await marketDataset('shutdown', 12, 144);
    const leaving = await startWorker(workerOptions({ epochs: 200 }));
    worker = leaving;
    const job = await train(datasetId);
    await waitFor(job.id, (j) => j.status === 'running' && j.curve.length > 0);
    await leaving.stop(0);
    const requeued = await getJob(t.db, org.organizationId, job.id);
    expect(requeued.status).toBe('queued');
    expect(requeued.timeline.at(-1)).toMatchObject({ event: 'requeued', attempt: 1 });
    worker = await startWorker(workerOptions());
    const done = await waitFor(job.id, finished);
    expect(done).toMatchObject({ status: 'succeeded', attempts: 2 });
    expect((await listModels(t.db, org.organizationId, datasetId)).length).toBe(1);
  });

  it('refuses a dataset too large for the memory limit with a message saying what to do', async () => {
    await worker.stop(0);
    worker = await startWorker(workerOptions({ maxJobMemoryMb: 100 }));
    try {
      const job = await train(await marketDataset('too-big'));
      const done = await waitFor(job.id, finished);
      expect(done.status).toBe('failed');
      expect(done.error).toMatch(
        /^This dataset \(144 points\) needs about \d+ MB to train forecast, more than this trainer's limit of 100 MB \(FORESIGHT_TRAINER_MAX_JOB_MEMORY_MB\)/,
      );
    } finally {
      await worker.stop(0);
      worker = await startWorker(workerOptions());
    }
  });

  it('queues scheduled retraining when it is due, once, whatever the number of sweeps', async () => {
    const datasetId = await marketDataset('scheduled');
    const other = await marketDataset('unscheduled');
    const now = new Date();
    await setRetrainSchedule(t.db, org.organizationId, datasetId, 'weekly');
    // Set now: the first run is a week away.
    expect(await queueDueRetrains(t.db, worker.queue, now)).toEqual([]);
    const inEightDays = new Date(now.getTime() + 8 * 86_400_000);
    const [queued, ...rest] = await queueDueRetrains(t.db, worker.queue, inEightDays);
    expect(rest).toEqual([]);
    expect(await queueDueRetrains(t.db, worker.queue, inEightDays)).toEqual([]);
    const job = await waitFor(queued!, finished);
    expect(job).toMatchObject({ status: 'succeeded', trigger: 'schedule', datasetId });
    const inSixteenDays = new Date(now.getTime() + 16 * 86_400_000);
    expect(await queueDueRetrains(t.db, worker.queue, inSixteenDays)).toHaveLength(1);
    expect((await listModels(t.db, org.organizationId, other)).length).toBe(0);
  });

  it('keeps the newest versions and the pinned one, and shows the pinned one', async () => {
    const datasetId = await marketDataset('history');
    for (let i = 0; i < 7; i++) {
      const { job } = await requestJob(t.db, { ...org, datasetId, task: 'forecast', params: {} });
      await saveModelResult(t.db, {
        jobId: job.id,
        task: 'forecast',
        chosen: 'ets',
        backend: 'cpu',
        metrics: {},
        params: {},
      });
    }
    await pinModel(t.db, org.organizationId, datasetId, 'forecast', 2);
    expect(await pruneModels(t.db, datasetId, 'forecast', 5)).toBe(1);
    const versions = (await listModels(t.db, org.organizationId, datasetId)).map((m) => [
      m.version,
      m.pinned,
    ]);
    expect(versions).toEqual([
      [7, false],
      [6, false],
      [5, false],
      [4, false],
      [3, false],
      [2, true],
    ]);
    expect((await latestForecast(t.db, org.organizationId, datasetId))?.version).toBe(2);
    await pinModel(t.db, org.organizationId, datasetId, 'forecast', null);
    expect((await latestForecast(t.db, org.organizationId, datasetId))?.version).toBe(7);
    await expect(pinModel(t.db, org.organizationId, datasetId, 'forecast', 1)).rejects.toThrow(
      /not found/,
    );
  });
});
