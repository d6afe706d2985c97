import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import {
  SupersededAttemptError,
  cancelRequested,
  claimDueRetrains,
  failJob,
  markJobCancelled,
  pruneModels,
  recordJobPeakRss,
  requeueJob,
  startJob,
  takeLostJobs,
  type DbHandle,
  type JobForTrainer,
  type LostJob,
} from '@foresight/db';
import { readDbEnv } from '@foresight/db/env';
import { postgresEngines, type EventsEngines } from '@foresight/events';
import {
  failAbandonedImports,
  handleImportJob,
  localUploadStorage,
  resumeLostImports,
  type UploadFiles,
} from '@foresight/imports';
import {
  ChurnInputError,
  ForecastInputError,
  RecommendInputError,
  RiskInputError,
} from '@foresight/ml-core';
import {
  RETRAIN_SWEEP_CRON,
  enqueueTraining,
  jobDefinitions,
  startQueue,
  trainingJobs,
  trainingTasksFor,
  type JobName,
  type JobSender,
  type QueueClient,
  type TrainingJobName,
} from '@foresight/queue';
import { startAlertWork, type AlertSettings } from './alert-work';
import { runChurnJob } from './churn-job';
import { runForecastJob } from './forecast-job';
import type { TaskJobOptions } from './job-progress';
import { estimateJobMemory, tooLargeMessage, trackPeakRss } from './memory-guard';
import { runRecommendJob } from './recommend-job';
import { runRiskJob } from './risk-job';

export interface Worker {
  queue: QueueClient;
  /** This process's worker id, recorded on the jobs it runs. */
  workerId: string;
  /** Stops taking jobs; running ones get `graceSeconds` to finish, then are stopped and re-queued. */
  stop(graceSeconds?: number): Promise<void>;
}

export interface WorkerOptions {
  databaseUrl: string;
  db: DbHandle;
  backend: string;
  concurrency: number;
  log: (line: string) => void;
  epochs?: number;
  /** Estimated memory a job may need before it is refused (default 4096 MB). */
  maxJobMemoryMb?: number;
  /** Model versions kept per dataset and task (default 5). */
  keepModelVersions?: number;
  /** Queue policy overrides (tests shorten the heartbeat to find a dead trainer sooner). */
  queuePolicy?: { heartbeatSeconds?: number; retryDelay?: number };
  /** How often to look for jobs of dead trainers (seconds). */
  superviseSeconds?: number;
  /** How often a running job checks for cancellation when it writes no progress. */
  cancelPollMs?: number;
  /** Where uploaded files are read from (default: the data directory's `uploads/`, as the web app). */
  files?: UploadFiles;
  /** Where events datasets live (default: PostgreSQL only). */
  events?: EventsEngines;
  /** Imports this process runs at once, beside training (default 1). */
  importConcurrency?: number;
  /** Evaluate alerts and deliver notifications with these settings (absent: this trainer does not). */
  alerts?: AlertSettings;
  /**
   * Stable identity of this trainer, one live process at a time (FORESIGHT_WORKER_ID). Jobs
   * still running under it at start were its dead predecessor's: they are resumed at once.
   * Default: unique per process (a dead process's jobs then wait for the heartbeat timeout).
   */
  workerId?: string;
}

/** Problems with the founder's data: retrying cannot help, so the job fails at once with the reason. */
function isUserFacing(error: unknown): error is Error {
  return (
    error instanceof ForecastInputError ||
    error instanceof RiskInputError ||
    error instanceof ChurnInputError ||
    error instanceof RecommendInputError
  );
}

/** Why a running job was stopped before it finished. */
class JobStop extends Error {
  constructor(readonly reason: 'cancelled' | 'shutdown') {
    super(reason === 'cancelled' ? 'Cancelled' : 'The trainer is shutting down');
    this.name = 'JobStop';
  }
}

const runners: Record<TrainingJobName, (options: TaskJobOptions) => Promise<unknown>> = {
  trainChurn: runChurnJob,
  trainRecommend: runRecommendJob,
  trainForecast: runForecastJob,
  trainRisk: runRiskJob,
};

/**
 * Queues the scheduled retraining that is due (claimed atomically, so several trainers sweeping
 * at once queue each once); returns the jobs queued.
 */
