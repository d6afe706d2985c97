export {
  RETRAIN_SWEEP_CRON,
  jobDefinitions,
  trainingJobs,
  trainingTasksFor,
  type JobName,
  type JobPayload,
  type TrainableTask,
} from './definitions';
export { enqueueTraining, type JobSender } from './enqueue';
export { startQueue, type QueueClient } from './queue';
