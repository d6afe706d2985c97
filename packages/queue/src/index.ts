export {
  ALERT_SWEEP_CRON,
  RETRAIN_SWEEP_CRON,
  WEBHOOK_TRIES,
  WEEKLY_DIGEST_CRON,
  jobDefinitions,
  trainingJobs,
  trainingTasksFor,
  type JobName,
  type JobPayload,
  type TrainableTask,
  type TrainingJobName,
} from './definitions';
export { enqueueTraining, startTrainingJob, type JobSender } from './enqueue';
export { startQueue, type QueueClient, type RetryNowOutcome, type SendOptions } from './queue';
export {
  NotEnoughDataError,
  readinessOf,
  taskMinimum,
  taskReadiness,
  type Readiness,
} from './readiness';