export async function queueDueRetrains(
  db: DbHandle,
  queue: JobSender,
  now: Date = new Date(),
): Promise<string[]> {
  const jobIds: string[] = [];
  for (const dataset of await claimDueRetrains(db, now)) {
    for (const task of trainingTasksFor(dataset.kind, dataset.columnMapping)) {
      const job = await enqueueTraining({
        db,
        queue,
        organizationId: dataset.organizationId,
        userId: null,
        datasetId: dataset.id,
        task,
        params: {},
        trigger: 'schedule',
      });
      jobIds.push(job.id);
    }
  }
  return jobIds;
}

type LostOutcome = 'resuming' | 'failed' | 'requeued' | 'superseded';

/**
 * Resumes, at once, the jobs a dead predecessor under the same worker id was running (rather
 * than after the heartbeat timeout): their pg-boss job is failed now — a retry, counted against
 * the queue's retry limit like any crash, made due immediately — and the retry takes the job
 * over (`startJob`, same queue job id) as attempt n + 1 on whichever trainer gets it. A job that
 * has used up its retries is failed with the reason. Returns what happened to each, for the log.
 */
export async function resumeLostJobs(
  db: DbHandle,
  queue: QueueClient,
  workerId: string,
): Promise<{ job: LostJob; outcome: LostOutcome }[]> {
  const results: { job: LostJob; outcome: LostOutcome }[] = [];
  for (const job of await takeLostJobs(db, workerId)) {
    const name = trainingJobs[job.task].job;
    const state = job.queueJobId
      ? await queue.retryNow(name, job.queueJobId, 'the trainer running it died')
      : 'gone';
    if (state === 'resuming') {
      results.push({ job, outcome: 'resuming' });
    } else if (state === 'failed') {
      await failJob(
        db,
        job.id,
        `The trainer running this job died on each of its ${job.attempt} attempts (killed, or out of memory); it was not retried again.`,
        job.attempt,
      );
      results.push({ job, outcome: 'failed' });
    } else {
      // No live queue job for it (completed, cancelled or deleted): queue it afresh.
      const result = await requeueJob(db, job.id, job.attempt, 'the trainer running it died');
      if (result === 'requeued') await queue.send(name, { jobId: job.id });
      results.push({ job, outcome: result });
    }
  }
  return results;
}

/**
 * Takes training jobs from the Postgres queue and runs them. pg-boss gives each job to one
 * worker at a time; a worker that dies stops heart-beating and the job is retried elsewhere.
 * Every job: validated payload → claimed (one run per dataset and task at a time) → memory
 * guard → training with progress, curve and cancellation → result in one transaction → pruning.
 */
