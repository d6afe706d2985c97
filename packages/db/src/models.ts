import type pg from 'pg';
import type { DbHandle } from './client';
import { NotFoundError } from './errors';
import type { Task } from './generated/prisma/enums';

export interface ModelVersion {
  modelId: string;
  version: number;
  organizationId: string;
  datasetId: string;
}

/**
 * Writes a trained model's result all-or-nothing: in one transaction, creates the next model
 * version for the job's dataset and task, lets the caller write its predictions (COPY through the
 * same client), and marks the job succeeded. A failure leaves neither model nor predictions.
 */
export async function saveModelResult(
  db: DbHandle,
  input: {
    jobId: string;
    /** The attempt writing (see startJob); omitted, any running attempt may write. */
    attempt?: number | undefined;
    task: Task;
    chosen: string;
    backend: string;
    metrics: object;
    params: object;
  },
  writePredictions: (client: pg.PoolClient, model: ModelVersion) => Promise<void> = async () => {},
): Promise<ModelVersion> {
  const client = await db.pool.connect();
  try {
    await client.query('BEGIN');
    const job = await client.query<{
      organization_id: string;
      dataset_id: string;
      status: string;
      attempts: number;
    }>(
      'SELECT organization_id, dataset_id, status, attempts FROM training_jobs WHERE id = $1 FOR UPDATE',
      [input.jobId],
    );
    const row = job.rows[0];
    if (!row) throw new NotFoundError('Job');
    // Exactly once: a job already finished, or taken over by a later attempt after this
    // trainer was presumed dead, keeps the result it has.
    const open = input.attempt === undefined ? ['queued', 'running'] : ['running'];
    if (
      !open.includes(row.status) ||
      (input.attempt !== undefined && row.attempts !== input.attempt)
    ) {
      throw new SupersededAttemptError(input.jobId, row.status);
    }
    // Serialise version numbers per dataset and task.
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [
      `${row.dataset_id}:${input.task}`,
    ]);
    const inserted = await client.query<{ id: string; version: number }>(
      `INSERT INTO models (organization_id, dataset_id, job_id, task, version, chosen, metrics, backend, params)
       SELECT $1, $2, $3, $4::task, COALESCE(MAX(version), 0) + 1, $5, $6, $7, $8
       FROM models WHERE dataset_id = $2 AND task = $4::task
       RETURNING id, version`,
      [
        row.organization_id,
        row.dataset_id,
        input.jobId,
        input.task,
        input.chosen,
        JSON.stringify(input.metrics),
        input.backend,
        JSON.stringify(input.params),
      ],
    );
    const model: ModelVersion = {
      modelId: inserted.rows[0]!.id,
      version: inserted.rows[0]!.version,
      organizationId: row.organization_id,
      datasetId: row.dataset_id,
    };
    await writePredictions(client, model);
    await client.query(
      `UPDATE training_jobs SET status = 'succeeded', finished_at = now(), progress_ratio = 1,
              backend = $2, progress = '{"phase":"done"}',
              timeline = timeline || jsonb_build_array(jsonb_build_object('at', now(), 'event', 'succeeded', 'attempt', attempts, 'detail', 'model version ' || $3::int))
       WHERE id = $1`,
      [input.jobId, input.backend, model.version],
    );
    await client.query('COMMIT');
    return model;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/** A result arrived for a job that is no longer this attempt's to finish. */
export class SupersededAttemptError extends Error {
  constructor(jobId: string, status: string) {
    super(`Job ${jobId} is ${status} or taken over by a later attempt; this result is dropped`);
    this.name = 'SupersededAttemptError';
  }
}

/** The model a task shows for a dataset (scoped): the pinned version, else the newest; or null. */
export async function latestModel(
  db: DbHandle,
  organizationId: string,
  datasetId: string,
  task: Task,
) {
  return db.prisma.model.findFirst({
    where: { organizationId, datasetId, task },
    orderBy: [{ pinned: 'desc' }, { version: 'desc' }],
  });
}

export interface ModelHistoryEntry {
  id: string;
  task: Task;
  version: number;
  chosen: string;
  backend: string;
  pinned: boolean;
  createdAt: Date;
  jobId: string;
  metrics: unknown;
}

/** Every kept version of a dataset's models, newest first. */
export async function listModels(
  db: DbHandle,
  organizationId: string,
  datasetId: string,
  task?: Task,
): Promise<ModelHistoryEntry[]> {
  const { rows } = await db.pool.query<ModelHistoryEntry>(
    `SELECT id, task, version, chosen, backend, pinned, created_at AS "createdAt", job_id AS "jobId", metrics
     FROM models WHERE organization_id = $1 AND dataset_id = $2 AND ($3::task IS NULL OR task = $3)
     ORDER BY task, version DESC`,
    [organizationId, datasetId, task ?? null],
  );
  return rows;
}

/** Pins a version (the pages and API show it instead of the newest), or unpins with null. */
export async function pinModel(
  db: DbHandle,
  organizationId: string,
  datasetId: string,
  task: Task,
  version: number | null,
): Promise<void> {
  const client = await db.pool.connect();
  try {
    await client.query('BEGIN');
    if (version !== null) {
      const found = await client.query(
        'SELECT 1 FROM models WHERE organization_id = $1 AND dataset_id = $2 AND task = $3::task AND version = $4',
        [organizationId, datasetId, task, version],
      );
      if (found.rowCount === 0) throw new NotFoundError('Model version');
    }
    await client.query(
      'UPDATE models SET pinned = false WHERE organization_id = $1 AND dataset_id = $2 AND task = $3::task AND pinned',
      [organizationId, datasetId, task],
    );
    if (version !== null) {
      await client.query(
        'UPDATE models SET pinned = true WHERE organization_id = $1 AND dataset_id = $2 AND task = $3::task AND version = $4',
        [organizationId, datasetId, task, version],
      );
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/**
 * Deletes a dataset's model versions of a task beyond the newest `keep` (their predictions go
 * with them), never the pinned one; returns how many were deleted.
 */
export async function pruneModels(
  db: DbHandle,
  datasetId: string,
  task: Task,
  keep: number,
): Promise<number> {
  const { rowCount } = await db.pool.query(
    `DELETE FROM models WHERE dataset_id = $1 AND task = $2::task AND NOT pinned
       AND version <= (SELECT max(version) FROM models WHERE dataset_id = $1 AND task = $2::task) - $3`,
    [datasetId, task, keep],
  );
  return rowCount ?? 0;
}
