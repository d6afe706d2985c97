import {
  createJob,
  failJob,
  requireDatasetOfKind,
  type DbHandle,
  type JobView,
} from '@foresight/db';
import { trainingJobs, type TrainableTask } from '@foresight/queue';
import type { JobSender } from '../trpc';

/** Records a training job for a dataset of the task's kind and puts it on the queue. */
export async function startTrainingJob(options: {
  db: DbHandle;
  queue: JobSender;
  organizationId: string;
  userId: string | null;
  datasetId: string;
  task: TrainableTask;
  params: Record<string, unknown>;
}): Promise<JobView> {
  const { db, organizationId, datasetId, task } = options;
  const spec = trainingJobs[task];
  await requireDatasetOfKind(db, organizationId, datasetId, spec.datasetKinds);
  const job = await createJob(db, {
    organizationId,
    datasetId,
    task,
    params: options.params,
    userId: options.userId,
  });
  try {
    await options.queue.send(spec.job, { jobId: job.id });
  } catch (error) {
    await failJob(db, job.id, 'Could not queue the job; please retry.');
    throw error;
  }
  return job;
}
