// The Behaviour page's overview and the daily series, computed at read time from a dataset's raw
// events in ClickHouse: the same numbers as PostgreSQL's rollups (packages/db analytics.ts over
// analytics-refresh.ts), without rollup tables. Distinct users are counted exactly, from one pass
// grouped by user (each user's sorted active days, event names and in-range counts, unfolded into
// small tallies) beside cheap passes over the rows for events and revenue. A refresh stores what
// needs no range (summary.ts): then only a custom range's distribution, and an event's own users,
// are counted at read time.
import type { ClickHouseClient } from '@clickhouse/client';
import {
  clampOverviewRange,
  shapeActivityDistribution,
  shapeEventVolume,
  type ActivityPoint,
  type Overview,
} from '@foresight/db';
import type { OverviewFilter } from '../engine';
import { dayOfNumber, namesByHash, periodOf, periodSql, selectRows } from './analytics-query';
import {
  eventPeriods,
  overviewQuery,
  perDay,
  rowCounts,
  type OverviewQuery,
  type RowCounts,
} from './overview-query';
import { activityOf, seriesOf } from './overview-series';
import {
  summaryEventPeriods,
  summaryRows,
  usersFromSummary,
  type OverviewSummary,
} from './overview-summary';
import {
  BUCKET,
  DAY_TALLIES,
  EVENT_AGGREGATES,
  EVENT_TALLIES,
  EVER,
  FIRST,
  PERIOD_ACTIVE,
  USER_DAYS,
  everAndDistribution,
  perUser,
  periodTallies,
  type Tally,
} from './overview-tallies';
import { SCOPE_SQL, type ClickHouseScope } from './scope';

export { overviewSummary, type OverviewSummary } from './overview-summary';

/** Users who ever did each event, from a set of users per name (slower than per-user hashes). */
export function exactEverUsers(
  client: ClickHouseClient,
  scope: ClickHouseScope,
): Promise<{ event: string; users: number }[]> {
  return selectRows(
    client,
    scope,
    `SELECT assumeNotNull(event_name) AS event, toUInt64(uniqExact(user_id)) AS users
     FROM events WHERE ${SCOPE_SQL} AND event_name IS NOT NULL
     GROUP BY event`,
  );
}

