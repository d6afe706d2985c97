import type { DbHandle } from './client';
import { NotFoundError } from './errors';
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
  createdAt: Date;
  updatedAt: Date;
}

/** Processing that has not reported progress for this long died with its server. */
export const STALE_PROCESSING_MS = 2 * 60_000;

const COLUMNS = `id, organization_id AS "organizationId", created_by_id AS "createdById",
  file_name AS "fileName", declared_bytes::float8 AS "declaredBytes", size_bytes::float8 AS "sizeBytes",
  storage_key AS "storageKey", status, detection, kind, mode, dataset_id AS "datasetId",
  bytes_processed::float8 AS "bytesProcessed", rows_processed AS "rowsProcessed",
  rows_stored AS "rowsStored", rows_skipped AS "rowsSkipped", problems,
  problem_count AS "problemCount", message, job_ids AS "jobIds",
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
 * Claims a received upload for ingestion; false when it is still arriving, already being
 * processed (and alive), or already stored — so one file is never loaded twice.
 */
export async function claimUploadForIngest(
  db: DbHandle,
  organizationId: string,
  uploadId: string,
  claim: { kind: DatasetKind; mode: 'new' | 'append' | 'replace'; datasetId: string | null },
): Promise<boolean> {
  const { rowCount } = await db.pool.query(
    `UPDATE uploads SET status = 'processing', kind = $3, mode = $4, dataset_id = $5,
            bytes_processed = 0, rows_processed = 0, rows_stored = NULL, rows_skipped = NULL,
            problems = '[]', problem_count = 0, message = NULL, job_ids = ARRAY[]::text[],
            updated_at = now()
     WHERE id = $1 AND organization_id = $2
       AND (status IN ('staged', 'rejected')
            OR (status = 'failed' AND size_bytes IS NOT NULL AND detection IS NOT NULL)
            OR (status = 'processing' AND updated_at < now() - make_interval(secs => $6)))`,
    [uploadId, organizationId, claim.kind, claim.mode, claim.datasetId, STALE_PROCESSING_MS / 1000],
  );
  return rowCount === 1;
}

export async function reportUploadProgress(
  db: DbHandle,
  uploadId: string,
  bytesProcessed: number,
  rowsProcessed: number,
): Promise<void> {
  await db.pool.query(
    `UPDATE uploads SET bytes_processed = $2, rows_processed = $3, updated_at = now()
     WHERE id = $1 AND status = 'processing'`,
    [uploadId, bytesProcessed, rowsProcessed],
  );
}

export interface IngestOutcome {
  status: 'stored' | 'rejected' | 'failed';
  datasetId: string | null;
  rowsProcessed: number;
  rowsStored: number | null;
  rowsSkipped: number | null;
  problems: UploadProblemRow[];
  problemCount: number;
  message: string | null;
  jobIds: string[];
}

export async function finishUploadIngest(
  db: DbHandle,
  uploadId: string,
  outcome: IngestOutcome,
): Promise<void> {
  await db.pool.query(
    `UPDATE uploads SET status = $2::upload_status, dataset_id = coalesce($3, dataset_id), rows_processed = $4,
            bytes_processed = CASE WHEN $2::upload_status = 'stored' THEN coalesce(size_bytes, bytes_processed) ELSE bytes_processed END,
            rows_stored = $5, rows_skipped = $6, problems = $7, problem_count = $8, message = $9,
            job_ids = $10, updated_at = now()
     WHERE id = $1`,
    [
      uploadId,
      outcome.status,
      outcome.datasetId,
      outcome.rowsProcessed,
      outcome.rowsStored,
      outcome.rowsSkipped,
      JSON.stringify(outcome.problems),
      outcome.problemCount,
      outcome.message,
      outcome.jobIds,
    ],
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
