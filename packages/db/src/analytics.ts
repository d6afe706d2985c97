import type { DbHandle } from './client';
import { featureCountsSql } from './analytics-features-sql';
import {
  clampOverviewRange,
  funnelDefinition,
  shapeActivityDistribution,
  shapeEventVolume,
  shapeFeatureRetention,
  shapeFunnelSteps,
  shapeRetentionCohorts,
  type FeatureCounts,
} from './analytics-shape';
import { NotFoundError } from './errors';

export type Grain = 'day' | 'week' | 'month';
export type AnalyticsStatus = 'ready' | 'computing';

/** The dataset is not an events dataset (behaviour analytics need user events). */
export class NotEventsDatasetError extends Error {
  constructor() {
    super('Behaviour analytics needs an events dataset (user id, timestamp, event name)');
    this.name = 'NotEventsDatasetError';
  }
}

async function analyticsStatus(
  db: DbHandle,
  organizationId: string,
  datasetId: string,
): Promise<AnalyticsStatus> {
  const { rows } = await db.pool.query<{ kind: string; ready: boolean }>(
    `SELECT kind, analytics_refreshed_at IS NOT NULL AS ready FROM datasets WHERE id = $1 AND organization_id = $2`,
    [datasetId, organizationId],
  );
  const d = rows[0];
  if (!d) throw new NotFoundError('Dataset');
  if (d.kind !== 'events') throw new NotEventsDatasetError();
  return d.ready ? 'ready' : 'computing';
}

export interface ActivityPoint {
  period: string;
  activeUsers: number;
  newUsers: number;
  returningUsers: number;
  events: number;
  revenue: number;
  /** DAU/MAU (per day), or the period's average DAU over its last MAU; null when filtered by event. */
  stickiness: number | null;
}

export interface Overview {
  status: AnalyticsStatus;
  range: { from: string; to: string } | null;
  eventNames: string[];
  series: ActivityPoint[];
  /** Events in the range; users: everyone who ever did it. */
  eventVolume: { event: string; events: number; users: number }[];
  /** How many users did 1, 2–3, 4–7 … events (of the filtered event, if any) within the range. */
  activityDistribution: { bucket: string; users: number }[];
  /** Users active in the range, their events and revenue; of the filtered event only, if any. */
  totals: { users: number; events: number; revenue: number };
}

/** floor(log2(events)) → bucket index (ACTIVITY_BUCKETS), capped (integer comparisons: cheap on 50k users). */
const BUCKET_SQL = `CASE WHEN n >= 64 THEN 6 WHEN n >= 32 THEN 5 WHEN n >= 16 THEN 4 WHEN n >= 8 THEN 3
  WHEN n >= 4 THEN 2 WHEN n >= 2 THEN 1 ELSE 0 END`;

/**
 * Active, new and returning users, events and revenue per day, week or month, optionally for
 * one event; stickiness; event volume; and the events-per-user distribution. Reads the
 * aggregates (thousands of rows); a custom date range reads the per-user distribution from the
 * per-user-day rollups (never the events).
 */
