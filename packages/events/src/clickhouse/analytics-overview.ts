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
  type Grain,
  type Overview,
} from '@foresight/db';
import type { OverviewFilter } from '../engine';
import {
  DAY_SQL,
  dayOfNumber,
  namesByHash,
  periodOf,
  periodSql,
  selectRows,
} from './analytics-query';
import { SCOPE_SQL, type ClickHouseScope } from './scope';

/** Rolling monthly actives: users active on any of the 28 days ending on a day. */
const MAU_DAYS = 28;

/** floor(log2(m)) → index into ACTIVITY_BUCKETS, capped. */
const BUCKET_SQL =
  'multiIf(m >= 64, 6, m >= 32, 5, m >= 16, 4, m >= 8, 3, m >= 4, 2, m >= 2, 1, 0)';

/** What a tally counts; its key is a day or period (days since 1970), a name hash or a bucket. */
const ACTIVE = 0; // users active on the day
const FIRST = 1; // users whose first day it is (filtered: whose first use is in the period)
const MAU_CHANGE = 2; // +1 where a user's 28-day coverage starts, −1 the day after it ends
const PERIOD_ACTIVE = 3; // users active in the week or month (filtered: doing the event in the period)
const EVER = 4; // users who ever did the event
const BUCKET = 5; // users with that many events in the range, and their events and revenue
const WEEK_ACTIVE = 6; // summary: users active in the week (PERIOD_ACTIVE of the week grain)
const MONTH_ACTIVE = 7; // summary: users active in the month

export interface Tally {
  kind: number;
  key: string;
  n: number;
  events: number;
  revenue: number;
}

function tally(kind: number, key: string, n: string, events = '0', revenue = '0'): string {
  return `(toUInt8(${kind}), toUInt64(${key}), toInt64(${n}), toUInt64(${events}), toFloat64(${revenue}))`;
}

/** Each user's sorted active days and the starts and ends of their islands of activity. */
const USER_DAYS = [
  `arraySort(arrayDistinct(groupArray(${DAY_SQL}))) AS days`,
  `arrayFilter((d, i) -> i = 1 OR d - days[i - 1] > ${MAU_DAYS}, days, arrayEnumerate(days)) AS starts`,
  `arrayFilter((d, i) -> i = length(days) OR days[i + 1] - d > ${MAU_DAYS}, days, arrayEnumerate(days)) AS ends`,
];
const DAY_TALLIES = [
  `arrayMap(d -> ${tally(ACTIVE, 'd', '1')}, days)`,
  `[${tally(FIRST, 'days[1]', '1')}]`,
  `arrayMap(d -> ${tally(MAU_CHANGE, 'd', '1')}, starts)`,
  `arrayMap(d -> ${tally(MAU_CHANGE, `d + ${MAU_DAYS}`, '-1')}, ends)`,
];

/**
 * One pass grouped by user (over the rows that also match `where`): per-user `aggregates`,
 * unfolded into `tallies` and summed by kind and key.
 */
function perUser(
  client: ClickHouseClient,
  scope: ClickHouseScope,
  aggregates: string[],
  tallies: string[],
  params: Record<string, unknown> = {},
  where = '1',
): Promise<Tally[]> {
  return selectRows<Tally>(
    client,
    scope,
    `SELECT c.1 AS kind, toString(c.2) AS key, sum(c.3) AS n, sum(c.4) AS events, sum(c.5) AS revenue
     FROM (SELECT ${aggregates.join(', ')} FROM events WHERE ${SCOPE_SQL} AND ${where} GROUP BY user_id)
     ARRAY JOIN arrayConcat(${tallies.join(', ')}) AS c
     GROUP BY c.1, c.2
     ORDER BY c.1, c.2`,
    params,
  );
}

/** Events and revenue per day. */
function perDay(
  client: ClickHouseClient,
  scope: ClickHouseScope,
): Promise<{ day: string; events: number; revenue: number }[]> {
  return selectRows(
    client,
    scope,
    `SELECT ${DAY_SQL} AS day, toUInt64(count()) AS events, toFloat64(sum(ifNull(value, 0))) AS revenue
     FROM events WHERE ${SCOPE_SQL}
     GROUP BY day
     ORDER BY day`,
  );
}

/** Counts over the rows per event name (day null) or per day (event null). */
export interface RowCounts {
  day?: string | null;
  event: string | null;
  hash: string | null;
  first: string;
  last: string;
  inRange: number;
  events: number;
  revenue: number;
}

