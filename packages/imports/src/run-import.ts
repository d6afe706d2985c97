import { hostname } from 'node:os';
import {
  DuplicateRowsError,
  ImportSupersededError,
  NotFoundError,
  createCustomersDataset,
  createFinancialsDataset,
  createMarketDataset,
  recordImportRefused,
  reportUploadProgress,
  startImportAttempt,
  type CreatedDataset,
  type DbHandle,
  type NewDataset,
  type ReadOutcome,
  type UploadRecord,
} from '@foresight/db';
import {
  RejectedUpload,
  UploadError,
  kindIngest,
  readKindRecords,
  readPlan,
  type ColumnSpec,
  type DataKind,
  type Detection,
  type KindRecords,
  type ProblemLog,
  type RecordStream,
} from '@foresight/ingest';
import { storeEventsDataset, type EventsEngines } from '@foresight/events';
import type { JobSender } from '@foresight/queue';
import { finishImport } from './follow-ups';
import { ZImportRequest, type ImportRequest } from './request';
import type { UploadFiles } from './storage';

export interface ImportDeps {
  db: DbHandle;
  /** Where events go (PostgreSQL, or ClickHouse when configured). */
  events: EventsEngines;
  queue: JobSender;
  files: UploadFiles;
  log?: (message: string, error?: unknown) => void;
}

/** Who runs an attempt: the trainer's worker id and the queue job (null: run inline by the API). */
export interface ImportRunner {
  workerId: string;
  queueJobId: string | null;
  /** Aborts the attempt (trainer shutdown); the rows are then not stored. */
  signal?: AbortSignal;
}

/** The mapping saved with a dataset. */
export interface SavedMapping {
  roles: object;
  columns: ColumnSpec[];
  delimiter: string;
  hasHeader: boolean;
}

export type ImportResult =
  | 'stored'
  | 'rejected'
  /** Nothing to do: cancelled, already finished, or taken over by a newer attempt. */
  | 'skipped';

type Store<K extends DataKind> = (
  deps: ImportDeps,
  input: NewDataset<SavedMapping, KindRecords[K]>,
) => Promise<CreatedDataset>;

const STORES: { [K in DataKind]: Store<K> } = {
  market: (deps, input) => createMarketDataset(deps.db, input),
  financials: (deps, input) => createFinancialsDataset(deps.db, input),
  events: (deps, input) => storeEventsDataset(deps.events, deps.db, input),
  customers: (deps, input) => createCustomersDataset(deps.db, input),
};

const PROGRESS_EVERY_MS = 500;

/** The attempt was cancelled or superseded while reading: stop, store nothing. */
class AttemptStopped extends Error {
  override name = 'AttemptStopped';
}

/**
 * Runs one attempt of an upload's import: reads the file with its saved mapping and stores every
 * row in one transaction that also marks the upload stored — fenced to this attempt, so a
 * cancelled or superseded attempt stores nothing and a file's rows are stored exactly once —
 * then queues training (`finishImport`). Refused rows are recorded on the upload (`rejected`);
 * an unexpected error is thrown for the queue to retry.
 */
export async function runImport(
  deps: ImportDeps,
  uploadId: string,
  runner: ImportRunner,
): Promise<ImportResult> {
  const start = await startImportAttempt(deps.db, uploadId, runner);
  if ('skip' in start) return 'skipped';
  if ('followUp' in start) {
    await finishImport(deps, start.followUp);
    return 'stored';
  }
  const upload = start.run;
  const request = ZImportRequest.parse(upload.importRequest);
  const stored = await storeRows(deps, upload, request, runner.signal);
  if (stored === 'skipped' || stored === 'rejected') return stored;
  await finishImport(deps, stored);
  return 'stored';
}

