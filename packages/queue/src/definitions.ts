import { z } from 'zod';

/**
 * The job catalogue shared by web (which sends) and trainer (which works): one entry per job
 * with its payload schema and queue policy. The payload only points at the `training_jobs` row;
 * everything else the trainer reads from the database.
 */
export const jobDefinitions = {
  trainForecast: {
    queue: 'train-forecast',
    schema: z.object({ jobId: z.string().uuid() }),
    policy: {
      retryLimit: 2,
      retryDelay: 5,
      retryBackoff: true,
      // A trainer that dies mid-job stops sending heartbeats; after this the job is retried.
      heartbeatSeconds: 30,
      expireInSeconds: 60 * 60,
    },
  },
} as const;

export type JobName = keyof typeof jobDefinitions;
export type JobPayload<N extends JobName> = z.infer<(typeof jobDefinitions)[N]['schema']>;
