import { abandonImport, unfinishedImports } from '@foresight/db';
import { jobDefinitions, type QueueClient } from '@foresight/queue';
import { runImport, type ImportDeps, type ImportResult } from './run-import';

const IMPORT = jobDefinitions.importUpload;

const CRASHED =
  'processing failed unexpectedly on each try; try again, and if it fails again tell us the upload id';
const DIED = 'the trainer importing it died on each try (killed, or out of memory); try again';

/** One run of an `importUpload` queue job, as pg-boss hands it over. */
export interface ImportJob {
  id: string;
  data: unknown;
  retryCount: number;
}

export interface ImportJobOptions {
  workerId: string;
  /** Aborted when the trainer shuts down: the import goes back to the queue. */
  signal?: AbortSignal;
  /** The queue's retry limit (tests shorten it); default the catalogue's. */
  retryLimit?: number;
}

/**
 * Runs an import job: validates the payload, runs the attempt, and decides what a failure means
 * — a shutdown queues the import again, an unexpected error is retried by the queue until its
 * last try, which leaves the upload failed with the reason.
 */
export async function handleImportJob(
  deps: ImportDeps & { queue: QueueClient },
  job: ImportJob,
  options: ImportJobOptions,
): Promise<ImportResult | 'requeued'> {
  const { uploadId } = IMPORT.schema.parse(job.data);
  const runner = { workerId: options.workerId, queueJobId: job.id, signal: options.signal };
  try {
    return await runImport(deps, uploadId, runner);
  } catch (error) {
    if (options.signal?.aborted) {
      await deps.queue.send('importUpload', { uploadId });
      return 'requeued';
    }
    deps.log?.(`import of upload ${uploadId} crashed (try ${job.retryCount + 1})`, error);
    if (job.retryCount >= (options.retryLimit ?? IMPORT.policy.retryLimit))
      await abandonImport(deps.db, uploadId, job.id, CRASHED);
    throw error;
  }
}

export type LostImportOutcome = 'resuming' | 'failed' | 'requeued';

/**
 * Resumes at once the imports a dead predecessor under the same worker id was running (its queue
 * job is retried now rather than after the heartbeat timeout); one that used its last try is
 * failed with the reason.
 */
export async function resumeLostImports(
  deps: ImportDeps & { queue: QueueClient },
  workerId: string,
): Promise<{ uploadId: string; outcome: LostImportOutcome }[]> {
  const results: { uploadId: string; outcome: LostImportOutcome }[] = [];
  for (const lost of await unfinishedImports(deps.db, workerId)) {
    const state = await deps.queue.retryNow('importUpload', lost.queueJobId!, DIED);
    if (state === 'failed') await abandonImport(deps.db, lost.id, lost.queueJobId!, DIED);
    else if (state === 'gone') await deps.queue.send('importUpload', { uploadId: lost.id });
    results.push({
      uploadId: lost.id,
      outcome: state === 'gone' ? 'requeued' : state,
    });
  }
  return results;
}

/**
 * Fails the imports whose queue job gave up without a handler to say so (their trainer died on
 * the last try and no trainer took over under its id); returns their upload ids.
 */
export async function failAbandonedImports(
  deps: ImportDeps & { queue: QueueClient },
): Promise<string[]> {
  const failed: string[] = [];
  for (const open of await unfinishedImports(deps.db, null)) {
    const job = await deps.queue.boss.getJobById(IMPORT.queue, open.queueJobId!).catch(() => null);
    if (job && job.state !== 'failed' && job.state !== 'cancelled') continue;
    await abandonImport(deps.db, open.id, open.queueJobId!, DIED);
    failed.push(open.id);
  }
  return failed;
}