interface DayCounts {
  active: number;
  first: number;
  events: number;
  revenue: number;
  /** Users active within the 28 days ending that day. */
  mau: number;
}

interface Activity {
  /** Active days, oldest first. */
  days: { day: string; counts: DayCounts }[];
  /** Users active per week or month (empty for days). */
  periodActive: Map<string, number>;
}

/** Day counts from the per-user tallies and the per-day events and revenue. */
function activityOf(
  tallies: Tally[],
  days: { day: string; events: number; revenue: number }[],
): Activity {
  const counts = new Map<string, DayCounts>(
    days.map((d) => [d.day, { active: 0, first: 0, events: d.events, revenue: d.revenue, mau: 0 }]),
  );
  const on = (day: string): DayCounts => {
    let c = counts.get(day);
    if (!c) counts.set(day, (c = { active: 0, first: 0, events: 0, revenue: 0, mau: 0 }));
    return c;
  };
  // Coverage changes come in day order: their running sum is the users covered from that day on.
  const running: { day: string; users: number }[] = [];
  const periodActive = new Map<string, number>();
  for (const t of tallies) {
    if (t.kind > PERIOD_ACTIVE) continue;
    const day = dayOfNumber(Number(t.key));
    if (t.kind === ACTIVE) on(day).active = t.n;
    else if (t.kind === FIRST) on(day).first = t.n;
    else if (t.kind === PERIOD_ACTIVE) periodActive.set(day, t.n);
    else if (t.kind === MAU_CHANGE)
      running.push({ day, users: (running.at(-1)?.users ?? 0) + t.n });
  }
  // Both in day order: the MAU of a day is the running sum at the last change on or before it.
  let next = 0;
  let mau = 0;
  const active = [...counts.keys()].sort().map((day) => {
    while (next < running.length && running[next]!.day <= day) mau = running[next++]!.users;
    return { day, counts: { ...counts.get(day)!, mau } };
  });
  return { days: active, periodActive };
}

function dayPoint(day: string, c: DayCounts): ActivityPoint {
  return {
    period: day,
    activeUsers: c.active,
    newUsers: c.first,
    returningUsers: c.active - c.first,
    events: c.events,
    revenue: c.revenue,
    stickiness: c.mau > 0 ? c.active / c.mau : null,
  };
}

/**
 * Points per period: actives, first-timers, events and revenue; stickiness is DAU/MAU for a day,
 * and for a week or month its active days' average DAU over the MAU of its last active day.
 */
function seriesOf(grain: Grain, a: Activity): ActivityPoint[] {
  if (grain === 'day') return a.days.map((d) => dayPoint(d.day, d.counts));
  const periods = new Map<
    string,
    { point: ActivityPoint; dauSum: number; activeDays: number; mau: number }
  >();
  for (const { day, counts: c } of a.days) {
    const period = periodOf(grain, day);
    let p = periods.get(period);
    if (!p) {
      const point: ActivityPoint = {
        period,
        activeUsers: a.periodActive.get(period) ?? 0,
        newUsers: 0,
        returningUsers: 0,
        events: 0,
        revenue: 0,
        stickiness: null,
      };
      periods.set(period, (p = { point, dauSum: 0, activeDays: 0, mau: 0 }));
    }
    p.point.newUsers += c.first;
    p.point.events += c.events;
    p.point.revenue += c.revenue;
    p.dauSum += c.active;
    p.activeDays += 1;
    p.mau = c.mau; // days come oldest first: the period's last active day wins
  }
  return [...periods.values()].map(({ point, dauSum, activeDays, mau }) => ({
    ...point,
    returningUsers: point.activeUsers - point.newUsers,
    stickiness: mau > 0 ? dauSum / activeDays / mau : null,
  }));
}

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

/** What an overview request counts: its grain, event and range as SQL and parameters. */
interface OverviewQuery {
  grain: Grain;
  event: string | undefined;
  /** Whether the filter names its own bounds (a custom range). */
  ranged: boolean;
  /** Rows within the filter's bounds. */
  inRange: string;
  /** Rows counted in the distribution and volume: in range (and of the event). */
  counted: string;
  params: Record<string, unknown>;
}

