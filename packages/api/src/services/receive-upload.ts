import type { Readable } from 'node:stream';
import {
  claimUploadForReceiving,
  createUpload,
  getUpload,
  markUploadFailed,
  markUploadStaged,
  type DbHandle,
  type UploadRecord,
} from '@foresight/db';
import { DETECTION_BYTES, UploadError, detectTable, type Detection } from '@foresight/ingest';
import { TRPCError } from '@trpc/server';
import type { z } from 'zod';
import type { ZUpload } from '../schemas/uploads';
import { FileTooLargeError, formatBytes, type UploadFiles } from '@foresight/imports';

/** An upload as the procedures answer it, before its output schema turns dates into strings. */
export type UploadState = z.input<typeof ZUpload>;

/** An import run inside an API request (JSON rows) that reports nothing for this long died with it. */
const STALE_INLINE_IMPORT_MS = 2 * 60_000;

/** Where an import in progress is: waiting for a trainer, reading and storing, or queueing training. */
function importStage(u: UploadRecord): UploadState['stage'] {
  if (u.status === 'stored') return u.finishedAt ? null : 'finishing';
  if (u.status !== 'processing') return null;
  return u.importAttempt === 0 ? 'queued' : 'reading';
}

export function uploadView(u: UploadRecord): UploadState {
  const stale =
    u.status === 'processing' &&
    u.queueJobId === null &&
    u.importAttempt > 0 &&
    Date.now() - u.updatedAt.getTime() > STALE_INLINE_IMPORT_MS;
  const stage = stale ? null : importStage(u);
  // Stored rows count as stored once the follow-ups (training queued) are done too.
  const status = stale ? 'failed' : stage === 'finishing' ? 'processing' : u.status;
  return {
    id: u.id,
    fileName: u.fileName,
    declaredBytes: u.declaredBytes,
    sizeBytes: u.sizeBytes,
    status,
    stage,
    detection: u.detection as Detection | null,
    kind: u.kind,
    datasetId: u.datasetId,
    mode: u.mode,
    progress: {
      bytesProcessed: u.bytesProcessed,
      totalBytes: u.sizeBytes ?? u.declaredBytes,
      rowsProcessed: u.rowsProcessed,
    },
    result:
      status === 'stored'
        ? { rowsStored: u.rowsStored ?? 0, rowsSkipped: u.rowsSkipped ?? 0, jobIds: u.jobIds }
        : null,
    problems: u.problems,
    problemCount: u.problemCount,
    message: stale
      ? 'Processing was interrupted (the server stopped); nothing was stored. Import it again.'
      : u.message,
    createdAt: u.createdAt,
  };
}

/** Registers an upload about to be sent, refusing at once a file over the size limit. */
export async function openUpload(
  db: DbHandle,
  files: UploadFiles,
  input: { organizationId: string; userId: string | null; fileName: string; sizeBytes: number },
): Promise<{ id: string; uploadUrl: string; maxBytes: number }> {
  if (input.sizeBytes > files.maxBytes) {
    throw new TRPCError({
      code: 'PAYLOAD_TOO_LARGE',
      message: `"${input.fileName}" is ${formatBytes(input.sizeBytes)}; the upload limit is ${formatBytes(files.maxBytes)}`,
    });
  }
  const upload = await createUpload(db, {
    organizationId: input.organizationId,
    userId: input.userId,
    fileName: input.fileName,
    declaredBytes: input.sizeBytes,
    storageKey: (id) => `${input.organizationId}/${id}.csv`,
  });
  return { id: upload.id, uploadUrl: `/api/uploads/${upload.id}`, maxBytes: files.maxBytes };
}

/**
 * Streams an upload's bytes into storage (never whole in memory), then detects encoding,
 * delimiter, header and column types from its start. A failure leaves the upload `failed` with
 * the reason and no stored file.
 */
export async function receiveUpload(
  db: DbHandle,
  files: UploadFiles,
  organizationId: string,
  uploadId: string,
  body: Readable,
): Promise<UploadState> {
  const upload = await getUpload(db, organizationId, uploadId);
  if (!(await claimUploadForReceiving(db, organizationId, uploadId))) {
    body.resume();
    throw new TRPCError({ code: 'CONFLICT', message: 'This upload has already been received' });
  }
  let size: number;
  try {
    size = await files.storage.put(upload.storageKey, body, files.maxBytes);
  } catch (error) {
    const message =
      error instanceof FileTooLargeError
        ? `"${upload.fileName}" is larger than the ${formatBytes(files.maxBytes)} upload limit`
        : 'The upload was interrupted before the whole file arrived; try again';
    await markUploadFailed(db, uploadId, message, 0);
    throw new TRPCError({
      code: error instanceof FileTooLargeError ? 'PAYLOAD_TOO_LARGE' : 'BAD_REQUEST',
      message,
      cause: error,
    });
  }
  try {
    const head = await files.storage.head(upload.storageKey, DETECTION_BYTES);
    const detection = detectTable(head, size);
    await markUploadStaged(db, uploadId, size, detection);
  } catch (error) {
    if (!(error instanceof UploadError)) throw error;
    await markUploadFailed(db, uploadId, error.message, size);
    await files.storage.delete(upload.storageKey);
    throw error;
  }
  return uploadView(await getUpload(db, organizationId, uploadId));
}