export async function analyticsOverview(
  db: DbHandle,
  organizationId: string,
  datasetId: string,
  filter: { from?: string; to?: string; event?: string; grain?: Grain } = {},
): Promise<Overview> {
  const status = await analyticsStatus(db, organizationId, datasetId);
  const empty: Overview = {
    status,
    range: null,
    eventNames: [],
    series: [],
    eventVolume: [],
    activityDistribution: [],
    totals: { users: 0, events: 0, revenue: 0 },
  };
  if (status !== 'ready') return empty;
  const grain = filter.grain ?? 'day';
  const base = [datasetId, organizationId];
  const [rangeRows, names] = await Promise.all([
    db.pool.query<{ from: string | null; to: string | null }>(
      `SELECT min(first_day)::text AS from, max(last_day)::text AS to FROM analytics_users
       WHERE dataset_id = $1 AND organization_id = $2`,
      base,
    ),
    db.pool.query<{ event: string; users: number }>(
      `SELECT event_name AS event, active_users AS users FROM analytics_event_activity
       WHERE dataset_id = $1 AND organization_id = $2 AND grain = 'all' ORDER BY users DESC, event`,
      base,
    ),
  ]);
  const full = rangeRows.rows[0];
  if (!full?.from || !full.to) return empty;
  const { from, to, wholeRange } = clampOverviewRange({ from: full.from, to: full.to }, filter);
  const periodArgs = [...base, grain, from, to];
  // Periods that overlap the range.
  const inRange = `period >= date_trunc($3, $4::date)::date AND period <= $5::date`;

  const seriesQuery = filter.event
    ? db.pool.query<ActivityPoint>(
        `WITH firsts AS (
           SELECT date_trunc($3, (first_at AT TIME ZONE 'UTC')::date)::date AS period, count(*)::int AS n
           FROM analytics_user_events WHERE dataset_id = $1 AND organization_id = $2 AND event_name = $6
           GROUP BY 1)
         SELECT a.period::text AS period, a.active_users AS "activeUsers", coalesce(f.n, 0) AS "newUsers",
                a.active_users - coalesce(f.n, 0) AS "returningUsers", a.events, a.revenue, NULL::float8 AS stickiness
         FROM analytics_event_activity a LEFT JOIN firsts f ON f.period = a.period
         WHERE a.dataset_id = $1 AND a.organization_id = $2 AND a.grain = $3 AND a.event_name = $6 AND ${inRange.replaceAll('period', 'a.period')}
         ORDER BY a.period`,
        [...periodArgs, filter.event],
      )
    : db.pool.query<ActivityPoint>(
        `WITH days AS (
           SELECT date_trunc($3, period)::date AS bucket, avg(active_users) AS dau,
                  (array_agg(mau ORDER BY period DESC))[1] AS mau
           FROM analytics_activity WHERE dataset_id = $1 AND organization_id = $2 AND grain = 'day'
           GROUP BY 1)
         SELECT a.period::text AS period, a.active_users AS "activeUsers", a.new_users AS "newUsers",
                a.active_users - a.new_users AS "returningUsers", a.events, a.revenue,
                CASE WHEN d.mau > 0 THEN (CASE WHEN $3 = 'day' THEN a.active_users ELSE d.dau END)::float8 / d.mau END AS stickiness
         FROM analytics_activity a LEFT JOIN days d ON d.bucket = a.period
         WHERE a.dataset_id = $1 AND a.organization_id = $2 AND a.grain = $3 AND ${inRange.replaceAll('period', 'a.period')}
         ORDER BY a.period`,
        periodArgs,
      );

  const volumeQuery = db.pool.query<{ event: string; events: number }>(
    `SELECT event_name AS event, sum(events)::int AS events FROM analytics_event_activity
     WHERE dataset_id = $1 AND organization_id = $2 AND grain = 'day' AND period BETWEEN $3::date AND $4::date
     GROUP BY event_name ORDER BY events DESC`,
    [...base, from, to],
  );

  // Users and their event counts, for the distribution and the Users card: with an event filter,
  // only that event's users and only their events of that name (as the Events card counts them).
  const eventArg = filter.event ? `$${wholeRange ? 3 : 5}` : null;
  const perUser = wholeRange
    ? eventArg
      ? `SELECT events AS n FROM analytics_user_events WHERE dataset_id = $1 AND organization_id = $2 AND event_name = ${eventArg}`
      : `SELECT events AS n FROM analytics_users WHERE dataset_id = $1 AND organization_id = $2`
    : `SELECT sum(events) AS n FROM ${eventArg ? 'analytics_user_event_days' : 'analytics_user_days'}
       WHERE dataset_id = $1 AND organization_id = $2
         ${eventArg ? `AND event_name = ${eventArg} ` : ''}AND day BETWEEN $3::date AND $4::date
       GROUP BY user_id`;
  const perUserArgs = wholeRange ? base : [...base, from, to];
  const distributionQuery = db.pool.query<{ bucket: number; users: number }>(
    `SELECT ${BUCKET_SQL} AS bucket, count(*)::int AS users FROM (${perUser}) per_user GROUP BY 1 ORDER BY 1`,
    filter.event ? [...perUserArgs, filter.event] : perUserArgs,
  );
  // Events and revenue in the range: of the filtered event only, when there is a filter.
  const totalsQuery = filter.event
    ? db.pool.query<{ events: number; revenue: number }>(
        `SELECT coalesce(sum(events), 0)::int AS events, coalesce(sum(revenue), 0)::float8 AS revenue
         FROM analytics_event_activity WHERE dataset_id = $1 AND organization_id = $2 AND grain = 'day'
           AND event_name = $5 AND period BETWEEN $3::date AND $4::date`,
        [...base, from, to, filter.event],
      )
    : db.pool.query<{ events: number; revenue: number }>(
        `SELECT coalesce(sum(events), 0)::int AS events, coalesce(sum(revenue), 0)::float8 AS revenue
         FROM analytics_activity WHERE dataset_id = $1 AND organization_id = $2 AND grain = 'day' AND period BETWEEN $3::date AND $4::date`,
        [...base, from, to],
      );

  const [series, volume, distribution, totals] = await Promise.all([
    seriesQuery,
    volumeQuery,
    distributionQuery,
    totalsQuery,
  ]);
  const activityDistribution = shapeActivityDistribution(
    new Map(distribution.rows.map((r) => [r.bucket, r.users])),
  );
  return {
    status,
    range: { from: full.from, to: full.to },
    eventNames: names.rows.map((n) => n.event),
    series: series.rows,
    eventVolume: shapeEventVolume(volume.rows, names.rows),
    activityDistribution,
    totals: {
      users: activityDistribution.reduce((s, b) => s + b.users, 0),
      events: totals.rows[0]!.events,
      revenue: totals.rows[0]!.revenue,
    },
  };
}

