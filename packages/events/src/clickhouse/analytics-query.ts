import type { ClickHouseClient } from '@clickhouse/client';
import type { Grain } from '@foresight/db';
import { SCOPE_SQL, scopeParams, type ClickHouseScope } from './scope';

/**
 * Runs one read over the events table: the scope's parameters (`{org}`, `{dataset}`, `{batches}`
 * of SCOPE_SQL, which every query's WHERE starts with) are bound with the query's own.
 */
export async function selectRows<T>(
  client: ClickHouseClient,
  scope: ClickHouseScope,
  query: string,
  params: Record<string, unknown> = {},
): Promise<T[]> {
  const result = await client.query({
    query,
    format: 'JSONEachRow',
    query_params: { ...params, ...scopeParams(scope) },
  });
  return result.json<T>();
}

/** An event's UTC day. */
export const DAY_SQL = 'toDate(occurred_at)';

/** The day, ISO week (Monday) or calendar month that a Date expression falls in. */
export function periodSql(grain: Grain, day: string): string {
  if (grain === 'week') return `toMonday(${day})`;
  if (grain === 'month') return `toStartOfMonth(${day})`;
  return day;
}

const DAY_MS = 86_400_000;

/** `YYYY-MM-DD` + n days. */
export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/** The period (`YYYY-MM-DD` of its first day) a `YYYY-MM-DD` day falls in. */
export function periodOf(grain: Grain, day: string): string {
  if (grain === 'month') return `${day.slice(0, 7)}-01`;
  if (grain === 'week') return addDays(day, -((new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7));
  return day;
}

/** Days since 1970-01-01 (how ClickHouse stores a Date) → `YYYY-MM-DD`. */
export function dayOfNumber(days: number): string {
  return new Date(days * DAY_MS).toISOString().slice(0, 10);
}

/**
 * Per-user passes name events by `cityHash64(event_name)` (hashing a LowCardinality value is
 * cheap; collecting the strings per user is not). This maps each hash (decimal) back to its name,
 * or gives null when two of the dataset's names share a hash or one hashes to 0 (the marker of a
 * missing name): callers then count with an exact, slower query instead.
 */
export function namesByHash(names: { event: string; hash: string }[]): Map<string, string> | null {
  const byHash = new Map(names.map((n) => [n.hash, n.event]));
  return byHash.size === names.length && !byHash.has('0') ? byHash : null;
}

/** The dataset's event names with their hashes. */
export function eventNameHashes(
  client: ClickHouseClient,
  scope: ClickHouseScope,
): Promise<{ event: string; hash: string }[]> {
  return selectRows(
    client,
    scope,
    `SELECT assumeNotNull(event_name) AS event, toString(cityHash64(event)) AS hash
     FROM events WHERE ${SCOPE_SQL} AND event_name IS NOT NULL
     GROUP BY event`,
  );
}
