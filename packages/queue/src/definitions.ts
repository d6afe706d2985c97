import { z } from 'zod';

/**
 * The job catalogue shared by web (which sends) and trainer (which works): one entry per job
 * with its payload schema and queue policy. The payload only points at the `training_jobs` row;
 * everything else the trainer reads from the database.
 */
const trainingPolicy = {
  retryLimit: 2,
  retryDelay: 5,
  retryBackoff: true,
  // A trainer that dies mid-job stops sending heartbeats; after this the job is retried.
  heartbeatSeconds: 30,
  expireInSeconds: 60 * 60,
} as const;

export const jobDefinitions = {
  trainChurn: {
    queue: 'train-churn',
    schema: z.object({ jobId: z.string().uuid() }),
    policy: trainingPolicy,
  },
  trainRecommend: {
    queue: 'train-recommend',
    schema: z.object({ jobId: z.string().uuid() }),
    policy: trainingPolicy,
  },
  trainRisk: {
    queue: 'train-risk',
    schema: z.object({ jobId: z.string().uuid() }),
    policy: trainingPolicy,
  },
  trainForecast: {
    queue: 'train-forecast',
    schema: z.object({ jobId: z.string().uuid() }),
    policy: trainingPolicy,
  },
} as const;

export type JobName = keyof typeof jobDefinitions;

/** The queue job that trains each task, and the kinds of dataset it trains on. */
export const trainingJobs = {
  forecast: { job: 'trainForecast', datasetKinds: ['market'] },
  risk: { job: 'trainRisk', datasetKinds: ['financials'] },
  churn: { job: 'trainChurn', datasetKinds: ['customers', 'events'] },
  recommend: { job: 'trainRecommend', datasetKinds: ['events'] },
} as const satisfies Record<string, { job: JobName; datasetKinds: readonly string[] }>;

export type TrainableTask = keyof typeof trainingJobs;
export type JobPayload<N extends JobName> = z.infer<(typeof jobDefinitions)[N]['schema']>;
