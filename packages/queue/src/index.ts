export {
  jobDefinitions,
  trainingJobs,
  type JobName,
  type JobPayload,
  type TrainableTask,
} from './definitions';
export { startQueue, type QueueClient } from './queue';
