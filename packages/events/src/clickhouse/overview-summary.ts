// The overview's part of a refresh's summary (summary.ts): everything no range, grain or event
// changes, and how a request combines it with what it must still count from the rows.
import type { ClickHouseClient } from '@clickhouse/client';
import type { OverviewFilter } from '../engine';
import { DAY_SQL, periodOf, periodSql, selectRows } from './analytics-query';
import { rowCounts, type OverviewQuery, type RowCounts } from './overview-query';
import {
  BUCKET,
  BUCKET_SQL,
  DAY_TALLIES,
  EVENT_AGGREGATES,
  EVENT_TALLIES,
  EVER,
  MONTH_ACTIVE,
  PERIOD_ACTIVE,
  USER_DAYS,
  WEEK_ACTIVE,
  everAndDistribution,
  perUser,
  periodTallies,
  tally,
  type Tally,
} from './overview-tallies';
import { SCOPE_SQL, type ClickHouseScope } from './scope';

/**
 * The per-user tallies of an overview from a refresh's summary, counting at read time only what
 * depends on the request: a custom range's distribution, and an event's own users (its rows only).
 */
export async function usersFromSummary(
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
export interface NameDay {
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
export function summaryRows(
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
export function summaryEventPeriods(
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