export interface RetentionCohort {
  cohort: string;
  size: number;
  /** Share of the cohort active in period 0, 1, 2… after its first (period 0 is 1). */
  retained: number[];
}

/** Cohorts by first active week or month, and the share of each active in every later period. */
export async function analyticsRetention(
  db: DbHandle,
  organizationId: string,
  datasetId: string,
  grain: 'week' | 'month',
): Promise<{ status: AnalyticsStatus; cohorts: RetentionCohort[] }> {
  const status = await analyticsStatus(db, organizationId, datasetId);
  const { rows } = await db.pool.query<{ cohort: string; period: number; users: number }>(
    `SELECT cohort::text AS cohort, period, users FROM analytics_retention
     WHERE dataset_id = $1 AND organization_id = $2 AND grain = $3 ORDER BY cohort, period`,
    [datasetId, organizationId, grain],
  );
  return { status, cohorts: shapeRetentionCohorts(rows) };
}

export interface FeatureRetention {
  event: string;
  adopters: number;
  adoption: number;
  adopterRetention: number;
  nonAdopterRetention: number;
  difference: number;
  ci95: [number, number];
  lift: number | null;
  significant: boolean;
  /** False when every eligible user adopted it (or none did): nothing to compare with. */
  comparable: boolean;
}

/**
 * For each event treated as a feature: how many users adopted it within their first
 * `horizonDays` days, and whether adopters were still active `horizonDays` days after they
 * started more often than non-adopters (difference with a 95% normal-approximation interval).
 * Only users whose first day is at least `horizonDays` before the end of the data count.
 */
export async function analyticsFeatures(
  db: DbHandle,
  organizationId: string,
  datasetId: string,
  horizonDays = 30,
): Promise<{
  status: AnalyticsStatus;
  horizonDays: number;
  eligibleUsers: number;
  definition: string;
  features: FeatureRetention[];
}> {
  const status = await analyticsStatus(db, organizationId, datasetId);
  // The default horizon is precomputed after every load; others are computed here.
  const stored = await db.pool.query<FeatureCounts>(
    `SELECT nullif(event_name, '') AS event, users AS n, retained FROM analytics_features
     WHERE dataset_id = $1 AND organization_id = $2 AND horizon_days = $3`,
    [datasetId, organizationId, horizonDays],
  );
  const rows =
    stored.rows.length > 0
      ? stored.rows
      : (
          await db.pool.query<FeatureCounts>(
            // The dataset's organization was checked above.
            featureCountsSql('$1', '$2'),
            [datasetId, horizonDays],
          )
        ).rows;
  return { status, horizonDays, ...shapeFeatureRetention(rows, horizonDays) };
}

export interface FunnelStep {
  event: string;
  users: number;
  conversionFromPrevious: number | null;
  conversionFromFirst: number;
  medianHoursFromPrevious: number | null;
}

/**
 * An ordered funnel over each user's first time doing each step's event: a user reaches step k
 * when their first use of its event came at or after their first use of step k−1's (and, with
 * `withinDays`, within that many days of their first step).
 */
export async function analyticsFunnel(
  db: DbHandle,
  organizationId: string,
  datasetId: string,
  steps: string[],
  withinDays?: number,
): Promise<{ status: AnalyticsStatus; steps: FunnelStep[]; definition: string }> {
  const status = await analyticsStatus(db, organizationId, datasetId);
  const ctes = steps.map((_, i) => {
    const eventParam = `$${i + 3}`;
    if (i === 0) {
      return `s0 AS (SELECT user_id, first_at AS t, first_at AS start, NULL::float8 AS hours
        FROM analytics_user_events WHERE dataset_id = $1 AND organization_id = $2 AND event_name = ${eventParam})`;
    }
    return `s${i} AS (SELECT e.user_id, e.first_at AS t, p.start, extract(epoch FROM e.first_at - p.t) / 3600 AS hours
      FROM analytics_user_events e JOIN s${i - 1} p ON p.user_id = e.user_id
      WHERE e.dataset_id = $1 AND e.organization_id = $2 AND e.event_name = ${eventParam} AND e.first_at >= p.t
        ${withinDays ? `AND e.first_at <= p.start + make_interval(days => ${Math.floor(withinDays)})` : ''})`;
  });
  const selects = steps.map(
    (_, i) =>
      `SELECT ${i} AS step, count(*)::int AS users,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY hours) AS median FROM s${i}`,
  );
  const { rows } = await db.pool.query<{ step: number; users: number; median: number | null }>(
    `WITH ${ctes.join(',\n')} ${selects.join(' UNION ALL ')} ORDER BY step`,
    [datasetId, organizationId, ...steps],
  );
  return { status, steps: shapeFunnelSteps(steps, rows), definition: funnelDefinition(withinDays) };
}
