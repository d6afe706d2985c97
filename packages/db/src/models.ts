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
    const job = await client.query<{ organization_id: string; dataset_id: string }>(
      'SELECT organization_id, dataset_id FROM training_jobs WHERE id = $1 FOR UPDATE',
      [input.jobId],
    );
    const row = job.rows[0];
    if (!row) throw new NotFoundError('Job');
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
              backend = $2, progress = '{"phase":"done"}'
       WHERE id = $1`,
      [input.jobId, input.backend],
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

/** The latest model of a task for a dataset (scoped), or null. */
export async function latestModel(
  db: DbHandle,
  organizationId: string,
  datasetId: string,
  task: Task,
) {
  return db.prisma.model.findFirst({
    where: { organizationId, datasetId, task },
    orderBy: { version: 'desc' },
  });
}
