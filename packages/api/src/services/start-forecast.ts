import {
  createJob,
  failJob,
  requireForecastDataset,
  type DbHandle,
  type JobView,
} from '@foresight/db';
import type { JobSender } from '../trpc';

export interface ForecastParams {
  /** Future periods to forecast; when omitted the trainer picks one from the data's frequency. */
  horizon?: number;
}

/** Records a forecast training job for a market dataset and puts it on the queue. */
export async function startForecastJob(options: {
  db: DbHandle;
  queue: JobSender;
  organizationId: string;
  userId: string | null;
  datasetId: string;
  params: ForecastParams;
}): Promise<JobView> {
  const { db, organizationId, datasetId } = options;
  await requireForecastDataset(db, organizationId, datasetId);
  const job = await createJob(db, {
    organizationId,
    datasetId,
    task: 'forecast',
    params: { ...options.params },
    userId: options.userId,
  });
  try {
    await options.queue.send('trainForecast', { jobId: job.id });
  } catch (error) {
    await failJob(db, job.id, 'Could not queue the job; please retry.');
    throw error;
  }
  return job;
}
