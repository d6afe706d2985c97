import { requireDatasetOfKind } from '@foresight/db';
import { enqueueTraining, trainingJobs } from '@foresight/queue';
import { NotEnoughDataError, taskReadiness } from './task-readiness';

/**
 * Queues training of a task on a dataset (an already queued run is returned), after checking the
 * data is enough for it: a job that cannot succeed is refused with the reason instead of queued.
 */
export async function startTrainingJob(options: Parameters<typeof enqueueTraining>[0]) {
  const { db, organizationId, datasetId, task } = options;
  await requireDatasetOfKind(db, organizationId, datasetId, trainingJobs[task].datasetKinds);
  const readiness = await taskReadiness(
    options.db,
    options.organizationId,
    options.datasetId,
    options.task,
    options.params,
  );
  if (!readiness.ready) throw new NotEnoughDataError(readiness.reason);
  return enqueueTraining(options);
}
