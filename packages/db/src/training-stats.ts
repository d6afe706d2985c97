import type { DbHandle } from './client';
import { customerLabelCounts } from './customers';
import { getDataset } from './datasets';

/** What decides whether a dataset is enough to train each task (see the API's task readiness). */
export type TrainingStats =
  | { kind: 'market'; series: number; shortest: { series: string; points: number } | null }
  | { kind: 'financials'; periods: number }
  | {
      kind: 'events';
      spanDays: number;
      /** Users who used at least two distinct items. */
      usersWithTwoItems: number;
      items: number;
    }
  | { kind: 'customers'; label: string | null; labelCounts: Record<string, number> };

/** Counts of a stored dataset that the tasks' minimums are about, scoped by organization. */
export async function trainingStats(
  db: DbHandle,
  organizationId: string,
  datasetId: string,
): Promise<TrainingStats> {
  const { kind } = await getDataset(db, organizationId, datasetId);
  const scope = [datasetId, organizationId];
  switch (kind) {
    case 'market': {
      const { rows } = await db.pool.query<{ series: string; points: number }>(
        `SELECT series, count(*)::int AS points FROM market_points
         WHERE dataset_id = $1 AND organization_id = $2 GROUP BY series ORDER BY points, series`,
        scope,
      );
      return { kind, series: rows.length, shortest: rows[0] ?? null };
    }
    case 'financials': {
      const { rows } = await db.pool.query<{ periods: number }>(
        `SELECT count(*)::int AS periods FROM financial_periods
         WHERE dataset_id = $1 AND organization_id = $2`,
        scope,
      );
      return { kind, periods: rows[0]?.periods ?? 0 };
    }
    case 'events': {
      // Stored by each load (on whichever engine holds the rows); computed here for older datasets.
      const stored = await db.pool.query<{ stats: Omit<TrainingStats & { kind: 'events' }, 'kind'> | null }>(
        'SELECT event_stats AS stats FROM datasets WHERE id = $1 AND organization_id = $2',
        scope,
      );
      const saved = stored.rows[0]?.stats;
      if (saved) return { kind, ...saved };
      const { rows } = await db.pool.query<{ span_days: number; users: number; items: number }>(
        `SELECT
           coalesce(extract(epoch FROM max(occurred_at) - min(occurred_at)) / 86400, 0)::float8 AS span_days,
           (SELECT count(*)::int FROM (
              SELECT user_id FROM events
              WHERE dataset_id = $1 AND organization_id = $2 AND item_id IS NOT NULL
              GROUP BY user_id HAVING count(DISTINCT item_id) >= 2) AS u) AS users,
           count(DISTINCT item_id)::int AS items
         FROM events WHERE dataset_id = $1 AND organization_id = $2`,
        scope,
      );
      const row = rows[0];
      return {
        kind,
        spanDays: row?.span_days ?? 0,
        usersWithTwoItems: row?.users ?? 0,
        items: row?.items ?? 0,
      };
    }
    case 'customers':
      return { kind, ...(await customerLabelCounts(db, organizationId, datasetId)) };
  }
}
