import type { DbHandle } from './client';
import type { NotificationRecord } from './alerts';

// Reads for the weekly digest and for notification e-mails (the trainer's delivery jobs). Every
// digest read takes the organization id; `organizationsWithDatasets` and `notificationForEmail`
// are the trainer's cross-organization entry points (a sweep, and a job that carries only an id).

/** Organizations with at least one dataset: the ones a weekly digest is built for. */
export async function organizationsWithDatasets(
  db: DbHandle,
): Promise<{ id: string; name: string }[]> {
  const { rows } = await db.pool.query<{ id: string; name: string }>(
    `SELECT o.id, o.name FROM organization o
     WHERE EXISTS (SELECT 1 FROM datasets d WHERE d.organization_id = o.id)
     ORDER BY o.id`,
  );
  return rows;
}

/** A notification with what e-mailing it needs: its organization and who receives it. */
export interface NotificationForEmail {
  organizationId: string;
  organizationName: string;
  notification: NotificationRecord;
  /** False for an alert whose rule has e-mail turned off (digests are always e-mailed). */
  emailWanted: boolean;
  /** The organization's owners and admins, owner first. */
  recipients: { name: string; email: string; role: 'owner' | 'admin' }[];
}

export async function notificationForEmail(
  db: DbHandle,
  notificationId: string,
): Promise<NotificationForEmail | null> {
  const { rows } = await db.pool.query<NotificationForEmail>(
    `SELECT n.organization_id AS "organizationId", o.name AS "organizationName",
            json_build_object('id', n.id, 'kind', n.kind, 'title', n.title, 'body', n.body,
              'link', n.link, 'data', n.data, 'createdAt', n.created_at, 'readAt', n.read_at) AS notification,
            coalesce((SELECT r.email FROM alert_events e JOIN alert_rules r ON r.id = e.rule_id
                      WHERE e.id = n.alert_event_id), n.kind = 'digest') AS "emailWanted",
            coalesce((SELECT json_agg(json_build_object('name', u.name, 'email', u.email, 'role', m.role)
                               ORDER BY m.role = 'owner' DESC, m."createdAt")
                      FROM member m JOIN "user" u ON u.id = m."userId"
                      WHERE m."organizationId" = n.organization_id AND m.role IN ('owner', 'admin')),
                     '[]') AS recipients
     FROM notifications n JOIN organization o ON o.id = n.organization_id
     WHERE n.id = $1`,
    [notificationId],
  );
  const row = rows[0];
  if (!row) return null;
  return {
    ...row,
    notification: { ...row.notification, createdAt: new Date(row.notification.createdAt) },
  };
}

/** One series of a market dataset: its latest value and the value about a week before it. */
export interface SeriesWeekChange {
  series: string;
  latest: { date: string; value: number };
  /** The latest value dated 7 or more days before `latest` (null: the series starts later). */
  previous: { date: string; value: number } | null;
}

/**
 * Every series of a market dataset with its latest value before `before` (YYYY-MM-DD, exclusive)
 * and the latest value at least 7 days older (week over week for daily data; the previous point
 * for weekly or monthly data).
 */
export async function marketSeriesChanges(
  db: DbHandle,
  organizationId: string,
  datasetId: string,
  before: string,
): Promise<SeriesWeekChange[]> {
  const { rows } = await db.pool.query<{
    series: string;
    date: string;
    value: number;
    prev_date: string | null;
    prev_value: number | null;
  }>(
    `WITH latest AS (
       SELECT DISTINCT ON (series) series, date, value FROM market_points
       WHERE organization_id = $1 AND dataset_id = $2 AND date < $3::date
       ORDER BY series, date DESC)
     SELECT l.series, l.date::text AS date, l.value, p.date::text AS prev_date, p.value AS prev_value
     FROM latest l
     LEFT JOIN LATERAL (
       SELECT m.date, m.value FROM market_points m
       WHERE m.dataset_id = $2 AND m.series = l.series AND m.date <= l.date - 7
       ORDER BY m.date DESC LIMIT 1) p ON true
     ORDER BY l.series`,
    [organizationId, datasetId, before],
  );
  return rows.map((r) => ({
    series: r.series,
    latest: { date: r.date, value: r.value },
    previous:
      r.prev_date !== null && r.prev_value !== null
        ? { date: r.prev_date, value: r.prev_value }
        : null,
  }));
}

/** Users active and events recorded in one week (Monday to Sunday) of an events dataset. */
export interface WeekActivity {
  /** The Monday, YYYY-MM-DD. */
  weekStart: string;
  activeUsers: number;
  events: number;
}

/**
 * The latest full week of an events dataset's behaviour aggregates that ends before `before`
 * (YYYY-MM-DD, exclusive) and within the data, and the week before it (null when the data starts
 * that week). Null when the aggregates are not built or no full week is covered.
 */
