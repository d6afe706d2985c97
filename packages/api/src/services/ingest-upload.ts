import {
  DuplicateRowsError,
  NotFoundError,
  claimUploadForIngest,
  createCustomersDataset,
  createEventsDataset,
  createFinancialsDataset,
  createMarketDataset,
  finishUploadIngest,
  getUpload,
  refreshDatasetProfile,
  reportUploadProgress,
  requireDatasetOfKind,
  type CreatedDataset,
  type DbHandle,
  type NewDataset,
  type UploadRecord,
} from '@foresight/db';
import {
  RejectedUpload,
  UploadError,
  kindIngest,
  readKindRecords,
  readPlan,
  type BadRowPolicy,
  type ColumnSpec,
  type DataKind,
  type Detection,
  type KindRecords,
  type KindRoles,
  type ProblemLog,
  type ReadPlan,
  type RecordStream,
} from '@foresight/ingest';
import { trainingTasksFor } from '@foresight/queue';
import { TRPCError } from '@trpc/server';
import type { JobSender } from '../trpc';
import type { UploadFiles } from '@foresight/imports';
import { startTrainingJob } from '@foresight/queue';
import { NotEnoughDataError } from '@foresight/queue';

export type IngestTarget =
  { mode: 'new'; name: string } | { mode: 'append' | 'replace'; datasetId: string };

export interface IngestRequest<K extends DataKind = DataKind> {
  uploadId: string;
  kind: K;
  target: IngestTarget;
  roles: KindRoles[K];
  /** Every column of the file, in header order, with its confirmed type. */
  columns: ColumnSpec[];
  badRows: BadRowPolicy;
}

/** The mapping saved with a dataset. */
export interface SavedMapping {
  roles: object;
  columns: ColumnSpec[];
  delimiter: string;
  hasHeader: boolean;
}

export interface IngestDeps {
  db: DbHandle;
  queue: JobSender;
  files: UploadFiles;
  organizationId: string;
  userId: string | null;
  log?: (message: string, error?: unknown) => void;
}

type Store<K extends DataKind> = (
  db: DbHandle,
  input: NewDataset<SavedMapping, KindRecords[K]>,
) => Promise<CreatedDataset>;

const STORES: { [K in DataKind]: Store<K> } = {
  market: createMarketDataset,
  financials: createFinancialsDataset,
  events: createEventsDataset,
  customers: createCustomersDataset,
};

const PROGRESS_EVERY_MS = 500;

/** Reports progress to the upload record at most every half second, one write at a time. */
function progressReporter(db: DbHandle, uploadId: string) {
  let last = 0;
  let writing: Promise<void> = Promise.resolve();
  return {
    report({ bytes, rows }: { bytes: number; rows: number }) {
      const now = Date.now();
      if (now - last < PROGRESS_EVERY_MS) return;
      last = now;
      writing = writing.then(() => reportUploadProgress(db, uploadId, bytes, rows)).catch(() => {});
    },
    settled: () => writing,
  };
}

function problemsOf(error: unknown, log: ProblemLog | null) {
  if (error instanceof RejectedUpload)
    return { listed: error.problems.listed, count: error.problems.count };
  if (log && log.count > 0) return { listed: log.listed, count: log.count };
  if (error instanceof UploadError) {
    const { row, column, value } = error.location;
    return {
      listed: [
        { row: row ?? null, column: column ?? null, value: value ?? null, reason: error.message },
      ],
      count: 1,
    };
  }
  return { listed: [], count: 0 };
}

/**
 * Checks an ingest request against the upload and the mapping rules, claims the upload, and
 * returns the load to run in the background. Everything wrong with the request itself (unknown
 * upload, a role on a missing column or of the wrong type, an import already running) throws
 * here, before anything is read.
 */
