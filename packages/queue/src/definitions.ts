import { z } from 'zod';

const ZTrainingPayload = z.object({ jobId: z.string().uuid() });

/** Tries of one webhook delivery before it is marked failed (documented in the webhook guide). */
export const WEBHOOK_TRIES = 6;

/**
 * Queue policy of a training job. A trainer that dies mid-job stops sending heartbeats; after
 * `heartbeatSeconds` pg-boss fails that attempt and retries it (the same queue job, which the
 * trainer lets take over the running training job). `expireInSeconds` is the job's timeout.
 */
function trainingPolicy(timeoutMinutes: number) {
  return {
    retryLimit: 2,
    retryDelay: 5,
    retryBackoff: true,
    heartbeatSeconds: 30,
    expireInSeconds: timeoutMinutes * 60,
  };
}

/**
 * The job catalogue shared by web (which sends) and trainer (which works): one entry per job
 * with its payload schema (checked on send and again when a trainer picks the job up), its
 * timeout and its retry policy. Training payloads only point at the `training_jobs` row;
 * everything else the trainer reads from the database.
 */
export const jobDefinitions = {
  trainForecast: { queue: 'train-forecast', schema: ZTrainingPayload, policy: trainingPolicy(30) },
  trainRisk: { queue: 'train-risk', schema: ZTrainingPayload, policy: trainingPolicy(30) },
  trainChurn: { queue: 'train-churn', schema: ZTrainingPayload, policy: trainingPolicy(60) },
  trainRecommend: {
    queue: 'train-recommend',
    schema: ZTrainingPayload,
    policy: trainingPolicy(60),
  },
  /**
   * Imports an upload with the mapping saved on it: reads the file, stores the rows once, queues
   * training. A trainer that dies mid-import stops heart-beating and the import is retried (the
   * retry takes over as the next attempt; the store is fenced to the live attempt).
   */
  importUpload: {
    queue: 'import-upload',
    schema: z.object({ uploadId: z.string().uuid() }),
    policy: {
      retryLimit: 2,
      retryDelay: 5,
      retryBackoff: true,
      heartbeatSeconds: 30,
      expireInSeconds: 60 * 60,
    },
  },
  /** Rebuilds an events dataset's behaviour-analytics aggregates after a load. */
  refreshAnalytics: {
    queue: 'refresh-analytics',
    schema: z.object({ datasetId: z.string().uuid() }),
    policy: {
      retryLimit: 2,
      retryDelay: 5,
      retryBackoff: true,
      heartbeatSeconds: 30,
      expireInSeconds: 15 * 60,
    },
  },
  /**
   * Evaluates alert rules: of one dataset after an import or a training run, of one organization,
   * or (both null) of every organization, the hourly sweep. Idempotent: a rule fires at most once
   * per period however often this runs.
   */
  evaluateAlerts: {
    queue: 'evaluate-alerts',
    schema: z.object({
      organizationId: z.string().min(1).nullable(),
      datasetId: z.string().uuid().nullable(),
      reason: z.enum(['upload', 'training', 'schedule', 'manual']),
    }),
    policy: {
      retryLimit: 2,
      retryDelay: 5,
      retryBackoff: true,
      heartbeatSeconds: 30,
      expireInSeconds: 10 * 60,
    },
  },
  /**
   * POSTs one notification to one webhook endpoint. A failed try (network error, timeout, non-2xx)
   * is retried with backoff: WEBHOOK_TRIES tries in all over about 10 minutes, then the delivery
   * is marked failed.
   */
  deliverWebhook: {
    queue: 'deliver-webhook',
    schema: z.object({ deliveryId: z.string().uuid() }),
    policy: {
      retryLimit: WEBHOOK_TRIES - 1,
      retryDelay: 10,
      retryBackoff: true,
      heartbeatSeconds: 30,
      expireInSeconds: 5 * 60,
    },
  },
  /** E-mails a notification to the organization's owners and admins (when SMTP is configured). */
  emailNotification: {
    queue: 'email-notification',
    schema: z.object({ notificationId: z.string().uuid() }),
    policy: {
      retryLimit: 3,
      retryDelay: 30,
      retryBackoff: true,
      heartbeatSeconds: 30,
      expireInSeconds: 5 * 60,
    },
  },
  /** Builds and sends each organization's weekly digest; sent by the queue's cron (Mondays). */
  weeklyDigest: {
    queue: 'weekly-digest',
    schema: z.object({}).passthrough(),
    policy: {
      retryLimit: 2,
      retryDelay: 60,
      retryBackoff: true,
      heartbeatSeconds: 30,
      expireInSeconds: 30 * 60,
    },
  },
  /** Queues the scheduled retraining that is due; sent by the queue's cron in every trainer. */
  retrainDue: {
    queue: 'retrain-due',
    schema: z.object({}).passthrough(),
    policy: {
      retryLimit: 0,
      retryDelay: 0,
      retryBackoff: false,
      heartbeatSeconds: 30,
      expireInSeconds: 5 * 60,
    },
  },
} as const;

export type JobName = keyof typeof jobDefinitions;

/** How often trainers look for due scheduled retraining (cron, UTC). */
export const RETRAIN_SWEEP_CRON = '*/10 * * * *';

/** When every organization's alert rules are evaluated besides after uploads and training (cron, UTC). */
export const ALERT_SWEEP_CRON = '17 * * * *';

/** When the weekly digest goes out: Mondays 08:00 UTC. */
export const WEEKLY_DIGEST_CRON = '0 8 * * 1';

/** The tasks: the queue job that trains each, the kinds of dataset it trains on, its name for people. */
export const trainingJobs = {
  forecast: { job: 'trainForecast', datasetKinds: ['market'], label: 'Forecast' },
  risk: { job: 'trainRisk', datasetKinds: ['financials'], label: 'Runway and risk' },
  churn: { job: 'trainChurn', datasetKinds: ['customers', 'events'], label: 'Churn' },
  recommend: { job: 'trainRecommend', datasetKinds: ['events'], label: 'Recommendations' },
} as const satisfies Record<
  string,
  { job: JobName; datasetKinds: readonly string[]; label: string }
>;

export type TrainableTask = keyof typeof trainingJobs;
/** The queue jobs that train a task. */
export type TrainingJobName = (typeof trainingJobs)[TrainableTask]['job'];
export type JobPayload<N extends JobName> = z.infer<(typeof jobDefinitions)[N]['schema']>;

/**
 * The tasks a dataset feeds, from its kind and saved mapping: events train churn, and
 * recommendations when an item column is mapped; customers train churn when a label is mapped.
 */
export function trainingTasksFor(kind: string, mapping: unknown): TrainableTask[] {
  const saved = (mapping ?? {}) as { roles?: Record<string, unknown> } & Record<string, unknown>;
  const roles = saved.roles ?? saved;
  switch (kind) {
    case 'market':
      return ['forecast'];
    case 'financials':
      return ['risk'];
    case 'events':
      return roles.item ? ['churn', 'recommend'] : ['churn'];
    case 'customers':
      return roles.label ? ['churn'] : [];
    default:
      return [];
  }
}
