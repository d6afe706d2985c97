import {
  failJob,
  requireDatasetOfKind,
  requestJob,
  type DbHandle,
  type JobTrigger,
  type JobView,
} from '@foresight/db';
import { trainingJobs, type JobName, type JobPayload, type TrainableTask } from './definitions';
import { NotEnoughDataError, taskReadiness } from './readiness';

export interface JobSender {
  send<N extends JobName>(name: N, payload: JobPayload<N>): Promise<string>;
}

/**
 * Records a training job for a dataset of the task's kind and puts it on the queue, unless the
 * same dataset and task already has one waiting: then that job is returned (no duplicate).
 */
export async function enqueueTraining(options: {
  db: DbHandle;
  queue: JobSender;
  organizationId: string;
  userId: string | null;
  datasetId: string;
  task: TrainableTask;
  params: Record<string, unknown>;
  trigger?: JobTrigger;
}): Promise<JobView> {
  const { db, organizationId, datasetId, task } = options;
  const spec = trainingJobs[task];
  await requireDatasetOfKind(db, organizationId, datasetId, spec.datasetKinds);
  const { job, created } = await requestJob(db, {
    organizationId,
    datasetId,
    task,
    params: options.params,
    userId: options.userId,
    trigger: options.trigger ?? 'manual',
  });
  if (!created) return job;
  try {
    await options.queue.send(spec.job, { jobId: job.id });
  } catch (error) {
    await failJob(db, job.id, 'Could not queue the job; please retry.');
    throw error;
  }
  return job;
}

/**
 * Queues training of a task on a dataset (an already queued run is returned), after checking the
 * data is enough for it: a job that cannot succeed is refused with the reason
 * (`NotEnoughDataError`) instead of queued.
 */
export async function startTrainingJob(options: Parameters<typeof enqueueTraining>[0]) {
  const { db, organizationId, datasetId, task } = options;
  await requireDatasetOfKind(db, organizationId, datasetId, trainingJobs[task].datasetKinds);
  const readiness = await taskReadiness(db, organizationId, datasetId, task, options.params);
  if (!readiness.ready) throw new NotEnoughDataError(readiness.reason);
  return enqueueTraining(options);
}
