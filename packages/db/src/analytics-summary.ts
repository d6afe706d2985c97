import type { ActivityPoint } from './analytics';
import type { DbHandle } from './client';
import { inTransaction } from './transaction';
import type { ColumnProfile } from './dataset-profile';

/**
 * Keeps the few hundred rows of daily and weekly activity in PostgreSQL's `analytics_activity`
 * (what alerts and the weekly digest read, whichever engine holds the events: ClickHouse keeps no
 * rollups here) with the profile,
 * and marks the dataset's analytics ready, in one transaction.
 */
export async function saveActivitySummary(
  db: DbHandle,
  scope: { organizationId: string; datasetId: string },
  series: Record<'day' | 'week', ActivityPoint[]>,
  profile: ColumnProfile[],
): Promise<void> {
  await inTransaction(db, async (client) => {
    await client.query('DELETE FROM analytics_activity WHERE dataset_id = $1', [scope.datasetId]);
    for (const [grain, points] of Object.entries(series)) {
      if (points.length === 0) continue;
      await client.query(
        `INSERT INTO analytics_activity (dataset_id, organization_id, grain, period, active_users, new_users, events, revenue)
         SELECT $1, $2, $3, p.period::date, p.active, p.new, p.events, p.revenue
         FROM jsonb_to_recordset($4::jsonb) AS p(period text, active int, new int, events int, revenue float8)`,
        [
          scope.datasetId,
          scope.organizationId,
          grain,
          JSON.stringify(
            points.map((p) => ({
              period: p.period,
              active: p.activeUsers,
              new: p.newUsers,
              events: p.events,
              revenue: p.revenue,
            })),
          ),
        ],
      );
    }
    await client.query(
      'UPDATE datasets SET profile = $3, analytics_refreshed_at = now() WHERE id = $1 AND organization_id = $2',
      [scope.datasetId, scope.organizationId, JSON.stringify(profile)],
    );
  });
}
