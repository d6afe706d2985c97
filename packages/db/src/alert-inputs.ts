// What alert rules read (organization-scoped): one market series, a daily behaviour metric, the
// recent forecasts of a series, and the at-risk counts of the last two churn models. The rule
// kinds that read what a page already reads (the runway card) use that page's function instead.
import type { DbHandle } from './client';
import type { ForecastPoint } from './forecasts';

/** A number over time, sorted by date (YYYY-MM-DD). */
export interface DatedValues {
  dates: string[];
  values: number[];
}

/** One series of a market dataset, or null when the organization's dataset has no such series. */
export async function readSeriesValues(
  db: DbHandle,
  organizationId: string,
  datasetId: string,
  series: string,
): Promise<DatedValues | null> {
  const { rows } = await db.pool.query<{ date: string; value: number }>(
    `SELECT date, value FROM market_points
     WHERE organization_id = $1 AND dataset_id = $2 AND series = $3
     ORDER BY date`,
    [organizationId, datasetId, series],
  );
  if (rows.length === 0) return null;
  return { dates: rows.map((r) => r.date), values: rows.map((r) => r.value) };
}

export type BehaviourMetric = 'active_users' | 'event_volume';

/**
 * Daily active users or daily events of an events dataset, every UTC day from its first to its
 * last (0 on days without events), from the behaviour-analytics aggregates. `computing` while the
 * aggregates are being rebuilt; null when the organization has no events dataset with that id.
 */
export async function readDailyBehaviour(
  db: DbHandle,
  organizationId: string,
  datasetId: string,
  metric: BehaviourMetric,
): Promise<({ status: 'ready' } & DatedValues) | { status: 'computing' } | null> {
  const dataset = await db.pool.query<{ ready: boolean }>(
    `SELECT analytics_refreshed_at IS NOT NULL AS ready FROM datasets
     WHERE id = $1 AND organization_id = $2 AND kind = 'events'`,
    [datasetId, organizationId],
  );
  if (!dataset.rows[0]) return null;
  if (!dataset.rows[0].ready) return { status: 'computing' };
  const column = metric === 'active_users' ? 'active_users' : 'events';
  const { rows } = await db.pool.query<{ date: string; value: number }>(
    `WITH days AS (
       SELECT period, ${column} AS value FROM analytics_activity
       WHERE dataset_id = $1 AND organization_id = $2 AND grain = 'day')
     SELECT d::date AS date, coalesce(days.value, 0)::float8 AS value
     FROM generate_series((SELECT min(period) FROM days), (SELECT max(period) FROM days), interval '1 day') d
     LEFT JOIN days ON days.period = d::date
     ORDER BY d`,
    [datasetId, organizationId],
  );
  return { status: 'ready', dates: rows.map((r) => r.date), values: rows.map((r) => r.value) };
}

/** A stored forecast model's points for one series. */
export interface SeriesForecast {
  modelId: string;
  version: number;
  createdAt: Date;
  /** Sorted by date; empty when the model has no points for the series. */
  points: ForecastPoint[];
}

/**
 * The dataset's most recent forecast models (by version, newest first; pinning ignored: a breach
 * is judged against what was forecast when, not against what the page shows), each with its
 * points for one series.
 */
export async function recentSeriesForecasts(
  db: DbHandle,
  organizationId: string,
  datasetId: string,
  series: string,
  limit = 5,
): Promise<SeriesForecast[]> {
  const { rows } = await db.pool.query<SeriesForecast & { points: ForecastPoint[] | null }>(
    `SELECT m.id AS "modelId", m.version, m.created_at AS "createdAt",
            (SELECT json_agg(json_build_object('date', to_char(p.date, 'YYYY-MM-DD'),
                                               'p10', p.p10, 'p50', p.p50, 'p90', p.p90) ORDER BY p.date)
             FROM forecast_points p
             WHERE p.model_id = m.id AND p.organization_id = $1 AND p.series = $3) AS points
     FROM models m
     WHERE m.organization_id = $1 AND m.dataset_id = $2 AND m.task = 'forecast'
     ORDER BY m.version DESC LIMIT $4`,
    [organizationId, datasetId, series, limit],
  );
  return rows.map((r) => ({ ...r, points: r.points ?? [] }));
}

/** One churn model's count of customers at or above an alert threshold. */
export interface ChurnAtRisk {
  modelId: string;
  version: number;
  createdAt: Date;
  /** The model's own alert threshold (its stored metrics). */
  ownThreshold: number | null;
  /** Customers the model scored. */
  scored: number;
  /** Customers scoring at or above the newest model's threshold. */
  atRisk: number;
}

/**
 * The newest two churn models of a dataset (by version, newest first), each with how many of its
 * customers score at or above the newest model's alert threshold — one bar for both, so a change
 * is customers moving, not the bar. Empty when no model was trained.
 */
export async function churnAtRiskCounts(
  db: DbHandle,
  organizationId: string,
  datasetId: string,
): Promise<{ threshold: number | null; models: ChurnAtRisk[] }> {
  const { rows } = await db.pool.query<ChurnAtRisk & { bar: number | null }>(
    `WITH m AS (
       SELECT id, version, created_at, (metrics -> 'threshold' ->> 'value')::float8 AS threshold
       FROM models WHERE organization_id = $1 AND dataset_id = $2 AND task = 'churn'
       ORDER BY version DESC LIMIT 2),
     bar AS (SELECT threshold FROM m ORDER BY version DESC LIMIT 1)
     SELECT m.id AS "modelId", m.version, m.created_at AS "createdAt", m.threshold AS "ownThreshold",
            (SELECT threshold FROM bar) AS bar,
            (SELECT count(*)::int FROM churn_scores s WHERE s.model_id = m.id AND s.organization_id = $1) AS scored,
            (SELECT count(*)::int FROM churn_scores s
             WHERE s.model_id = m.id AND s.organization_id = $1 AND s.score >= (SELECT threshold FROM bar)) AS "atRisk"
     FROM m ORDER BY m.version DESC`,
    [organizationId, datasetId],
  );
  return {
    threshold: rows[0]?.bar ?? null,
    models: rows.map((r) => ({
      modelId: r.modelId,
      version: r.version,
      createdAt: r.createdAt,
      ownThreshold: r.ownThreshold,
      scored: r.scored,
      atRisk: r.atRisk,
    })),
  };
}
