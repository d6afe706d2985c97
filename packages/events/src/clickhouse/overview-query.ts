// What an overview request counts (its grain, event and range as SQL), and the cheap passes over
// the rows: counts per event name and per day, events per period of one event.
import type { ClickHouseClient } from '@clickhouse/client';
import type { Grain } from '@foresight/db';
import type { OverviewFilter } from '../engine';
import { DAY_SQL, periodSql, selectRows } from './analytics-query';
import { SCOPE_SQL, type ClickHouseScope } from './scope';

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

/** What an overview request counts: its grain, event and range as SQL and parameters. */
export interface OverviewQuery {
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

export function overviewQuery(filter: OverviewFilter): OverviewQuery {
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
export function rowCounts(
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

/** Events and revenue per day. */
export function perDay(
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

/** Events and revenue per period of the event's rows. */
export function eventPeriods(
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
