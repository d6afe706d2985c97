import type { EventsEngines } from '@foresight/events';
import {
  cancelImport,
  claimUploadForIngest,
  getUpload,
  markUploadFailed,
  requireDatasetOfKind,
  type DbHandle,
} from '@foresight/db';
import type { ImportRequest, UploadFiles } from '@foresight/imports';
import { kindIngest, readPlan, type DataKind, type Detection } from '@foresight/ingest';
import { TRPCError } from '@trpc/server';
import type { JobSender } from '../trpc';

/** An import as a procedure receives it: the upload and its confirmed mapping. */
export type IngestRequest<K extends DataKind = DataKind> = ImportRequest<K> & { uploadId: string };

export interface IngestDeps {
  db: DbHandle;
  events: EventsEngines;
  queue: JobSender;
  files: UploadFiles;
  organizationId: string;
  userId: string | null;
  log?: (message: string, error?: unknown) => void;
}

/**
 * Checks an import request against the upload and the mapping rules and claims the upload with
 * its mapping. Everything wrong with the request itself (unknown upload, a role on a missing
 * column or of the wrong type, an import already queued) throws here, before anything is read.
 */
export async function claimImport<K extends DataKind>(
  deps: IngestDeps,
  request: IngestRequest<K>,
): Promise<void> {
  const { db, organizationId } = deps;
  const upload = await getUpload(db, organizationId, request.uploadId);
  const detection = upload.detection as Detection | null;
  if (!detection || upload.sizeBytes === null) {
    throw new TRPCError({ code: 'CONFLICT', message: 'The file has not finished uploading' });
  }
  kindIngest(request.kind, request.roles, readPlan(detection, request.columns));
  if (request.target.mode !== 'new') {
    await requireDatasetOfKind(db, organizationId, request.target.datasetId, request.kind);
  }
  const { uploadId, ...saved } = request;
  const claimed = await claimUploadForIngest(db, organizationId, uploadId, {
    kind: request.kind,
    mode: request.target.mode,
    datasetId: request.target.mode === 'new' ? null : request.target.datasetId,
    request: saved,
  });
  if (!claimed) {
    throw new TRPCError({
      code: 'CONFLICT',
      message:
        upload.status === 'stored'
          ? 'This file is already imported; upload it again to import it once more'
          : 'This file is already being imported',
    });
  }
}

/**
 * Queues the import of a received upload: the trainer reads the file, stores the rows (once,
 * even when it dies and the job is retried) and queues training. Poll the upload for progress.
 */
export async function queueImport<K extends DataKind>(
  deps: IngestDeps,
  request: IngestRequest<K>,
): Promise<void> {
  await claimImport(deps, request);
  try {
    await deps.queue.send('importUpload', { uploadId: request.uploadId });
  } catch (error) {
    deps.log?.(`queueing the import of upload ${request.uploadId} failed`, error);
    await markUploadFailed(
      deps.db,
      request.uploadId,
      'The import could not be queued; nothing was stored. Try again.',
    );
    throw new TRPCError({
      code: 'INTERNAL_SERVER_ERROR',
      message: 'The import could not be queued; try again',
    });
  }
}

/** Cancels a queued or running import; the file stays, to map and import again. */
export async function cancelUploadImport(
  db: DbHandle,
  organizationId: string,
  uploadId: string,
): Promise<void> {
  const upload = await getUpload(db, organizationId, uploadId);
  if (await cancelImport(db, organizationId, uploadId)) return;
  throw new TRPCError({
    code: 'CONFLICT',
    message:
      upload.status === 'stored'
        ? 'The import already finished: its rows are stored'
        : 'This upload has no import in progress',
  });
}
