import {
  analyticsFeatures,
  analyticsFunnel,
  analyticsOverview,
  analyticsRetention,
  eventStats,
  loadEvents,
  previewDataset,
  recentItemsForUser,
  refreshAnalytics,
  refreshDatasetProfile,
  type ActivityPoint,
  type DbHandle,
} from '@foresight/db';
import type pg from 'pg';
import type { DatasetScope, EventLoad, EventsEngine, EventStats, OverviewFilter } from '../engine';
import { postgresEventLog, postgresInteractions } from './training-reads';

/**
 * Events in PostgreSQL (the default): rows in the time-partitioned `events` table, loaded in the
 * import's transaction, with rollups kept up to date by each load and the job after it.
 */
export class PostgresEventsEngine implements EventsEngine {
  readonly name = 'postgres' as const;

  constructor(private readonly db: DbHandle) {}

  load(tx: pg.PoolClient, load: EventLoad): Promise<void> {
    return loadEvents(tx, {
      organizationId: load.organizationId,
      datasetId: load.datasetId,
      replace: load.replace,
      rows: load.rows,
    });
  }

  async stats(tx: pg.PoolClient, scope: DatasetScope): Promise<EventStats> {
    const s = await eventStats(tx, scope.datasetId);
    const { rows } = await tx.query<{ span_days: number; items: number; users: number }>(
      `SELECT coalesce(extract(epoch FROM max(occurred_at) - min(occurred_at)) / 86400, 0)::float8 AS span_days,
              count(DISTINCT item_id)::int AS items,
              (SELECT count(*)::int FROM (
                 SELECT user_id FROM events WHERE dataset_id = $1 AND item_id IS NOT NULL
                 GROUP BY user_id HAVING count(DISTINCT item_id) >= 2) AS u) AS users
       FROM events WHERE dataset_id = $1`,
      [scope.datasetId],
    );
    const t = rows[0]!;
    return {
      rows: s.rows,
      users: s.series,
      from: s.from,
      to: s.to,
      spanDays: t.span_days,
      usersWithTwoItems: t.users,
      items: t.items,
    };
  }

  async refresh(scope: DatasetScope): Promise<void> {
    await refreshAnalytics(this.db, scope.datasetId);
    await refreshDatasetProfile(this.db, scope.organizationId, scope.datasetId);
  }

  /** Nothing to do: a trigger deletes a deleted dataset's events. */
  async remove(): Promise<void> {}

  /** Nothing to do: a failed load's rows went with its transaction. */
  async discard(): Promise<void> {}

  overview(scope: DatasetScope, filter: OverviewFilter) {
    return analyticsOverview(this.db, scope.organizationId, scope.datasetId, filter);
  }

  retention(scope: DatasetScope, grain: 'week' | 'month') {
    return analyticsRetention(this.db, scope.organizationId, scope.datasetId, grain);
  }

  features(scope: DatasetScope, horizonDays: number) {
    return analyticsFeatures(this.db, scope.organizationId, scope.datasetId, horizonDays);
  }

  funnel(scope: DatasetScope, steps: string[], withinDays?: number) {
    return analyticsFunnel(this.db, scope.organizationId, scope.datasetId, steps, withinDays);
  }

  /** Every point carries both metrics; the day series of the overview is the daily series. */
  async daily(scope: DatasetScope): Promise<ActivityPoint[]> {
    const { series } = await analyticsOverview(this.db, scope.organizationId, scope.datasetId, {
      grain: 'day',
    });
    return series;
  }

  preview(scope: DatasetScope) {
    return previewDataset(this.db, scope.organizationId, scope.datasetId);
  }

  profile(scope: DatasetScope) {
    return refreshDatasetProfile(this.db, scope.organizationId, scope.datasetId);
  }

  async usersWhoDid(scope: DatasetScope, event: string): Promise<string[]> {
    const { rows } = await this.db.pool.query<{ user: string }>(
      `SELECT user_id AS user FROM analytics_user_events
       WHERE dataset_id = $1 AND organization_id = $2 AND event_name = $3`,
      [scope.datasetId, scope.organizationId, event],
    );
    return rows.map((r) => r.user);
  }

  async history(scope: DatasetScope, user: string, limit: number) {
    return (
      (await recentItemsForUser(this.db, scope.organizationId, scope.datasetId, user, limit)) ?? []
    );
  }

  eventLog(scope: DatasetScope) {
    return postgresEventLog(this.db.pool, scope);
  }

  interactions(scope: DatasetScope) {
    return postgresInteractions(this.db.pool, scope);
  }

  async close(): Promise<void> {}
}