/** Reads and stores the rows; the upload as stored, or why nothing was. */
async function storeRows<K extends DataKind>(
  deps: ImportDeps,
  upload: UploadRecord,
  request: ImportRequest<K>,
  signal: AbortSignal | undefined,
): Promise<UploadRecord | 'rejected' | 'skipped'> {
  const { db, files } = deps;
  const attempt = upload.importAttempt;
  let stream: RecordStream<KindRecords[K]> | null = null;
  let rowsRead = 0;
  const stop = (why: string) => stream?.close(new AttemptStopped(why));
  const progress = progressReporter(db, upload.id, attempt, () => stop('cancelled'));
  const onAbort = () => stop('the trainer is shutting down');
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const plan = readPlan(upload.detection as Detection, request.columns);
    const kind = kindIngest(request.kind, request.roles, plan);
    const reading = readKindRecords(
      files.storage.read(upload.storageKey),
      plan,
      kind,
      request.badRows,
      (p) => {
        rowsRead = p.rows;
        progress.report(p);
      },
    );
    stream = reading;
    if (signal?.aborted) onAbort();
    const created = await STORES[request.kind](deps, {
      organizationId: upload.organizationId,
      userId: upload.createdById,
      name: request.target.mode === 'new' ? request.target.name : '',
      sourceFileName: upload.fileName,
      mapping: {
        roles: request.roles,
        columns: plan.columns,
        delimiter: plan.delimiter,
        hasHeader: plan.hasHeader,
      },
      rows: { batches: reading.batches },
      target: request.target.mode === 'new' ? { mode: 'new' } : request.target,
      upload: {
        id: upload.id,
        attempt,
        outcome: () => ({
          rowsProcessed: rowsRead,
          rowsStored: reading.stored,
          rowsSkipped: reading.problems.badRows,
          problems: reading.problems.listed,
          problemCount: reading.problems.count,
        }),
      },
    });
    await progress.settled();
    return { ...upload, status: 'stored', datasetId: created.id };
  } catch (error) {
    stream?.close();
    await progress.settled();
    if (error instanceof AttemptStopped || error instanceof ImportSupersededError) {
      deps.log?.(`import of upload ${upload.id}, attempt ${attempt}: stopped (${error.message})`);
      if (signal?.aborted) throw error; // shutdown: the queue runs it again
      return 'skipped';
    }
    if (!isRefusal(error)) throw error;
    await recordImportRefused(db, upload.id, attempt, {
      status: 'rejected',
      message: `Nothing was stored: ${error.message}`,
      ...refusalOutcome(error, stream?.problems ?? null, rowsRead),
    });
    return 'rejected';
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}

/** Errors that describe the data or the mapping: retrying cannot help. */
export function isRefusal(error: unknown): error is Error {
  return (
    error instanceof UploadError ||
    error instanceof DuplicateRowsError ||
    error instanceof NotFoundError
  );
}

/** The problems to show for a refused import: the listed rows, or the one error. */
function refusalOutcome(error: Error, log: ProblemLog | null, rowsRead: number): ReadOutcome {
  const base = { rowsProcessed: rowsRead, rowsStored: null, rowsSkipped: null };
  if (error instanceof RejectedUpload)
    return { ...base, problems: error.problems.listed, problemCount: error.problems.count };
  if (log && log.count > 0) return { ...base, problems: log.listed, problemCount: log.count };
  if (error instanceof UploadError) {
    const { row, column, value } = error.location;
    const problem = {
      row: row ?? null,
      column: column ?? null,
      value: value ?? null,
      reason: error.message,
    };
    return { ...base, problems: [problem], problemCount: 1 };
  }
  return { ...base, problems: [], problemCount: 0 };
}

/**
 * Reports progress at most every half second, one write at a time; calls `onStopped` when the
 * upload says this attempt may not go on (cancelled, or taken over).
 */
function progressReporter(db: DbHandle, uploadId: string, attempt: number, onStopped: () => void) {
  let last = 0;
  let writing: Promise<void> = Promise.resolve();
  return {
    report({ bytes, rows }: { bytes: number; rows: number }) {
      const now = Date.now();
      if (now - last < PROGRESS_EVERY_MS) return;
      last = now;
      writing = writing
        .then(async () => {
          if (!(await reportUploadProgress(db, uploadId, attempt, bytes, rows))) onStopped();
        })
        .catch(() => {});
    },
    settled: () => writing,
  };
}

/**
 * Runs an import in the calling process, for the API's JSON rows (bounded in size, and the caller
 * waits for the outcome): the same attempt and exactly-once store as a queued import; an
 * unexpected error leaves the upload failed with the reason.
 */
export async function runImportInline(
  deps: ImportDeps,
  uploadId: string,
): Promise<ImportResult | 'failed'> {
  try {
    return await runImport(deps, uploadId, { workerId: INLINE_WORKER, queueJobId: null });
  } catch (error) {
    deps.log?.(`import of upload ${uploadId} failed`, error);
    await recordImportRefused(deps.db, uploadId, 1, {
      status: 'failed',
      message:
        'Nothing was stored: processing failed unexpectedly; try again, and if it fails again tell us the upload id',
      rowsProcessed: 0,
      rowsStored: null,
      rowsSkipped: null,
      problems: [],
      problemCount: 0,
    });
    return 'failed';
  }
}

const INLINE_WORKER = `api:${hostname()}:${process.pid}`;
