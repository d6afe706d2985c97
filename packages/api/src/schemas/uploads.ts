import type { Detection } from '@foresight/ingest';
import { z } from 'zod';
import { ZTimestamp } from './common';
import { ZDatasetKind } from './datasets';

export const ZUploadStatus = z.enum([
  'receiving',
  'staged',
  'processing',
  'stored',
  'rejected',
  'failed',
]);

/** One thing wrong with an upload: "row N, column C: value V — reason". */
export const ZUploadProblem = z.object({
  /** 1-based record number in the file, the header being row 1; null for file-level problems. */
  row: z.number().nullable(),
  column: z.string().nullable(),
  value: z.string().nullable(),
  reason: z.string(),
});

/**
 * What was read from the start of a file: delimiter, header, inferred column types and a
 * proposed mapping per kind of data. Its shape is `Detection` from `@foresight/ingest`, built
 * there and stored as is; it holds no dates.
 */
export const ZDetection = z.custom<Detection>(
  (value) => typeof value === 'object' && value !== null,
);

/** An upload: its detection once received, then progress, the outcome and problems. */
export const ZUpload = z.object({
  id: z.string(),
  fileName: z.string(),
  declaredBytes: z.number(),
  sizeBytes: z.number().nullable(),
  status: ZUploadStatus,
  /**
   * While `processing`: `queued` (waiting for a trainer to take the import), `reading` (reading
   * and storing rows; progress moves), `finishing` (rows stored, training being queued).
   */
  stage: z.enum(['queued', 'reading', 'finishing']).nullable(),
  detection: ZDetection.nullable(),
  kind: ZDatasetKind.nullable(),
  datasetId: z.string().nullable(),
  mode: z.enum(['new', 'append', 'replace']).nullable(),
  progress: z.object({
    bytesProcessed: z.number(),
    totalBytes: z.number(),
    rowsProcessed: z.number(),
  }),
  /** Set once stored: rows kept and skipped, and the training jobs the import queued. */
  result: z
    .object({ rowsStored: z.number(), rowsSkipped: z.number(), jobIds: z.array(z.string()) })
    .nullable(),
  /** The first problems (at most 100); `problemCount` counts them all. */
  problems: z.array(ZUploadProblem),
  problemCount: z.number(),
  message: z.string().nullable(),
  createdAt: ZTimestamp,
});

/** An upload as callers receive it (`uploads.byId`, and the answer to the file `PUT`). */
export type UploadView = z.output<typeof ZUpload>;

export const ZOpenedUpload = z.object({
  id: z.string(),
  /** Where to `PUT` the file's bytes (relative to the app's URL). */
  uploadUrl: z.string(),
  maxBytes: z.number(),
});

/** A problem of a JSON-rows upload, naming the row by its index in the `rows` array. */
export const ZRowProblem = z.object({
  /** 0-based index into the `rows` that were sent; null for problems of the whole upload. */
  index: z.number().nullable(),
  column: z.string().nullable(),
  value: z.string().nullable(),
  reason: z.string(),
});

/** The outcome of `uploads.fromRows`: stored, with the dataset and the training jobs queued. */
export const ZRowsUploaded = z.object({
  uploadId: z.string(),
  datasetId: z.string(),
  rowsStored: z.number(),
  /** Rows left out under `badRows: 'skip'`; each is listed in `problems`. */
  rowsSkipped: z.number(),
  jobIds: z.array(z.string()),
  problems: z.array(ZRowProblem),
  problemCount: z.number(),
  /** e.g. the data is stored but training could not be queued. */
  message: z.string().nullable(),
});
