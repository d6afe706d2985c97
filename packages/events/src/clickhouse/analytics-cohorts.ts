// Retention cohorts, feature adoption vs retention, and funnels, computed at read time from a
// dataset's raw events in ClickHouse, each in one pass grouped by user: the same numbers as
// PostgreSQL's `analyticsRetention`, `analyticsFeatures` and `analyticsFunnel`.
import type { ClickHouseClient } from '@clickhouse/client';
import {
  funnelDefinition,
  shapeFeatureRetention,
  shapeFunnelSteps,
  shapeRetentionCohorts,
  type AnalyticsStatus,
  type FeatureCounts,
  type RetentionCohort,
} from '@foresight/db';
import type { FeaturesResult, FunnelResult } from '../engine';
import { DAY_SQL, eventNameHashes, namesByHash, periodSql, selectRows } from './analytics-query';
import { SCOPE_SQL, type ClickHouseScope } from './scope';

/**
 * Cohorts by first active ISO week or calendar month; the share of each cohort active in every
 * later period. Each user's distinct active periods, sorted: the first is the cohort.
 */
export async function clickhouseRetention(
  client: ClickHouseClient,
  scope: ClickHouseScope,
  grain: 'week' | 'month',
  stored: RetentionRow[] | null = null,
): Promise<{ status: AnalyticsStatus; cohorts: RetentionCohort[] }> {
  const rows = stored ?? (await retentionRows(client, scope, grain));
  return { status: 'ready', cohorts: shapeRetentionCohorts(rows) };
}

/** Users per cohort and periods since: what a refresh stores for the retention pages. */
export interface RetentionRow {
  cohort: string;
  period: number;
  users: number;
}

export function retentionRows(
  client: ClickHouseClient,
  scope: ClickHouseScope,
  grain: 'week' | 'month',
): Promise<RetentionRow[]> {
  const distance =
    grain === 'week'
      ? 'intDiv(p - cohort, 7)'
      : '(toInt32(toYear(p)) * 12 + toMonth(p)) - (toInt32(toYear(cohort)) * 12 + toMonth(cohort))';
  return selectRows<RetentionRow>(
    client,
    scope,
    `SELECT periods[1] AS cohort, toInt32(${distance}) AS period, toUInt32(count()) AS users
     FROM (SELECT arraySort(groupUniqArray(${periodSql(grain, DAY_SQL)})) AS periods
           FROM events WHERE ${SCOPE_SQL}
           GROUP BY user_id)
     ARRAY JOIN periods AS p
     GROUP BY cohort, period
     ORDER BY cohort, period`,
  );
}

/**
 * Feature adoption vs retention over `horizonDays`, as `featureCountsSql` counts it: users whose
 * first day is at least the horizon before the data's last day; retained when their last day is
 * the horizon or more after their first; adopters of an event used it before first day + horizon.
 * One pass grouped by user (their days and event-name hashes side by side); the names' hashes
 * come from a pass grouped by name, and the exact per-(user, event) query stands in if two collide.
 */
export async function clickhouseFeatures(
  client: ClickHouseClient,
  scope: ClickHouseScope,
  horizonDays: number,
  stored: FeatureCounts[] | null = null,
): Promise<FeaturesResult> {
  const rows = stored ?? (await featureCounts(client, scope, horizonDays));
  return { status: 'ready', horizonDays, ...shapeFeatureRetention(rows, horizonDays) };
}

/** Eligible and retained users, all and per event adopted, at one horizon. */
export async function featureCounts(
  client: ClickHouseClient,
  scope: ClickHouseScope,
  horizonDays: number,
): Promise<FeatureCounts[]> {
  return (await featureCountsAt(client, scope, [horizonDays])).get(horizonDays) ?? [];
}

/**
 * The feature counts at several horizons from one pass grouped by user (what a refresh stores):
 * each user's first and last day and every (event hash, day) they used, unfolded per horizon.
 */
export async function featureCountsAt(
  client: ClickHouseClient,
  scope: ClickHouseScope,
  horizons: readonly number[],
): Promise<Map<number, FeatureCounts[]>> {
  const [names, counts] = await Promise.all([
    eventNameHashes(client, scope),
    selectRows<{ horizon: number; hash: string; n: number; retained: number }>(
      client,
      scope,
      // Hash 0: the eligible users themselves (and the marker of a row without an event name).
      `SELECT horizon, toString(h) AS hash, toUInt32(count()) AS n,
              toUInt32(countIf(dateDiff('day', first, last) >= horizon)) AS retained
       FROM (
         SELECT first, last, max(last) OVER () AS end_day, uses
         FROM (SELECT min(${DAY_SQL}) AS first, max(${DAY_SQL}) AS last,
                      groupArrayIf((cityHash64(event_name), ${DAY_SQL}), event_name IS NOT NULL) AS uses
               FROM events WHERE ${SCOPE_SQL}
               GROUP BY user_id))
       ARRAY JOIN {horizons:Array(Int32)} AS horizon
       ARRAY JOIN arrayConcat([toUInt64(0)], arrayDistinct(arrayMap(u -> u.1,
         arrayFilter(u -> dateDiff('day', first, u.2) < horizon, uses)))) AS h
       WHERE dateDiff('day', first, end_day) >= horizon
       GROUP BY horizon, h`,
      { horizons },
    ),
  ]);
  const byHash = namesByHash(names);
  const at = new Map<number, FeatureCounts[]>();
  for (const horizon of horizons) {
    at.set(
      horizon,
      byHash
        ? counts
            .filter((c) => c.horizon === horizon)
            .map((c) => ({
              event: c.hash === '0' ? null : (byHash.get(c.hash) ?? null),
              n: c.n,
              retained: c.retained,
            }))
        : await exactFeatureCounts(client, scope, horizon),
    );
  }
  return at;
}