/** UTF-8 byte order, as PostgreSQL's C collation and ClickHouse sort names. */
function byteOrder(a: string, b: string): number {
  return a === b ? 0 : Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/** The per-user tallies of an overview, all from the rows (no summary). */
function usersFromEvents(
  client: ClickHouseClient,
  scope: ClickHouseScope,
  q: OverviewQuery,
): Promise<Tally[]> {
  const period = (day: string) => periodSql(q.grain, day);
  const { aggregates, tallies } = everAndDistribution(q.counted);
  if (q.event) {
    aggregates.push(...EVENT_AGGREGATES(period));
    tallies.push(...EVENT_TALLIES(period));
  } else {
    aggregates.push(...USER_DAYS);
    tallies.push(...DAY_TALLIES);
    if (q.grain !== 'day') tallies.push(periodTallies(q.grain));
  }
  return perUser(client, scope, aggregates, tallies, q.params);
}

/**
 * Active, new and returning users, events and revenue per day, week or month (optionally of one
 * event), stickiness, event volume and the events-per-user distribution, as `analyticsOverview`
 * computes them: periods that overlap the range, each with its whole-period figures. With the
 * dataset's current summary, only what the request changes is counted from the rows.
 */
export async function clickhouseOverview(
  client: ClickHouseClient,
  scope: ClickHouseScope,
  filter: OverviewFilter = {},
  summary: OverviewSummary | null = null,
): Promise<Overview> {
  const q = overviewQuery(filter);
  const perName = summary?.nameDays ? { ...summary, nameDays: summary.nameDays } : null;
  if (summary) {
    const users = await usersFromSummary(client, scope, q, summary);
    const rows = !q.ranged
      ? summary.rows
      : perName
        ? summaryRows(perName, filter)
        : await rowCounts(client, scope, q);
    const eventRows = !q.event
      ? []
      : perName
        ? summaryEventPeriods(perName, q)
        : await eventPeriods(client, scope, q);
    return assembleOverview(client, scope, filter, q, { rows, users, eventRows });
  }
  const [rows, users, eventRows] = await Promise.all([
    rowCounts(client, scope, q),
    usersFromEvents(client, scope, q),
    q.event ? eventPeriods(client, scope, q) : [],
  ]);
  return assembleOverview(client, scope, filter, q, { rows, users, eventRows });
}

async function assembleOverview(
  client: ClickHouseClient,
  scope: ClickHouseScope,
  filter: OverviewFilter,
  { grain, event }: OverviewQuery,
  {
    rows,
    users,
    eventRows,
  }: {
    rows: RowCounts[];
    users: Tally[];
    eventRows: { period: string; events: number; revenue: number }[];
  },
): Promise<Overview> {
  const names = rows.filter((r) => !r.day);
  const dayRows = rows.filter((r): r is RowCounts & { day: string } => !!r.day);
  if (names.length === 0) {
    return {
      status: 'ready',
      range: null,
      eventNames: [],
      series: [],
      eventVolume: [],
      activityDistribution: [],
      totals: { users: 0, events: 0, revenue: 0 },
    };
  }
  const full = {
    from: names.reduce((m, n) => (n.first < m ? n.first : m), names[0]!.first),
    to: names.reduce((m, n) => (n.last > m ? n.last : m), names[0]!.last),
  };
  const { from, to } = clampOverviewRange(full, filter);

  const named = names.filter(
    (n): n is typeof n & { event: string; hash: string } => n.event !== null,
  );
  const byHash = namesByHash(named);
  const everUsers = byHash
    ? users
        .filter((t) => t.kind === EVER)
        .map((t) => ({ event: byHash.get(t.key) ?? '', users: t.n }))
    : await exactEverUsers(client, scope);
  everUsers.sort((a, b) => b.users - a.users || byteOrder(a.event, b.event));
  const volume = named
    .filter((n) => n.inRange > 0)
    .map((n) => ({ event: n.event, events: n.inRange }))
    .sort((a, b) => b.events - a.events || byteOrder(a.event, b.event));

  const buckets = users.filter((t) => t.kind === BUCKET);
  const activityDistribution = shapeActivityDistribution(
    new Map(buckets.map((b) => [Number(b.key), b.n])),
  );
  let series: ActivityPoint[];
  if (event) {
    const active = new Map<string, number>();
    const firsts = new Map<string, number>();
    for (const t of users) {
      if (t.kind === PERIOD_ACTIVE) active.set(dayOfNumber(Number(t.key)), t.n);
      else if (t.kind === FIRST) firsts.set(dayOfNumber(Number(t.key)), t.n);
    }
    series = eventRows.map((p) => {
      const activeUsers = active.get(p.period) ?? 0;
      const newUsers = firsts.get(p.period) ?? 0;
      const returningUsers = activeUsers - newUsers;
      return { ...p, activeUsers, newUsers, returningUsers, stickiness: null };
    });
  } else {
    series = seriesOf(grain, activityOf(users, dayRows));
  }
  const firstPeriod = periodOf(grain, from);
  return {
    status: 'ready',
    range: full,
    eventNames: everUsers.map((n) => n.event),
    series: series.filter((p) => p.period >= firstPeriod && p.period <= to),
    eventVolume: shapeEventVolume(volume, everUsers),
    activityDistribution,
    totals: {
      users: activityDistribution.reduce((s, b) => s + b.users, 0),
      events: buckets.reduce((s, b) => s + b.events, 0),
      revenue: buckets.reduce((s, b) => s + b.revenue, 0),
    },
  };
}

/**
 * The overview's day series over the whole data (days with events), oldest first: what the
 * PostgreSQL engine's `daily` returns. Each point carries both metrics; `metric` names the one
 * the caller reads.
 */
export async function clickhouseDaily(
  client: ClickHouseClient,
  scope: ClickHouseScope,
  _metric: 'active_users' | 'events',
  summary: OverviewSummary | null = null,
): Promise<ActivityPoint[]> {
  if (summary) {
    const days = summary.rows.filter((r): r is RowCounts & { day: string } => !!r.day);
    return seriesOf('day', activityOf(summary.users, days));
  }
  const [tallies, days] = await Promise.all([
    perUser(client, scope, USER_DAYS, DAY_TALLIES),
    perDay(client, scope),
  ]);
  return seriesOf('day', activityOf(tallies, days));
}
