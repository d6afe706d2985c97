// Training throughput: `jobs` small training jobs (churn and recommendations over small event
// logs on the engine under test) queued with startTrainingJob and worked by 1, then 2, real
// trainer processes (apps/trainer/src/main.ts, each with its own FORESIGHT_WORKER_ID) against the
// same database. Jobs/hour from the first job queued to the last one finished.
import type { DbHandle, EventRow } from '@foresight/db';
import { eventsLines } from '@foresight/sample-data';
// Not a dependency of the root package: its source by path (its own dependencies resolve from it).
import { startQueue, startTrainingJob, type QueueClient } from '../../packages/queue/src/index';
import path from 'node:path';
import type { EventsEngine, EventsEngines } from '@foresight/events';
import { LOG_DAYS, SEED } from './generate';
import { storeRows } from './load';
import { root, samplePeakRss, startTsx, type Child } from './processes';

export interface ThroughputRun {
  trainers: number;
  jobs: number;
  succeeded: number;
  failed: number;
  /** First job queued to the last one finished, s. */
  seconds: number;
  jobsPerHour: number;
  /** Mean time a job ran (started to finished), s. */
  meanJobSeconds: number;
  /** Peak resident memory of each trainer process, MB. */
  trainerPeakRssMb: number[];
  errors: string[];
}

const TASKS = ['churn', 'recommend'] as const;

/** `count` small event logs (about `events` events each, different users) stored on `engine`. */
export async function smallDatasets(
  engines: EventsEngines,
  engine: EventsEngine,
  db: DbHandle,
  organizationId: string,
  count: number,
  events: number,
): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    // ~13 events per user over a year in the sample's log.
    const users = Math.max(200, Math.round(events / 13));
    async function* batches(): AsyncGenerator<EventRow[]> {
      let batch: EventRow[] = [];
      let header = true;
      for (const line of eventsLines(SEED + 1 + i, users, { days: LOG_DAYS })) {
        if (header) {
          header = false;
          continue;
        }
        const [userId, at, eventName, itemId, value] = line.split(',');
        batch.push({
          userId: userId!,
          occurredAt: `${at!.slice(0, 19)}.000Z`,
          eventName: eventName || null,
          itemId: itemId || null,
          value: value ? Number(value) : null,
        });
        if (batch.length >= 10_000) {
          yield batch;
          batch = [];
        }
      }
      if (batch.length) yield batch;
    }
    const { id } = await storeRows(
      engines,
      db,
      organizationId,
      `bench-scale small ${i + 1}`,
      batches(),
    );
    await engine.refresh({ organizationId, datasetId: id });
    ids.push(id);
  }
  return ids;
}

export interface ThroughputSetup {
  db: DbHandle;
  databaseUrl: string;
  organizationId: string;
  datasetIds: string[];
  jobs: number;
  /** Environment every trainer gets (the chDB server's settings, a data directory). */
  env: Record<string, string>;
  timeoutMinutes: number;
  log: (line: string) => void;
}

async function startTrainers(setup: ThroughputSetup, count: number): Promise<Child[]> {
  const trainers = Array.from({ length: count }, (_, i) =>
    startTsx(`trainer-${i + 1}`, 'src/main.ts', {
      cwd: path.join(root, 'apps/trainer'),
      env: {
        ...setup.env,
        DATABASE_URL: setup.databaseUrl,
        FORESIGHT_WORKER_ID: `bench-scale:trainer-${i + 1}`,
        FORESIGHT_TRAINER_CONCURRENCY: '1',
        FORESIGHT_SHUTDOWN_GRACE_SECONDS: '5',
      },
    }),
  );
  try {
    await Promise.all(trainers.map((t) => t.waitForLine(/listening on queues/, 180_000)));
  } catch (error) {
    await Promise.all(trainers.map((t) => t.stop(5_000)));
    throw error;
  }
  return trainers;
}

/** Queues the jobs, waits until every one has finished; the figures of the run. */
export async function measureThroughput(
  setup: ThroughputSetup,
  queue: QueueClient,
  trainerCount: number,
): Promise<ThroughputRun> {
  const { db, log } = setup;
  const trainers = await startTrainers(setup, trainerCount);
  const samplers = trainers.map((t) => samplePeakRss(t.process.pid!, 500));
  let run: ThroughputRun;
  try {
    const jobIds: string[] = [];
    for (let i = 0; i < setup.jobs; i++) {
      const job = await startTrainingJob({
        db,
        queue,
        organizationId: setup.organizationId,
        userId: null,
        datasetId: setup.datasetIds[Math.floor(i / TASKS.length) % setup.datasetIds.length]!,
        task: TASKS[i % TASKS.length]!,
        params: {},
      });
      jobIds.push(job.id);
    }
    const deadline = Date.now() + setup.timeoutMinutes * 60_000;
    for (;;) {
      const { rows } = await db.pool.query<{ open: number }>(
        `SELECT count(*)::int AS open FROM training_jobs WHERE id = ANY($1::uuid[]) AND status IN ('queued', 'running')`,
        [jobIds],
      );
      if (rows[0]!.open === 0) break;
      const dead = trainers.find(
        (t) => t.process.exitCode !== null || t.process.signalCode !== null,
      );
      if (dead) throw new Error(`${dead.name} exited during the run\n${dead.tail()}`);
      if (Date.now() > deadline) {
        throw new Error(
          `${rows[0]!.open} of ${jobIds.length} jobs still open after ${setup.timeoutMinutes} min`,
        );
      }
      await new Promise((r) => setTimeout(r, 500));
    }
    const { rows } = await db.pool.query<{
      succeeded: number;
      failed: number;
      seconds: number;
      mean: number | null;
      errors: string[] | null;
    }>(
      `SELECT count(*) FILTER (WHERE status = 'succeeded')::int AS succeeded,
              count(*) FILTER (WHERE status <> 'succeeded')::int AS failed,
              extract(epoch FROM max(finished_at) - min(created_at))::float8 AS seconds,
              avg(extract(epoch FROM finished_at - started_at))::float8 AS mean,
              array_agg(DISTINCT task || ': ' || error) FILTER (WHERE error IS NOT NULL) AS errors
       FROM training_jobs WHERE id = ANY($1::uuid[])`,
      [jobIds],
    );
    const r = rows[0]!;
    run = {
      trainers: trainerCount,
      jobs: jobIds.length,
      succeeded: r.succeeded,
      failed: r.failed,
      seconds: r.seconds,
      jobsPerHour: (r.succeeded / r.seconds) * 3600,
      meanJobSeconds: r.mean ?? 0,
      trainerPeakRssMb: [],
      errors: r.errors ?? [],
    };
    log(
      `${trainerCount} trainer(s): ${r.succeeded}/${jobIds.length} jobs in ${r.seconds.toFixed(1)} s → ${run.jobsPerHour.toFixed(0)} jobs/hour`,
    );
  } finally {
    await Promise.all(trainers.map((t) => t.stop(30_000)));
  }
  run.trainerPeakRssMb = samplers.map((s) => Math.round(s.stop() ?? 0));
  return run;
}

/** Throughput with 1 trainer, then with 2, on the same datasets. */
export async function throughput(setup: ThroughputSetup): Promise<ThroughputRun[]> {
  const queue = await startQueue(setup.databaseUrl, { role: 'sender' });
  try {
    const runs: ThroughputRun[] = [];
    for (const trainers of [1, 2]) runs.push(await measureThroughput(setup, queue, trainers));
    return runs;
  } finally {
    await queue.stop();
  }
}
