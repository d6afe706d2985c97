import { finishStoredImport, refreshDatasetProfile, type UploadRecord } from '@foresight/db';
import { NotEnoughDataError, startTrainingJob, trainingTasksFor } from '@foresight/queue';
import type { ImportDeps } from './run-import';

/**
 * After an upload's rows are stored: queues each task the data feeds (or says why the data is
 * not enough for it), the behaviour analytics of an event log, and the dataset's profile; then
 * marks the import finished. Safe to run again after a crash: a training job already queued for
 * the dataset and task is returned rather than queued twice.
 */
export async function finishImport(deps: ImportDeps, upload: UploadRecord): Promise<void> {
  const { db } = deps;
  const datasetId = upload.datasetId!;
  const roles = (upload.importRequest as { roles?: object } | null)?.roles ?? {};
  const jobIds: string[] = [];
  const notReady: string[] = [];
  let message: string | null = null;
  try {
    for (const task of trainingTasksFor(upload.kind!, { roles })) {
      try {
        const job = await startTrainingJob({
          db,
          queue: deps.queue,
          organizationId: upload.organizationId,
          userId: upload.createdById,
          datasetId,
          task,
          params: {},
          trigger: 'upload',
        });
        jobIds.push(job.id);
      } catch (error) {
        // Too little data for this task: say so now instead of queueing a job that would fail.
        if (!(error instanceof NotEnoughDataError)) throw error;
        notReady.push(error.message);
      }
    }
    if (notReady.length > 0)
      message = `Not trained yet: ${notReady.join(' ')} Add more data and upload again (append).`;
    // New actuals can breach a forecast or a threshold before any retraining; an event log's
    // rules are evaluated once its behaviour aggregates are rebuilt (the refresh job sends it).
    if (upload.kind === 'events') await deps.queue.send('refreshAnalytics', { datasetId });
    else
      await deps.queue.send('evaluateAlerts', {
        organizationId: upload.organizationId,
        datasetId,
        reason: 'upload',
      });
  } catch (error) {
    deps.log?.(`queueing training for dataset ${datasetId} failed`, error);
    message =
      'The data is stored, but training could not be queued; start it from the results page';
  }
  await finishStoredImport(db, upload.id, { message, jobIds });
  // An event log's profile is computed by its engine in the refresh job, with its aggregates.
  if (upload.kind === 'events') return;
  await refreshDatasetProfile(db, upload.organizationId, datasetId).catch((error: unknown) =>
    deps.log?.(`profile of dataset ${datasetId} failed`, error),
  );
}
