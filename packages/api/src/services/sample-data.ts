import { Readable } from 'node:stream';
import { getUpload, markUploadFailed, type DbHandle } from '@foresight/db';
import type { ColumnSpec, DataKind } from '@foresight/ingest';
import {
  SAMPLE_SCALES,
  sampleDatasets,
  type AnySampleDataset,
  type SampleScale,
} from '@foresight/sample-data';
import type { ApiContext, JobSender } from '../trpc';
import type { UploadFiles } from '@foresight/imports';
import { queueImport, type IngestRequest } from './ingest-upload';
import { openUpload, receiveUpload } from './receive-upload';

// How big the sample startup is lives with the generator (`@foresight/sample-data/summary`).
export { SAMPLE_SCALES, type SampleScale };

export interface LoadSampleDataInput {
  db: DbHandle;
  events: ApiContext['events'];
  queue: JobSender;
  files: UploadFiles;
  organizationId: string;
  userId: string | null;
  /** Runs the loads after the call has answered (the request context's `background`). */
  background: ApiContext['background'];
  scale?: SampleScale;
  /** Another seed gives another (equally plausible) startup. */
  seed?: number;
  /** Replaces the generated files (tests). */
  datasets?: AnySampleDataset[];
  log?: (message: string, error?: unknown) => void;
}

export interface SampleUpload {
  kind: DataKind;
  uploadId: string;
  name: string;
}

/**
 * Loads the generated sample startup into an organization through the same path as a person's
 * upload: each file is announced (`openUpload`), streamed into file storage and detected
 * (`receiveUpload`), then queued for import with the sample's mapping and the detected column
 * types (`queueImport`); the trainer stores the rows and queues the training jobs.
 *
 * Answers at once with the four upload ids (each `receiving` until its turn); the files are then
 * generated one after another in `background` and their imports queued. Poll `uploads.byId` for
 * each: it ends `stored` (with the queued job ids) or `failed`/`rejected` with the reason.
 *
 * Always allowed: each call adds four new datasets (named "Sample: …"); nothing existing is
 * touched, and the sample datasets are deleted like any other.
 */
export async function loadSampleData(input: LoadSampleDataInput): Promise<SampleUpload[]> {
  const { db, files, organizationId, userId } = input;
  const datasets =
    input.datasets ?? sampleDatasets({ ...SAMPLE_SCALES[input.scale ?? 'full'], seed: input.seed });
  const opened: { dataset: AnySampleDataset; uploadId: string }[] = [];
  for (const dataset of datasets) {
    const { id } = await openUpload(db, files, {
      organizationId,
      userId,
      fileName: dataset.fileName,
      sizeBytes: Math.min(dataset.approxBytes, files.maxBytes),
    });
    opened.push({ dataset, uploadId: id });
  }
  input.background(async () => {
    for (const { dataset, uploadId } of opened) {
      try {
        await loadOne(input, dataset, uploadId);
      } catch (error) {
        input.log?.(`sample ${dataset.kind} file (upload ${uploadId}) failed`, error);
        await markFailed(input, uploadId, error);
      }
    }
  });
  return opened.map(({ dataset, uploadId }) => ({
    kind: dataset.kind,
    uploadId,
    name: dataset.name,
  }));
}

async function* bytesOf(chunks: AsyncIterable<string>): AsyncGenerator<Buffer> {
  for await (const chunk of chunks) yield Buffer.from(chunk, 'utf8');
}

async function loadOne(
  input: LoadSampleDataInput,
  dataset: AnySampleDataset,
  uploadId: string,
): Promise<void> {
  const { db, files, organizationId } = input;
  const view = await receiveUpload(
    db,
    files,
    organizationId,
    uploadId,
    Readable.from(bytesOf(dataset.chunks())),
  );
  const detection = view.detection!;
  const columns: ColumnSpec[] = detection.columns.map(
    ({ name, type, dateFormat, decimalSeparator }) => ({
      name,
      type,
      dateFormat,
      decimalSeparator,
    }),
  );
  await queueImport(
    {
      db,
      events: input.events,
      queue: input.queue,
      files,
      organizationId,
      userId: input.userId,
      log: input.log,
    },
    {
      uploadId,
      kind: dataset.kind,
      target: { mode: 'new', name: dataset.name },
      roles: dataset.roles,
      columns,
      badRows: 'reject',
    } as IngestRequest,
  );
}

/** Leaves an upload that never reached its import `failed` with the reason. */
async function markFailed(input: LoadSampleDataInput, uploadId: string, error: unknown) {
  try {
    const upload = await getUpload(input.db, input.organizationId, uploadId);
    if (upload.status === 'receiving' || upload.status === 'staged') {
      const reason = error instanceof Error ? error.message : String(error);
      await markUploadFailed(
        input.db,
        uploadId,
        `The sample file could not be loaded: ${reason}`,
        upload.sizeBytes,
      );
    }
  } catch (e) {
    input.log?.(`recording sample upload ${uploadId} as failed failed`, e);
  }
}