export async function prepareIngest<K extends DataKind>(
  deps: IngestDeps,
  request: IngestRequest<K>,
): Promise<() => Promise<void>> {
  const { db, organizationId } = deps;
  const upload = await getUpload(db, organizationId, request.uploadId);
  const detection = upload.detection as Detection | null;
  if (!detection || upload.sizeBytes === null) {
    throw new TRPCError({ code: 'CONFLICT', message: 'The file has not finished uploading' });
  }
  const plan = readPlan(detection, request.columns);
  const kind = kindIngest(request.kind, request.roles, plan);
  if (request.target.mode !== 'new') {
    await requireDatasetOfKind(db, organizationId, request.target.datasetId, request.kind);
  }
  const claimed = await claimUploadForIngest(db, organizationId, upload.id, {
    kind: request.kind,
    mode: request.target.mode,
    datasetId: request.target.mode === 'new' ? null : request.target.datasetId,
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
  return () => runIngest(deps, request, upload, plan, kind);
}

async function runIngest<K extends DataKind>(
  deps: IngestDeps,
  request: IngestRequest<K>,
  upload: UploadRecord,
  plan: ReadPlan,
  kind: ReturnType<typeof kindIngest<K>>,
): Promise<void> {
  const { db, files, organizationId } = deps;
  const progress = progressReporter(db, upload.id);
  let rowsRead = 0;
  let stream: RecordStream<KindRecords[K]> | null = null;
  let created: CreatedDataset;
  try {
    stream = readKindRecords(
      files.storage.read(upload.storageKey),
      plan,
      kind,
      request.badRows,
      (p) => {
        rowsRead = p.rows;
        progress.report(p);
      },
    );
    const store = STORES[request.kind] as Store<K>;
    created = await store(db, {
      organizationId,
      userId: deps.userId,
      name: request.target.mode === 'new' ? request.target.name : '',
      sourceFileName: upload.fileName,
      mapping: {
        roles: request.roles,
        columns: plan.columns,
        delimiter: plan.delimiter,
        hasHeader: plan.hasHeader,
      },
      rows: { batches: stream.batches },
      target: request.target.mode === 'new' ? { mode: 'new' } : request.target,
    });
  } catch (error) {
    stream?.close();
    await progress.settled();
    await recordFailure(deps, upload.id, error, stream?.problems ?? null, rowsRead);
    return;
  }
  await progress.settled();

  // The rows are committed: from here on nothing may report the upload as not stored (it
  // could then be imported twice).
  const jobIds: string[] = [];
  const notReady: string[] = [];
  let message: string | null = null;
  try {
    for (const task of trainingTasksFor(request.kind, { roles: request.roles })) {
      try {
        const job = await startTrainingJob({
          ...deps,
          datasetId: created.id,
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
    if (request.kind === 'events')
      await deps.queue.send('refreshAnalytics', { datasetId: created.id });
  } catch (error) {
    deps.log?.(`queueing training for dataset ${created.id} failed`, error);
    message =
      'The data is stored, but training could not be queued; start it from the results page';
  }
  await finishUploadIngest(db, upload.id, {
    status: 'stored',
    datasetId: created.id,
    rowsProcessed: rowsRead,
    rowsStored: stream.stored,
    rowsSkipped: stream.problems.badRows,
    problems: stream.problems.listed,
    problemCount: stream.problems.count,
    message,
    jobIds,
  }).catch((error: unknown) => deps.log?.(`recording upload ${upload.id} as stored failed`, error));
  await refreshDatasetProfile(db, organizationId, created.id).catch((error: unknown) =>
    deps.log?.(`profile of dataset ${created.id} failed`, error),
  );
}

/** Records why nothing was stored: the listed problems, or the one error. */
async function recordFailure(
  deps: IngestDeps,
  uploadId: string,
  error: unknown,
  log: ProblemLog | null,
  rowsRead: number,
): Promise<void> {
  const expected =
    error instanceof UploadError ||
    error instanceof DuplicateRowsError ||
    error instanceof NotFoundError;
  if (!expected) deps.log?.(`ingest of upload ${uploadId} failed`, error);
  const problems = problemsOf(error, log);
  await finishUploadIngest(deps.db, uploadId, {
    status: expected ? 'rejected' : 'failed',
    datasetId: null,
    rowsProcessed: rowsRead,
    rowsStored: null,
    rowsSkipped: null,
    problems: problems.listed,
    problemCount: problems.count,
    message: expected
      ? `Nothing was stored: ${error.message}`
      : 'Nothing was stored: processing failed unexpectedly; try again, and if it fails again tell us the upload id',
    jobIds: [],
  }).catch((e: unknown) => deps.log?.(`recording upload ${uploadId} as failed failed`, e));
}
