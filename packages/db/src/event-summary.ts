import type { DbHandle } from './client';

/**
 * A ClickHouse events dataset's analytics summary (its shape belongs to packages/events), kept on
 * the dataset's row: written by each refresh, read by the pages, dropped with the dataset. It is
 * written only while `batches` (the loads it counted) are still the dataset's committed loads, so
 * a slow refresh never replaces the summary of a later one. Returns whether it was written.
 */
export async function saveEventSummary(
  db: DbHandle,
  scope: { organizationId: string; datasetId: string },
  batches: string[],
  summary: unknown,
): Promise<boolean> {
  const { rowCount } = await db.pool.query(
    `UPDATE datasets SET event_summary = $3
     WHERE id = $1 AND organization_id = $2
       AND (SELECT coalesce(array_agg(b.id ORDER BY b.created_at, b.id), '{}')
            FROM event_batches b WHERE b.dataset_id = $1) = $4::text[]`,
    [scope.datasetId, scope.organizationId, JSON.stringify(summary), batches],
  );
  return rowCount === 1;
}

/** The stored summary (null before the first refresh), as written. */
export async function loadEventSummary(
  db: DbHandle,
  scope: { organizationId: string; datasetId: string },
): Promise<unknown> {
  const { rows } = await db.pool.query<{ summary: unknown }>(
    'SELECT event_summary AS summary FROM datasets WHERE id = $1 AND organization_id = $2',
    [scope.datasetId, scope.organizationId],
  );
  return rows[0]?.summary ?? null;
}
