import type pg from 'pg';
import type { DbHandle } from './client';
import { ImportSupersededError, NotFoundError } from './errors';
import type { DatasetKind, UploadStatus } from './generated/prisma/enums';

export interface UploadProblemRow {
  row: number | null;
  column: string | null;
  value: string | null;
  reason: string;
}

export interface UploadRecord {
  id: string;
  organizationId: string;
  createdById: string | null;
  fileName: string;
  declaredBytes: number;
  sizeBytes: number | null;
  storageKey: string;
  status: UploadStatus;
  detection: unknown;
  kind: DatasetKind | null;
  mode: 'new' | 'append' | 'replace' | null;
  datasetId: string | null;
  bytesProcessed: number;
  rowsProcessed: number;
  rowsStored: number | null;
  rowsSkipped: number | null;
  problems: UploadProblemRow[];
  problemCount: number;
  message: string | null;
  jobIds: string[];
  /** The confirmed mapping the import job reads (set when the import is queued). */
  importRequest: unknown;
  /** Runs of the import job so far (0: queued, not started). */
  importAttempt: number;
  queueJobId: string | null;
  workerId: string | null;
  /** When the follow-ups of a stored import (training queued, profile) were done. */
  finishedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

const COLUMNS = `id, organization_id AS "organizationId", created_by_id AS "createdById",
  file_name AS "fileName", declared_bytes::float8 AS "declaredBytes", size_bytes::float8 AS "sizeBytes",
  storage_key AS "storageKey", status, detection, kind, mode, dataset_id AS "datasetId",
  bytes_processed::float8 AS "bytesProcessed", rows_processed AS "rowsProcessed",
  rows_stored AS "rowsStored", rows_skipped AS "rowsSkipped", problems,
  problem_count AS "problemCount", message, job_ids AS "jobIds",
  import_request AS "importRequest", import_attempt AS "importAttempt",
  queue_job_id AS "queueJobId", worker_id AS "workerId", finished_at AS "finishedAt",
  created_at AS "createdAt", updated_at AS "updatedAt"`;

export async function createUpload(
  db: DbHandle,
  input: {
    organizationId: string;
    userId: string | null;
    fileName: string;
    declaredBytes: number;
    storageKey: (id: string) => string;
  },
): Promise<UploadRecord> {
  const client = await db.pool.connect();
  try {
    const id = (await client.query<{ id: string }>('SELECT gen_random_uuid() AS id')).rows[0]!.id;
    const { rows } = await client.query<UploadRecord>(
      `INSERT INTO uploads (id, organization_id, created_by_id, file_name, declared_bytes, storage_key)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
      [
        id,
        input.organizationId,
        input.userId,
        input.fileName,
        input.declaredBytes,
        input.storageKey(id),
      ],
    );
    return rows[0]!;
  } finally {
    client.release();
  }
}

export async function getUpload(
  db: DbHandle,
  organizationId: string,
  uploadId: string,
): Promise<UploadRecord> {
  const { rows } = await db.pool.query<UploadRecord>(
    `SELECT ${COLUMNS} FROM uploads WHERE id = $1 AND organization_id = $2`,
    [uploadId, organizationId],
  );
  if (!rows[0]) throw new NotFoundError('Upload');
  return rows[0];
}

/**
 * Claims an announced upload for receiving its bytes; false when another request already is (or
 * did), so two PUTs never write the same file.
 */
export async function claimUploadForReceiving(
  db: DbHandle,
  organizationId: string,
  uploadId: string,
): Promise<boolean> {
  const { rowCount } = await db.pool.query(
    `UPDATE uploads SET size_bytes = 0, updated_at = now()
     WHERE id = $1 AND organization_id = $2 AND status = 'receiving' AND size_bytes IS NULL`,
    [uploadId, organizationId],
  );
  return rowCount === 1;
}

/** The file arrived whole and was detected: ready to be mapped and ingested. */
export async function markUploadStaged(
  db: DbHandle,
  uploadId: string,
  sizeBytes: number,
  detection: object,
): Promise<void> {
  await db.pool.query(
    `UPDATE uploads SET status = 'staged', size_bytes = $2, detection = $3, message = NULL, updated_at = now()
     WHERE id = $1`,
    [uploadId, sizeBytes, JSON.stringify(detection)],
  );
}

/** Receiving the file failed (too large, bad encoding, connection lost). */
export async function markUploadFailed(
  db: DbHandle,
  uploadId: string,
  message: string,
  sizeBytes: number | null = null,
): Promise<void> {
  await db.pool.query(
    `UPDATE uploads SET status = 'failed', message = $2, size_bytes = coalesce($3, size_bytes), updated_at = now()
     WHERE id = $1`,
    [uploadId, message, sizeBytes],
  );
}

/**
 * Claims a received upload for an import with its confirmed mapping; false when it is still
 * arriving, already queued or being imported, or already stored — so one file is never loaded
 * twice. The import job reads the mapping from the upload.
 */
export async function claimUploadForIngest(
  db: DbHandle,
  organizationId: string,
  uploadId: string,
  claim: {
    kind: DatasetKind;
    mode: 'new' | 'append' | 'replace';
    datasetId: string | null;
    request: object;
  },
): Promise<boolean> {
  const { rowCount } = await db.pool.query(
    `UPDATE uploads SET status = 'processing', kind = $3, mode = $4, dataset_id = $5, import_request = $6,
            import_attempt = 0, queue_job_id = NULL, worker_id = NULL, finished_at = NULL,
            bytes_processed = 0, rows_processed = 0, rows_stored = NULL, rows_skipped = NULL,
            problems = '[]', problem_count = 0, message = NULL, job_ids = ARRAY[]::text[],
            updated_at = now()
     WHERE id = $1 AND organization_id = $2
       AND (status IN ('staged', 'rejected')
            OR (status = 'failed' AND size_bytes IS NOT NULL AND detection IS NOT NULL)
            -- an import run inside an API request that died with it
            OR (status = 'processing' AND queue_job_id IS NULL AND import_attempt > 0
                AND updated_at < now() - interval '2 minutes'))`,
    [
      uploadId,
      organizationId,
      claim.kind,
      claim.mode,
      claim.datasetId,
      JSON.stringify(claim.request),
    ],
  );
  return rowCount === 1;
}

/** What a run of the import job is to do with its upload. */
export type ImportStart =
  | { run: UploadRecord }
  | { followUp: UploadRecord }
  | { skip: 'cancelled' | 'finished' | 'missing' };

/**
 * Starts a run (attempt) of an upload's import job on a trainer: a queued or interrupted import
 * becomes attempt n + 1 (an older attempt still running can then neither report progress nor
 * store); an import whose rows are stored but whose follow-ups did not finish gets them done.
 */
export async function startImportAttempt(
  db: DbHandle,
  uploadId: string,
  runner: { workerId: string; queueJobId: string | null },
): Promise<ImportStart> {
  const { rows } = await db.pool.query<UploadRecord>(
    `UPDATE uploads SET import_attempt = import_attempt + 1, worker_id = $2, queue_job_id = $3,
            bytes_processed = 0, rows_processed = 0,
            message = CASE WHEN import_attempt > 0
              THEN 'The trainer importing this file stopped; resuming (attempt ' || (import_attempt + 1) || ')'
              ELSE NULL END,
            updated_at = now()
     WHERE id = $1 AND status = 'processing' RETURNING ${COLUMNS}`,
    [uploadId, runner.workerId, runner.queueJobId],
  );
  if (rows[0]) return { run: rows[0] };
  const found = await db.pool.query<UploadRecord>(
    `UPDATE uploads SET worker_id = $2, queue_job_id = $3
     WHERE id = $1 AND status = 'stored' AND finished_at IS NULL RETURNING ${COLUMNS}`,
    [uploadId, runner.workerId, runner.queueJobId],
  );
  if (found.rows[0]) return { followUp: found.rows[0] };
  const other = await db.pool.query<{ status: string }>('SELECT status FROM uploads WHERE id = $1', [
    uploadId,
  ]);
  const status = other.rows[0]?.status;
  return { skip: status === undefined ? 'missing' : status === 'stored' ? 'finished' : 'cancelled' };
}

/**
 * Records an import attempt's progress; false when the attempt may not go on (the import was
 * cancelled, or a newer attempt took it over).
 */
export async function reportUploadProgress(
  db: DbHandle,
  uploadId: string,
  attempt: number,
  bytesProcessed: number,
  rowsProcessed: number,
): Promise<boolean> {
  const { rowCount } = await db.pool.query(
    `UPDATE uploads SET bytes_processed = $3, rows_processed = $4, updated_at = now()
     WHERE id = $1 AND status = 'processing' AND import_attempt = $2`,
    [uploadId, attempt, bytesProcessed, rowsProcessed],
  );
  return rowCount === 1;
}

/** What a finished read stored or refused. */
export interface ReadOutcome {
  rowsProcessed: number;
  rowsStored: number | null;
  rowsSkipped: number | null;
  problems: UploadProblemRow[];
  problemCount: number;
}

/** An import attempt's claim on storing its upload's rows, checked inside the store's transaction. */
export interface UploadCommit {
  id: string;
  attempt: number;
  /** Evaluated once every row is loaded, just before the commit. */
  outcome: () => ReadOutcome;
}

/**
 * Inside the transaction that loads an upload's rows: marks the upload stored, or throws
 * `ImportSupersededError` (and the caller rolls back) when this attempt is no longer the live
 * one. A second attempt blocks on the row lock until the first commits, then finds the upload
 * stored: rows are stored exactly once.
 */
export async function markUploadStoredIn(
  client: pg.PoolClient,
  commit: UploadCommit,
  datasetId: string,
): Promise<void> {
  const o = commit.outcome();
  const { rowCount } = await client.query(
    `UPDATE uploads SET status = 'stored', dataset_id = $3, rows_processed = $4, rows_stored = $5,
            rows_skipped = $6, problems = $7, problem_count = $8, message = NULL,
            bytes_processed = coalesce(size_bytes, bytes_processed), updated_at = now()
     WHERE id = $1 AND status = 'processing' AND import_attempt = $2`,
    [
      commit.id,
      commit.attempt,
      datasetId,
      o.rowsProcessed,
      o.rowsStored,
      o.rowsSkipped,
      JSON.stringify(o.problems),
      o.problemCount,
    ],
  );
  if (rowCount !== 1) throw new ImportSupersededError(commit.id);
}

/** The follow-ups of a stored import are done: what was queued, and what the founder should know. */
export async function finishStoredImport(
  db: DbHandle,
  uploadId: string,
  result: { message: string | null; jobIds: string[] },
): Promise<void> {
  await db.pool.query(
    `UPDATE uploads SET message = $2, job_ids = $3, finished_at = now(), updated_at = now()
     WHERE id = $1 AND status = 'stored'`,
    [uploadId, result.message, result.jobIds],
  );
}

/** An import attempt stored nothing: refused rows (`rejected`) or an unexpected failure. */
export async function recordImportRefused(
  db: DbHandle,
  uploadId: string,
  attempt: number,
  outcome: ReadOutcome & { status: 'rejected' | 'failed'; message: string },
): Promise<void> {
  await db.pool.query(
    `UPDATE uploads SET status = $3::upload_status, rows_processed = $4, rows_stored = NULL,
            rows_skipped = NULL, problems = $5, problem_count = $6, message = $7,
            job_ids = ARRAY[]::text[], finished_at = now(), updated_at = now()
     WHERE id = $1 AND status = 'processing' AND import_attempt = $2`,
    [
      uploadId,
      attempt,
      outcome.status,
      outcome.rowsProcessed,
      JSON.stringify(outcome.problems),
      outcome.problemCount,
      outcome.message,
    ],
  );
}

/**
 * Cancels a queued or running import: the upload goes back to `staged` (its file kept, to map
 * and import again) and a running attempt stops at its next progress report, storing nothing.
 * False when there is no import to cancel (finished, or never started).
 */
export async function cancelImport(
  db: DbHandle,
  organizationId: string,
  uploadId: string,
): Promise<boolean> {
  const { rowCount } = await db.pool.query(
    `UPDATE uploads SET status = 'staged', import_request = NULL, bytes_processed = 0, rows_processed = 0,
            message = 'Import cancelled; nothing was stored.', updated_at = now()
     WHERE id = $1 AND organization_id = $2 AND status = 'processing'`,
    [uploadId, organizationId],
  );
  return rowCount === 1;
}

/** An import whose trainer is gone, as a restarted trainer or a sweep finds it. */
export interface UnfinishedImport {
  id: string;
  organizationId: string;
  status: 'processing' | 'stored';
  importAttempt: number;
  queueJobId: string | null;
  workerId: string | null;
}

/**
 * Imports a trainer was running (stored-but-unfinished included): with a worker id, those of that
 * (dead) trainer; without, every started one (for the sweep that fails abandoned imports).
 */
export async function unfinishedImports(
  db: DbHandle,
  workerId: string | null,
): Promise<UnfinishedImport[]> {
  const { rows } = await db.pool.query<UnfinishedImport>(
    `SELECT id, organization_id AS "organizationId", status, import_attempt AS "importAttempt",
            queue_job_id AS "queueJobId", worker_id AS "workerId"
     FROM uploads
     WHERE (status = 'processing' OR (status = 'stored' AND finished_at IS NULL))
       AND queue_job_id IS NOT NULL AND ($1::text IS NULL OR worker_id = $1)`,
    [workerId],
  );
  return rows;
}

/**
 * Fails an import whose queue job has no runs left (its trainer died, or it crashed, on every
 * try). A stored one keeps its rows: only the follow-ups are given up, with a message saying to
 * start training. Fenced to the queue job, so a newer import of the same upload is untouched.
 */
export async function abandonImport(
  db: DbHandle,
  uploadId: string,
  queueJobId: string,
  reason: string,
): Promise<void> {
  await db.pool.query(
    `UPDATE uploads SET
       status = CASE WHEN status = 'stored' THEN status ELSE 'failed'::upload_status END,
       message = CASE WHEN status = 'stored'
         THEN 'The data is stored, but training could not be queued; start it from the results page'
         ELSE 'Nothing was stored: ' || $3 END,
       finished_at = now(), updated_at = now()
     WHERE id = $1 AND queue_job_id = $2
       AND (status = 'processing' OR (status = 'stored' AND finished_at IS NULL))`,
    [uploadId, queueJobId, reason],
  );
}

/**
 * Deletes the uploads that fed a dataset and returns their storage keys (the caller deletes
 * the files once the dataset is gone).
 */
export async function deleteDatasetUploads(
  db: DbHandle,
  organizationId: string,
  datasetId: string,
): Promise<string[]> {
  const { rows } = await db.pool.query<{ storage_key: string }>(
    'DELETE FROM uploads WHERE organization_id = $1 AND dataset_id = $2 RETURNING storage_key',
    [organizationId, datasetId],
  );
  return rows.map((r) => r.storage_key);
}

/** Shown on an upload whose trainer died mid-import, until the restarted trainer resumes it. */
export const IMPORT_LOST_MESSAGE = 'Trainer lost — resuming the import';

/**
 * The trainer process `workerId` died (its supervisor saw it exit): the imports it was running
 * say so at once; the restarted trainer resumes them (`resumeLostImports`). Returns their ids.
 */
export async function markImportsLost(db: DbHandle, workerId: string): Promise<string[]> {
  const { rows } = await db.pool.query<{ id: string }>(
    `UPDATE uploads SET message = $2, updated_at = now()
     WHERE worker_id = $1 AND (status = 'processing' OR (status = 'stored' AND finished_at IS NULL))
     RETURNING id`,
    [workerId, IMPORT_LOST_MESSAGE],
  );
  return rows.map((r) => r.id);
}