export async function weeklyActivity(
  db: DbHandle,
  organizationId: string,
  datasetId: string,
  before: string,
): Promise<{ week: WeekActivity; previous: WeekActivity | null } | null> {
  const { rows } = await db.pool.query<WeekActivity & { first_day: string }>(
    // The span of the data: from the per-user rollup (PostgreSQL), else the dataset's stored
    // range (events in ClickHouse keep no per-user rows here).
    `WITH span AS (
       SELECT coalesce(min(u.first_day), d.date_from) AS first_day, coalesce(max(u.last_day), d.date_to) AS last_day
       FROM datasets d LEFT JOIN analytics_users u ON u.dataset_id = d.id
       WHERE d.id = $2 AND d.organization_id = $1 GROUP BY d.date_from, d.date_to)
     SELECT a.period::text AS "weekStart", a.active_users AS "activeUsers", a.events,
            s.first_day::text AS first_day
     FROM analytics_activity a CROSS JOIN span s
     WHERE a.dataset_id = $2 AND a.organization_id = $1 AND a.grain = 'week'
       AND a.period + 6 <= least(s.last_day, $3::date - 1)
     ORDER BY a.period DESC LIMIT 2`,
    [organizationId, datasetId, before],
  );
  const [week, earlier] = rows;
  if (!week) return null;
  const previousStart = isoDay(Date.parse(week.weekStart) - 7 * 86_400_000);
  // The week before counts when the data covers all of it: a missing row there means no activity.
  const covered = week.first_day <= previousStart;
  const previous =
    earlier?.weekStart === previousStart
      ? earlier
      : covered
        ? { weekStart: previousStart, activeUsers: 0, events: 0 }
        : null;
  const strip = ({ weekStart, activeUsers, events }: WeekActivity) => ({
    weekStart,
    activeUsers,
    events,
  });
  return { week: strip(week), previous: previous && strip(previous) };
}

function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** One forecast point with the actual value that later arrived for its date. */
export interface ForecastActual {
  series: string;
  date: string;
  p10: number;
  p50: number;
  p90: number;
  actual: number;
}

/**
 * The newest forecast model (trained before `before`, UTC midnight) that actual values have since
 * arrived for, with each of its points that has an actual dated before `before` (YYYY-MM-DD,
 * exclusive).
 * Null when no forecast overlaps the data yet (e.g. every forecast was retrained on the newest
 * upload, so none of its dates has happened).
 */
export async function forecastVsActuals(
  db: DbHandle,
  organizationId: string,
  datasetId: string,
  before: string,
): Promise<{ modelId: string; version: number; trainedAt: Date; points: ForecastActual[] } | null> {
  const { rows } = await db.pool.query<
    ForecastActual & { model_id: string; version: number; created_at: Date }
  >(
    `WITH models_before AS (
       SELECT id, version, created_at FROM models
       WHERE organization_id = $1 AND dataset_id = $2 AND task = 'forecast'
         AND created_at < $3::date::timestamp AT TIME ZONE 'UTC'),
     chosen AS (
       SELECT mb.* FROM models_before mb
       WHERE EXISTS (
         SELECT 1 FROM forecast_points p JOIN market_points a
           ON a.dataset_id = $2 AND a.series = p.series AND a.date = p.date
         WHERE p.model_id = mb.id AND p.organization_id = $1 AND a.date < $3::date)
       ORDER BY mb.version DESC LIMIT 1)
     SELECT c.id AS model_id, c.version, c.created_at, p.series, p.date::text AS date,
            p.p10, p.p50, p.p90, a.value AS actual
     FROM chosen c
     JOIN forecast_points p ON p.model_id = c.id AND p.organization_id = $1
     JOIN market_points a ON a.dataset_id = $2 AND a.series = p.series AND a.date = p.date
     WHERE a.date < $3::date
     ORDER BY p.series, p.date`,
    [organizationId, datasetId, before],
  );
  const first = rows[0];
  if (!first) return null;
  return {
    modelId: first.model_id,
    version: first.version,
    trainedAt: first.created_at,
    points: rows.map(({ series, date, p10, p50, p90, actual }) => ({
      series,
      date,
      p10,
      p50,
      p90,
      actual,
    })),
  };
}

/** The headline numbers of one stored runway assessment (a risk model). */
export interface RunwaySnapshot {
  modelId: string;
  version: number;
  assessedAt: Date;
  /** Months of median (p50) runway; null when more than half the paths never run out. */
  runwayP50: number | null;
  /** Months simulated. */
  horizon: number;
  /** P(cash runs out within 6 months), 0–1; null when the horizon is shorter than 6 months. */
  cashOut6: number | null;
}

/** A financials dataset's risk assessments made before `before`, newest first (at most 20). */
export async function runwaySnapshots(
  db: DbHandle,
  organizationId: string,
  datasetId: string,
  before: Date,
): Promise<RunwaySnapshot[]> {
  const { rows } = await db.pool.query<{
    id: string;
    version: number;
    created_at: Date;
    p50: number | null;
    horizon: number | null;
    summary6: number | null;
    month6: number | null;
  }>(
    `SELECT id, version, created_at,
            (metrics #>> '{runway,p50}')::float8 AS p50,
            (metrics ->> 'horizon')::int AS horizon,
            (metrics #>> '{summary,6}')::float8 AS summary6,
            (SELECT (c ->> 'p')::float8 FROM jsonb_array_elements(
               CASE WHEN jsonb_typeof(metrics -> 'probabilityCashOut') = 'array'
                    THEN metrics -> 'probabilityCashOut' ELSE '[]' END) c
             WHERE (c ->> 'month')::int = 6 LIMIT 1) AS month6
     FROM models
     WHERE organization_id = $1 AND dataset_id = $2 AND task = 'risk' AND created_at < $3
       AND jsonb_typeof(metrics -> 'runway') = 'object'
     ORDER BY version DESC LIMIT 20`,
    [organizationId, datasetId, before],
  );
  return rows.map((r) => ({
    modelId: r.id,
    version: r.version,
    assessedAt: r.created_at,
    runwayP50: r.p50,
    horizon: r.horizon ?? 0,
    cashOut6: r.summary6 ?? r.month6,
  }));
}

/** How many scores of a churn model are at or above a threshold. */
export async function churnScoresAbove(
  db: DbHandle,
  organizationId: string,
  modelId: string,
  threshold: number,
): Promise<number> {
  const { rows } = await db.pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM churn_scores
     WHERE organization_id = $1 AND model_id = $2 AND score >= $3`,
    [organizationId, modelId, threshold],
  );
  return rows[0]!.n;
}
