import { failJob, startJob, type DbHandle, type JobForTrainer } from '@foresight/db';
import {
  ChurnInputError,
  ForecastInputError,
  RecommendInputError,
  RiskInputError,
} from '@foresight/ml-core';
import { jobDefinitions, startQueue, type JobName, type QueueClient } from '@foresight/queue';
import { runChurnJob } from './churn-job';
import { runForecastJob } from './forecast-job';
import { runRecommendJob } from './recommend-job';
import { runRiskJob } from './risk-job';

export interface Worker {
  queue: QueueClient;
  stop(): Promise<void>;
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

/**
 * Takes training jobs from the Postgres queue and runs them. pg-boss gives each job to one
 * worker at a time; a worker that dies stops heart-beating and the job is retried elsewhere.
 */
export async function startWorker(options: {
  databaseUrl: string;
  db: DbHandle;
  backend: string;
  concurrency: number;
  log: (line: string) => void;
  epochs?: number;
}): Promise<Worker> {
  const { db, log } = options;
  const queue = await startQueue(options.databaseUrl, {
    role: 'worker',
    onError: (e) => log(`queue error: ${e.message}`),
  });
  const extra = options.epochs ? { epochs: options.epochs } : {};
  const runners = {
    trainChurn: (job: JobForTrainer) =>
      runChurnJob({ db, job, backend: options.backend, log, ...extra }),
    trainRecommend: (job: JobForTrainer) =>
      runRecommendJob({ db, job, backend: options.backend, log, ...extra }),
    trainForecast: (job: JobForTrainer) =>
      runForecastJob({
        db,
        job,
        backend: options.backend,
        log,
        ...(options.epochs ? { epochs: options.epochs } : {}),
      }),
    trainRisk: (job: JobForTrainer) =>
      runRiskJob({
        db,
        job,
        backend: options.backend,
        log,
        ...(options.epochs ? { epochs: options.epochs } : {}),
      }),
  } satisfies Record<JobName, (job: JobForTrainer) => Promise<unknown>>;

  for (const name of Object.keys(runners) as JobName[]) {
    const def = jobDefinitions[name];
    await queue.boss.work<unknown>(
      def.queue,
      { batchSize: 1, localConcurrency: options.concurrency, pollingIntervalSeconds: 1 },
      async ([item]) => {
        if (!item) return;
        const payload = def.schema.parse(item.data);
        const job = await startJob(db, payload.jobId);
        if (!job) {
          log(`job ${payload.jobId}: nothing to do (cancelled or already finished)`);
          return;
        }
        const lastAttempt = item.retryCount >= def.policy.retryLimit;
        log(
          `job ${job.id}: ${job.task} for dataset ${job.datasetId}, attempt ${item.retryCount + 1}`,
        );
        try {
          await runners[name](job);
        } catch (error) {
          if (isUserFacing(error)) {
            log(`job ${job.id}: failed: ${error.message}`);
            await failJob(db, job.id, error.message);
            return;
          }
          log(
            `job ${job.id}: attempt ${item.retryCount + 1} crashed: ${(error as Error).stack ?? String(error)}`,
          );
          if (lastAttempt) {
            await failJob(
              db,
              job.id,
              `Training failed after ${item.retryCount + 1} attempts: ${(error as Error).message}`,
            );
          }
          throw error;
        }
      },
    );
  }
  log(
    `listening on queues ${Object.keys(runners)
      .map((n) => jobDefinitions[n as JobName].queue)
      .join(', ')} (concurrency ${options.concurrency})`,
  );
  return { queue, stop: () => queue.stop() };
}