function overviewQuery(filter: OverviewFilter): OverviewQuery {
  // The filter's own bounds: with no events outside the data's range, counting within them is
  // counting within the range clamped to the data, so no query waits for the data's range.
  const bounds = [
    filter.from ? `${DAY_SQL} >= {from:Date}` : '',
    filter.to ? `${DAY_SQL} <= {to:Date}` : '',
  ].filter(Boolean);
  const inRange = bounds.length ? bounds.join(' AND ') : '1';
  const event = filter.event;
  return {
    grain: filter.grain ?? 'day',
    event,
    ranged: bounds.length > 0,
    inRange,
    counted: event ? `${inRange} AND event_name = {event:String}` : inRange,
    params: {
      ...(filter.from ? { from: filter.from } : {}),
      ...(filter.to ? { to: filter.to } : {}),
      ...(event ? { event } : {}),
    },
  };
}

/**
 * One pass over the rows: every name's (and the nameless rows') first and last day and events
 * in the filter's range; without an event filter also events and revenue per day.
 */
function rowCounts(
  client: ClickHouseClient,
  scope: ClickHouseScope,
  q: Pick<OverviewQuery, 'event' | 'inRange' | 'params'>,
): Promise<RowCounts[]> {
  const byName = `SELECT ${q.event ? '' : `toNullable(${DAY_SQL}) AS day, `}event_name AS event,
         toString(cityHash64(event_name)) AS hash, min(${DAY_SQL}) AS first, max(${DAY_SQL}) AS last,
         toUInt64(countIf(${q.inRange})) AS inRange, toUInt64(count()) AS events,
         toFloat64(sum(ifNull(value, 0))) AS revenue
       FROM events WHERE ${SCOPE_SQL}`;
  return selectRows<RowCounts>(
    client,
    scope,
    q.event
      ? `${byName} GROUP BY event_name`
      : `${byName} GROUP BY GROUPING SETS ((day), (event_name)) ORDER BY day SETTINGS group_by_use_nulls = 1`,
    q.params,
  );
}

/** Every user's names ever done, and their events and revenue in range (of the event, if any). */
function everAndDistribution(counted: string): { aggregates: string[]; tallies: string[] } {
  return {
    aggregates: [
      `groupUniqArrayIf(cityHash64(event_name), event_name IS NOT NULL) AS names`,
      `countIf(${counted}) AS m`,
      `sumIf(ifNull(value, 0), ${counted}) AS rev`,
    ],
    tallies: [
      `arrayMap(h -> ${tally(EVER, 'h', '1')}, names)`,
      `if(m > 0, [${tally(BUCKET, BUCKET_SQL, '1', 'm', 'rev')}], [])`,
    ],
  };
}

/** The event's users: the periods they did it in and the first, and their uses in range. */
const EVENT_AGGREGATES = (period: (day: string) => string) => [
  `arrayDistinct(groupArrayIf(${period(DAY_SQL)}, event_name = {event:String})) AS event_periods`,
  `minIf(${DAY_SQL}, event_name = {event:String}) AS event_first`,
];
const EVENT_TALLIES = (period: (day: string) => string) => [
  `arrayMap(p -> ${tally(PERIOD_ACTIVE, 'p', '1')}, event_periods)`,
  `if(length(event_periods) > 0, [${tally(FIRST, period('event_first'), '1')}], [])`,
];