/**
 * The feature counts from each user's first and last use of each event (one group per user and
 * event: exact without hashes, slower).
 */
export function exactFeatureCounts(
  client: ClickHouseClient,
  scope: ClickHouseScope,
  horizonDays: number,
): Promise<FeatureCounts[]> {
  return selectRows<FeatureCounts>(
    client,
    scope,
    `SELECT event, toUInt32(count()) AS n, toUInt32(countIf(retained)) AS retained
     FROM (
       SELECT dateDiff('day', first, last) >= {horizon:Int32} AS retained,
              arrayConcat([CAST(NULL, 'Nullable(String)')],
                           arrayMap(u -> toNullable(u.1), arrayFilter(u -> dateDiff('day', first, u.2) < {horizon:Int32}, uses))) AS adopted
       FROM (
         SELECT min(first_use) AS first, max(last_use) AS last,
                groupArrayIf((assumeNotNull(event_name), first_use), event_name IS NOT NULL) AS uses
         FROM (SELECT user_id, event_name, min(${DAY_SQL}) AS first_use, max(${DAY_SQL}) AS last_use
               FROM events WHERE ${SCOPE_SQL}
               GROUP BY user_id, event_name)
         GROUP BY user_id)
       WHERE dateDiff('day', first, (SELECT max(${DAY_SQL}) FROM events WHERE ${SCOPE_SQL})) >= {horizon:Int32})
     ARRAY JOIN adopted AS event
     GROUP BY event`,
    { horizon: horizonDays },
  );
}

/**
 * An ordered funnel over each user's first use of each step's event (ms precision): a user
 * reaches step k when their first use of its event came at or after their first use of step
 * k−1's (and, with `withinDays`, within that many whole days of their first step's), with the
 * median hours between the two (interpolated, as PostgreSQL's percentile_cont(0.5)).
 */
export async function clickhouseFunnel(
  client: ClickHouseClient,
  scope: ClickHouseScope,
  steps: string[],
  withinDays?: number,
  userFirsts?: string,
): Promise<FunnelResult> {
  const definition = funnelDefinition(withinDays);
  if (steps.length === 0) return { status: 'ready', steps: [], definition };
  // Each user who did any step, with their first time of each step (null when never).
  const perUser = userFirsts
    ? `SELECT ${steps.map((_, i) => `if(indexOf(events, {s${i}:String}) = 0, NULL, first_ms[indexOf(events, {s${i}:String})]) AS t${i}`).join(', ')}
       FROM event_user_firsts
       WHERE organization_id = {org:String} AND dataset_id = {dataset:String}
         AND build_id = {build:String} AND hasAny(events, {steps:Array(String)})`
    : `SELECT ${steps.map((_, i) => `minIfOrNull(toUnixTimestamp64Milli(occurred_at), event_name = {s${i}:String}) AS t${i}`).join(', ')}
       FROM events WHERE ${SCOPE_SQL} AND event_name IN {steps:Array(String)}
       GROUP BY user_id`;
  // Step k (k ≥ 1): reached, and the hours from step k−1's first use.
  const reached = steps.slice(1).map((_, j) => {
    const [k, prev] = [j + 1, j];
    const within = withinDays ? ` AND t${k} <= t0 + {within:Int64} * 86400000` : '';
    return `ifNull(r${prev} AND t${k} >= t${prev}${within}, 0) AS r${k}, (t${k} - t${prev}) / 3600000 AS h${k}`;
  });
  const counts = steps.map((_, i) =>
    i === 0
      ? 'toUInt32(countIf(r0)) AS u0, NULL AS m0'
      : `toUInt32(countIf(r${i})) AS u${i}, quantileExactInclusiveIf(0.5)(h${i}, r${i}) AS m${i}`,
  );
  const params: Record<string, unknown> = { steps: [...new Set(steps)], build: userFirsts ?? '' };
  steps.forEach((step, i) => (params[`s${i}`] = step));
  if (withinDays) params.within = Math.floor(withinDays);
  const [row] = await selectRows<Record<string, number | null>>(
    client,
    scope,
    `SELECT ${counts.join(', ')}
     FROM (SELECT ${['t0 IS NOT NULL AS r0', ...reached].join(', ')} FROM (${perUser}))`,
    params,
  );
  const rows = steps.map((_, i) => ({
    users: Number(row?.[`u${i}`] ?? 0),
    median: row?.[`m${i}`] ?? null,
  }));
  return { status: 'ready', steps: shapeFunnelSteps(steps, rows), definition };
}