export async function startWorker(options: WorkerOptions): Promise<Worker> {
  const { db, log } = options;
  const events = options.events ?? postgresEngines(db);
  const queue = await startQueue(options.databaseUrl, {
    role: 'worker',
    onError: (e) => log(`queue error: ${e.message}`),
    ...(options.queuePolicy ? { policy: options.queuePolicy } : {}),
    ...(options.superviseSeconds ? { superviseSeconds: options.superviseSeconds } : {}),
  });
  const running = new Map<string, AbortController>();
  let stopping = false;
  const workerId =
    options.workerId ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  // Before taking any work: anything still running under this id is a dead predecessor's.
  for (const { job, outcome } of await resumeLostJobs(db, queue, workerId)) {
    log(
      `job ${job.id}: its trainer (${workerId}) died during attempt ${job.attempt}; ${
        outcome === 'resuming'
          ? `resuming it now as attempt ${job.attempt + 1}`
          : outcome === 'requeued'
            ? 'queued again'
            : outcome === 'superseded'
              ? 'superseded by a newer request'
              : 'failed: no retries left'
      }`,
    );
  }

  const imports = startImports(queue, options, workerId, events);
  await imports.resumeLost();

  async function runTraining(
    name: keyof typeof runners,
    queueJobId: string,
    data: unknown,
    retryCount: number,
  ) {
    const def = jobDefinitions[name];
    const payload = def.schema.parse(data);
    const outcome = await startJob(db, payload.jobId, queueJobId, workerId);
    if ('skip' in outcome) {
      log(`job ${payload.jobId}: nothing to do (cancelled, finished or taken by another run)`);
      return;
    }
    if ('busy' in outcome) {
      // Another run of this dataset's task is in progress: look again shortly.
      await queue.send(name, payload, { startAfterSeconds: 15 });
      log(`job ${payload.jobId}: waiting for the running ${name} of its dataset`);
      return;
    }
    const job: JobForTrainer = outcome.started;
    log(`job ${job.id}: ${job.task} for dataset ${job.datasetId}, attempt ${job.attempt}`);

    const limitMb = options.maxJobMemoryMb ?? 4096;
    const estimate = await estimateJobMemory(db, job);
    if (estimate.neededMb > limitMb) {
      const message = tooLargeMessage(job, estimate, limitMb);
      log(`job ${job.id}: refused: ${message}`);
      await failJob(db, job.id, message, job.attempt);
      return;
    }

    const controller = new AbortController();
    running.set(job.id, controller);
    const stop = (reason: 'cancelled' | 'shutdown') => {
      if (!controller.signal.aborted) controller.abort(new JobStop(reason));
    };
    const poll = setInterval(() => {
      cancelRequested(db, job.id)
        .then((yes) => yes && stop('cancelled'))
        .catch(() => {});
    }, options.cancelPollMs ?? 2000);
    const memory = trackPeakRss();
    try {
      await runners[name]({
        db,
        job,
        events,
        backend: options.backend,
        log,
        signal: controller.signal,
        onCancelRequested: () => stop('cancelled'),
        ...(options.epochs ? { epochs: options.epochs } : {}),
      });
    } catch (error) {
      const stopped = controller.signal.aborted ? (controller.signal.reason as JobStop) : null;
      if (stopped?.reason === 'cancelled') {
        log(`job ${job.id}: cancelled`);
        await markJobCancelled(db, job.id, job.attempt);
        return;
      }
      if (stopped?.reason === 'shutdown') {
        const result = await requeueJob(db, job.id, job.attempt, 'the trainer shut down');
        if (result === 'requeued') await queue.send(name, payload);
        log(`job ${job.id}: stopped for shutdown, ${result}`);
        return;
      }
      if (error instanceof SupersededAttemptError) {
        log(`job ${job.id}: ${error.message}`);
        return;
      }
      if (isUserFacing(error)) {
        log(`job ${job.id}: failed: ${error.message}`);
        await failJob(db, job.id, error.message, job.attempt);
        return;
      }
      log(
        `job ${job.id}: attempt ${job.attempt} crashed: ${(error as Error).stack ?? String(error)}`,
      );
      if (retryCount >= def.policy.retryLimit) {
        await failJob(
          db,
          job.id,
          `Training failed after ${job.attempt} attempts: ${(error as Error).message}`,
          job.attempt,
        );
      } else {
        // pg-boss retries this queue job; the retry takes over the running row (startJob).
      }
      throw error;
    } finally {
      clearInterval(poll);
      running.delete(job.id);
      await recordJobPeakRss(db, job.id, memory.stop()).catch(() => {});
    }
    await afterSuccess(job);
  }

  /** Once a job's result is stored: prune old versions, and check the alerts on the new model. */
  async function afterSuccess(job: JobForTrainer) {
    const pruned = await pruneModels(db, job.datasetId, job.task, options.keepModelVersions ?? 5);
    if (pruned) log(`job ${job.id}: pruned ${pruned} old ${job.task} model version(s)`);
    const scope = { organizationId: job.organizationId, datasetId: job.datasetId };
    await queue
      .send('evaluateAlerts', { ...scope, reason: 'training' })
      .catch((error: unknown) =>
        log(`job ${job.id}: queueing alert evaluation failed: ${String(error)}`),
      );
  }

  for (const name of Object.keys(runners) as (keyof typeof runners)[]) {
    await queue.boss.work<unknown>(
      jobDefinitions[name].queue,
      { batchSize: 1, localConcurrency: options.concurrency, pollingIntervalSeconds: 1 },
      async ([item]) => {
        if (!item || stopping) return;
        await runTraining(name, item.id, item.data, item.retryCount);
      },
    );
  }
  await queue.boss.work<unknown>(
    jobDefinitions.refreshAnalytics.queue,
    { batchSize: 1, pollingIntervalSeconds: 1 },
    async ([item]) => {
      if (!item) return;
      const { datasetId } = jobDefinitions.refreshAnalytics.schema.parse(item.data);
      const started = Date.now();
      if (!(await events.refreshDataset(datasetId))) return;
      log(`analytics of dataset ${datasetId} rebuilt in ${Date.now() - started} ms`);
      await queue.send('evaluateAlerts', { organizationId: null, datasetId, reason: 'upload' });
    },
  );
  await imports.listen();
  if (options.alerts) await startAlertWork(queue, db, options.alerts, log);
  await queue.boss.work(
    jobDefinitions.retrainDue.queue,
    { pollingIntervalSeconds: 5 },
    async () => {
      const queued = await queueDueRetrains(db, queue);
      if (queued.length) log(`scheduled retraining: queued ${queued.length} job(s)`);
    },
  );
  await queue.boss.schedule(jobDefinitions.retrainDue.queue, RETRAIN_SWEEP_CRON, {}, { tz: 'UTC' });
  log(
    `listening on queues ${Object.keys(runners)
      .map((n) => jobDefinitions[n as JobName].queue)
      .join(', ')} (concurrency ${options.concurrency}); retrain sweep ${RETRAIN_SWEEP_CRON}`,
  );

  return {
    queue,
    workerId,
    async stop(graceSeconds = 20) {
      stopping = true;
      for (const name of Object.keys(jobDefinitions) as JobName[]) {
        await queue.boss.offWork(jobDefinitions[name].queue, { wait: false }).catch(() => {});
      }
      const busy = () => running.size + imports.running.size;
      const deadline = Date.now() + graceSeconds * 1000;
      while (busy() > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      if (busy() > 0) {
        log(`stopping ${busy()} running job(s); they go back to the queue`);
        for (const controller of [...running.values(), ...imports.running])
          controller.abort(new JobStop('shutdown'));
        const until = Date.now() + 30_000;
        while (busy() > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
      }
      imports.stop();
      await queue.stop();
    },
  };
}

/** How often a trainer deletes the ClickHouse rows of imports killed mid-load (a table scan). */
const ORPHAN_SWEEP_MS = 60 * 60 * 1000;

/**
 * The import side of a trainer: resumes the imports a dead predecessor under the same worker id
 * was running, takes `importUpload` jobs (beside training, so an import never waits behind a
 * long training run), and periodically fails imports whose queue job gave up with no trainer
 * left to say so (and, hourly, deletes the engine rows of imports killed mid-load).
 */
function startImports(
  queue: QueueClient,
  options: WorkerOptions,
  workerId: string,
  events: EventsEngines,
) {
  const { log } = options;
  const deps = {
    db: options.db,
    events,
    queue,
    files: options.files ?? {
      storage: localUploadStorage(readDbEnv().FORESIGHT_DATA_DIR),
      maxBytes: 0,
    },
    log: (message: string, error?: unknown) =>
      log(error ? `${message}: ${(error as Error).stack ?? String(error)}` : message),
  };
  const running = new Set<AbortController>();
  let orphansSweptAt = 0;
  const sweepOrphans = async () => {
    if (Date.now() - orphansSweptAt < ORPHAN_SWEEP_MS) return;
    orphansSweptAt = Date.now();
    try {
      const loads = await events.sweepOrphanedLoads();
      if (loads) log(`deleted the rows of ${loads} load(s) never committed (killed imports)`);
    } catch (error) {
      log(`deleting the rows of killed imports failed (retried in an hour): ${String(error)}`);
    }
  };
  const sweep = async () => {
    for (const id of await failAbandonedImports(deps))
      log(`import of upload ${id}: abandoned (no tries left)`);
    await sweepOrphans();
  };
  let timer: NodeJS.Timeout | null = null;
  return {
    running,
    async resumeLost() {
      for (const { uploadId, outcome } of await resumeLostImports(deps, workerId))
        log(`import of upload ${uploadId}: its trainer (${workerId}) died; ${outcome}`);
      await sweep();
      timer = setInterval(
        () => void sweep().catch(() => {}),
        (options.superviseSeconds ?? 30) * 1000,
      );
    },
    async listen() {
      await queue.boss.work<unknown>(
        jobDefinitions.importUpload.queue,
        {
          batchSize: 1,
          localConcurrency: options.importConcurrency ?? 1,
          pollingIntervalSeconds: 1,
        },
        async ([item]) => {
          if (!item) return;
          const controller = new AbortController();
          running.add(controller);
          try {
            const started = Date.now();
            const result = await handleImportJob(deps, item, {
              workerId,
              signal: controller.signal,
            });
            log(`import job ${item.id}: ${result} in ${Date.now() - started} ms`);
          } finally {
            running.delete(controller);
          }
        },
      );
    },
    stop() {
      if (timer) clearInterval(timer);
    },
  };
}