function periodTallies(grain: Grain, kind = PERIOD_ACTIVE): string {
  return `arrayMap(p -> ${tally(kind, 'p', '1')}, arrayDistinct(arrayMap(d -> ${periodSql(grain, 'd')}, days)))`;
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
 * The per-user tallies of an overview from a refresh's summary, counting at read time only what
 * depends on the request: a custom range's distribution, and an event's own users (its rows only).
 */
async function usersFromSummary(
  client: ClickHouseClient,
  scope: ClickHouseScope,
  q: OverviewQuery,
  summary: OverviewSummary,
): Promise<Tally[]> {
  const periodKind = q.grain === 'week' ? WEEK_ACTIVE : q.grain === 'month' ? MONTH_ACTIVE : -1;
  const stored = summary.users.filter((t) =>
    q.event
      ? t.kind === EVER
      : t.kind <= EVER || (t.kind === BUCKET && !q.ranged) || t.kind === periodKind,
  );
  const kept = stored.map((t) => (t.kind === periodKind ? { ...t, kind: PERIOD_ACTIVE } : t));
  if (q.event) {
    const period = (day: string) => periodSql(q.grain, day);
    const counted = [
      `countIf(${q.inRange}) AS m`,
      `sumIf(ifNull(value, 0), ${q.inRange}) AS rev`,
      ...EVENT_AGGREGATES(period),
    ];
    const tallies = [
      `if(m > 0, [${tally(BUCKET, BUCKET_SQL, '1', 'm', 'rev')}], [])`,
      ...EVENT_TALLIES(period),
    ];
    const own = 'event_name = {event:String}';
    return [...kept, ...(await perUser(client, scope, counted, tallies, q.params, own))];
  }
  if (!q.ranged) return kept;
  const inRange = [`count() AS m`, `sum(ifNull(value, 0)) AS rev`];
  const bucket = [`[${tally(BUCKET, BUCKET_SQL, '1', 'm', 'rev')}]`];
  return [...kept, ...(await perUser(client, scope, inRange, bucket, q.params, q.inRange))];
}

/** Events and revenue of one event name (null: rows without one) on one day. */
interface NameDay {
  day: string;
  event: string | null;
  events: number;
  revenue: number;
}

/**
 * What a refresh stores for the overview: the counts over the rows, the per-user tallies, and
 * events per name and day (a custom range's volume, an event's series).
 */
export interface OverviewSummary {
  rows: RowCounts[];
  users: Tally[];
  /** Null past NAME_DAYS_KEPT (a log with hundreds of event names): counted per request then. */
  nameDays: NameDay[] | null;
}

/** Most (name, day) counts a summary keeps: every page request reads the summary whole. */
const NAME_DAYS_KEPT = 20_000;

/** The summary's counts over the rows, with each name's events within the filter's bounds. */
function summaryRows(
  summary: OverviewSummary & { nameDays: NameDay[] },
  filter: OverviewFilter,
): RowCounts[] {
  const inRange = new Map<string | null, number>();
  for (const d of summary.nameDays) {
    if ((filter.from && d.day < filter.from) || (filter.to && d.day > filter.to)) continue;
    inRange.set(d.event, (inRange.get(d.event) ?? 0) + d.events);
  }
  return summary.rows.map((r) => (r.day ? r : { ...r, inRange: inRange.get(r.event) ?? 0 }));
}

/** The event's events and revenue per period of the grain, from the summary. */
function summaryEventPeriods(
  summary: OverviewSummary & { nameDays: NameDay[] },
  q: OverviewQuery,
): { period: string; events: number; revenue: number }[] {
  const periods = new Map<string, { period: string; events: number; revenue: number }>();
  for (const d of summary.nameDays) {
    if (d.event !== q.event) continue;
    const period = periodOf(q.grain, d.day);
    const p = periods.get(period) ?? { period, events: 0, revenue: 0 };
    p.events += d.events;
    p.revenue += d.revenue;
    periods.set(period, p);
  }
  return [...periods.values()].sort((a, b) => (a.period < b.period ? -1 : 1));
}

/** The overview's summary: everything no range, grain or event changes, counted once. */
export async function overviewSummary(
  client: ClickHouseClient,
  scope: ClickHouseScope,
): Promise<OverviewSummary> {
  const { aggregates, tallies } = everAndDistribution('1');
  aggregates.push(...USER_DAYS);
  tallies.push(
    ...DAY_TALLIES,
    periodTallies('week', WEEK_ACTIVE),
    periodTallies('month', MONTH_ACTIVE),
  );
  const rows = await rowCounts(client, scope, { inRange: '1', params: {}, event: undefined });
  const users = await perUser(client, scope, aggregates, tallies);
  const nameDays = await selectRows<NameDay>(
    client,
    scope,
    `SELECT ${DAY_SQL} AS day, event_name AS event, toUInt64(count()) AS events,
            toFloat64(sum(ifNull(value, 0))) AS revenue
     FROM events WHERE ${SCOPE_SQL}
     GROUP BY day, event_name
     ORDER BY day
     LIMIT {kept:UInt32}`,
    { kept: NAME_DAYS_KEPT + 1 },
  );
  return { rows, users, nameDays: nameDays.length > NAME_DAYS_KEPT ? null : nameDays };
}

/** Events and revenue per period of the event's rows. */
function eventPeriods(
  client: ClickHouseClient,
  scope: ClickHouseScope,
  q: OverviewQuery,
): Promise<{ period: string; events: number; revenue: number }[]> {
  return selectRows(
    client,
    scope,
    `SELECT ${periodSql(q.grain, DAY_SQL)} AS period, toUInt64(count()) AS events, toFloat64(sum(ifNull(value, 0))) AS revenue
     FROM events WHERE ${SCOPE_SQL} AND event_name = {event:String}
     GROUP BY period
     ORDER BY period`,
    { event: q.event },
  );
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
