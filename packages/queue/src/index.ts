export { jobDefinitions, type JobName, type JobPayload } from './definitions';
export { startQueue, type QueueClient } from './queue';
