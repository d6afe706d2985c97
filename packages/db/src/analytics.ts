import type pg from 'pg';
import type { DbHandle } from './client';
import { featureCountsSql } from './analytics-features-sql';
import { BUCKET_SQL } from './analytics-refresh';
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
import { inTransaction } from './transaction';

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
    // The first and last active day (the days of analytics_users' first and last days).
    db.pool.query<{ from: string | null; to: string | null }>(
      `SELECT min(period)::text AS from, max(period)::text AS to FROM analytics_activity
       WHERE dataset_id = $1 AND organization_id = $2 AND grain = 'day'`,
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
        `SELECT period::text AS period, active_users AS "activeUsers", new_users AS "newUsers",
                active_users - new_users AS "returningUsers", events, revenue, NULL::float8 AS stickiness
         FROM analytics_event_activity
         WHERE dataset_id = $1 AND organization_id = $2 AND grain = $3 AND event_name = $6 AND ${inRange}
         ORDER BY period`,
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

  const distributionQuery = readActivityDistribution(
    db,
    base,
    { from, to, wholeRange },
    filter.event,
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
  const activityDistribution = shapeActivityDistribution(distribution);
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

/** Memory for a custom range's per-user sums (a hash of ~100 bytes per user active in it). */
const RANGE_WORK_MEM = '64MB';

/** One query in a transaction of its own, with these settings for it only (SET LOCAL). */
async function queryWithSettings<T extends pg.QueryResultRow>(
  db: DbHandle,
  settings: Record<string, string>,
  sql: string,
  args: unknown[],
): Promise<pg.QueryResult<T>> {
  return inTransaction(db, async (client) => {
    for (const [name, value] of Object.entries(settings))
      await client.query('SELECT set_config($1, $2, true)', [name, value]);
    return client.query<T>(sql, args);
  });
}

/**
 * Users per events-per-user bucket (with an event filter: that event's users, counting only their
 * events of it), for the distribution and the Users card. Stored for all of the data; a custom
 * range sums the range's per-user-day rows of each user.
 */
async function readActivityDistribution(
  db: DbHandle,
  base: string[],
  range: { from: string; to: string; wholeRange: boolean },
  event: string | undefined,
): Promise<Map<number, number>> {
  const { rows } = range.wholeRange
    ? await db.pool.query<{ bucket: number; users: number }>(
        `SELECT bucket, users FROM analytics_distribution
         WHERE dataset_id = $1 AND organization_id = $2 AND event_name = $3`,
        [...base, event ?? ''],
      )
    : await queryWithSettings<{ bucket: number; users: number }>(
        db,
        // Hashed, in memory: sorting hundreds of thousands of user ids takes several times longer,
        // and without statistics (or with a small work_mem) the planner would sort.
        { work_mem: RANGE_WORK_MEM, enable_sort: 'off' },
        `SELECT ${BUCKET_SQL} AS bucket, count(*)::int AS users FROM (
           SELECT sum(events) AS n FROM ${event ? 'analytics_user_event_days' : 'analytics_user_days'}
           WHERE dataset_id = $1 AND organization_id = $2 AND day BETWEEN $3::date AND $4::date
             ${event ? 'AND event_name = $5' : ''}
           GROUP BY user_id) per_user
         GROUP BY 1`,
        [...base, range.from, range.to, ...(event ? [event] : [])],
      );
  return new Map(rows.map((r) => [r.bucket, r.users]));
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

const US_PER_DAY = 86_400_000_000;

/** Hours in `us` microseconds, as extract(epoch FROM <an interval of that length>) / 3600 gives them. */
const hoursSql = (us: string) =>
  `(extract(epoch FROM interval '1 microsecond' * ${us}) / 3600)::float8`;

/**
 * A funnel's counts in one pass over analytics_user_firsts ($2… the steps' event codes): each
 * user's first time of each step's event (t0…, µs), the gap from the previous step for users who
 * reach step k (dk, NULL for the others), then per step the users (uk) and the median gap in hours
 * (mk). The median is percentile_cont's of the gaps in hours: the two middle gaps (lo, and lo + 2 ×
 * (midpoint − lo), exact in float8 below 2^52 µs) come from one sort of the gaps in µs.
 */
function funnelSql(steps: number, withinDays?: number): string {
  const k = Array.from({ length: steps }, (_, i) => i);
  const firsts = k.map((i) => `first_at_us[array_position(events, $${i + 2}::int)] AS t${i}`);
  const reaches = (i: number) =>
    k
      .slice(1, i + 1)
      .map((j) =>
        withinDays
          ? `t${j} >= t${j - 1} AND t${j} <= t0 + ${Math.floor(withinDays) * US_PER_DAY}`
          : `t${j} >= t${j - 1}`,
      )
      .join(' AND ');
  const gaps = k
    .slice(1)
    .map((i) => `CASE WHEN ${reaches(i)} THEN (t${i} - t${i - 1})::float8 END AS d${i}`);
  const aggregates = k.map((i) =>
    i === 0
      ? 'count(t0)::int AS u0'
      : `count(d${i})::int AS u${i}, percentile_disc(0.5) WITHIN GROUP (ORDER BY d${i}) AS lo${i},
         percentile_cont(0.5) WITHIN GROUP (ORDER BY d${i}) AS mid${i}`,
  );
  const results = k.map((i) =>
    i === 0
      ? 'u0'
      : `u${i}, ${hoursSql(`lo${i}`)} + 0.5::float8 * (${hoursSql(`(lo${i} + 2 * (mid${i} - lo${i}))`)} - ${hoursSql(`lo${i}`)}) AS m${i}`,
  );
  // OFFSET 0 keeps the array lookups in the subquery, evaluated once per row rather than once
  // per use of t0… above.
  return `SELECT ${results.join(', ')} FROM (
    SELECT ${aggregates.join(', ')} FROM (
      SELECT t0${gaps.map((g) => `, ${g}`).join('')} FROM (
        SELECT ${firsts.join(', ')} FROM analytics_user_firsts WHERE dataset_id = $1 OFFSET 0) firsts
    ) gaps) counts`;
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
  // Each event's code in analytics_user_firsts: its rank among the dataset's event names.
  const names = await db.pool.query<{ event: string; code: number }>(
    `SELECT event_name AS event, row_number() OVER (ORDER BY event_name)::int AS code
     FROM analytics_event_activity WHERE dataset_id = $1 AND organization_id = $2 AND grain = 'all'`,
    [datasetId, organizationId],
  );
  const codes = new Map(names.rows.map((r) => [r.event, r.code]));
  // The dataset's organization was checked above.
  const { rows } = await db.pool.query<Record<string, number | null>>(
    funnelSql(steps.length, withinDays),
    [datasetId, ...steps.map((step) => codes.get(step) ?? null)],
  );
  const counts = steps.map((_, i) => ({
    users: rows[0]![`u${i}`] ?? 0,
    median: i === 0 ? null : (rows[0]![`m${i}`] ?? null),
  }));
  return {
    status,
    steps: shapeFunnelSteps(steps, counts),
    definition: funnelDefinition(withinDays),
  };
}
