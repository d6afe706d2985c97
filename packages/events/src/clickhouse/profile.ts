import type { ClickHouseClient } from '@clickhouse/client';
import {
  binLabel,
  columnsOf,
  isNumeric,
  isTemporal,
  PROFILE_BINS,
  PROFILE_TOP_VALUES,
  type ColumnProfile,
  type ProfiledColumn,
  type SavedMapping,
} from '@foresight/db';
import { SCOPE_SQL, scopeParams, type ClickHouseScope } from './scope';

async function rowsOf<T>(
  client: ClickHouseClient,
  query: string,
  params: Record<string, unknown>,
): Promise<T[]> {
  return (await client.query({ query, query_params: params, format: 'JSONEachRow' })).json<T>();
}

/** One column's summary, as `dataset-profile.ts` computes it in PostgreSQL (same bins and words). */
async function profileColumn(
  client: ClickHouseClient,
  scope: ClickHouseScope,
  c: ProfiledColumn,
): Promise<ColumnProfile> {
  const params = scopeParams(scope);
  const asNumber = isTemporal(c.type)
    ? `toUnixTimestamp64Milli(${c.expr}) / 1000`
    : `toFloat64(${c.expr})`;
  const ranged = isNumeric(c.type) || isTemporal(c.type);
  const text = isTemporal(c.type)
    ? `formatDateTime(${c.expr}, '%Y-%m-%d %H:%i:%S+00')`
    : `toString(${c.expr})`;
  const [stats] = await rowsOf<{
    n: number;
    present: number;
    distinct: number;
    min: string | null;
    max: string | null;
    lo: number | null;
    hi: number | null;
  }>(
    client,
    `SELECT toUInt64(count()) AS n, toUInt64(count(${c.expr})) AS present, toUInt64(uniqExact(${c.expr})) AS distinct,
            if(present = 0, NULL, ${text.replace(c.expr, `min(${c.expr})`)}) AS min,
            if(present = 0, NULL, ${text.replace(c.expr, `max(${c.expr})`)}) AS max
            ${ranged ? `, if(present = 0, NULL, min(${asNumber})) AS lo, if(present = 0, NULL, max(${asNumber})) AS hi` : ', NULL AS lo, NULL AS hi'}
     FROM events WHERE ${SCOPE_SQL}`,
    params,
  );
  let histogram: { label: string; count: number }[] = [];
  if (ranged && stats!.lo !== null && stats!.hi !== null) {
    const lo = stats!.lo;
    const width = (stats!.hi - lo) / PROFILE_BINS || 1;
    const binned = await rowsOf<{ b: number; count: number }>(
      client,
      `SELECT least(toInt32(floor((${asNumber} - {lo:Float64}) / {width:Float64})), ${PROFILE_BINS - 1}) AS b, toUInt64(count()) AS count
       FROM events WHERE ${SCOPE_SQL} AND ${c.expr} IS NOT NULL GROUP BY b ORDER BY b`,
      { ...params, lo, width },
    );
    const bins = stats!.hi === lo ? 1 : PROFILE_BINS;
    const counts = new Array<number>(bins).fill(0);
    for (const row of binned) counts[Math.min(row.b, bins - 1)]! += row.count;
    histogram = counts.map((count, i) => ({ label: binLabel(c.type, lo + i * width), count }));
  } else if (stats!.present > 0) {
    histogram = await rowsOf<{ label: string; count: number }>(
      client,
      `SELECT toString(${c.expr}) AS label, toUInt64(count()) AS count FROM events
       WHERE ${SCOPE_SQL} AND ${c.expr} IS NOT NULL GROUP BY label ORDER BY count DESC, label LIMIT ${PROFILE_TOP_VALUES}`,
      params,
    );
  }
  const toValue = (value: string | null) =>
    value === null ? null : isNumeric(c.type) ? Number(value) : value;
  return {
    name: c.name,
    role: c.role,
    type: c.type,
    missingShare: stats!.n ? 1 - stats!.present / stats!.n : 0,
    distinct: stats!.distinct,
    min: toValue(stats!.min),
    max: toValue(stats!.max),
    histogram,
  };
}

/** The Data page's per-column summary of an events dataset stored in ClickHouse. */
export async function clickhouseProfile(
  client: ClickHouseClient,
  scope: ClickHouseScope,
  mapping: SavedMapping,
): Promise<ColumnProfile[]> {
  const { columns } = columnsOf('events', mapping);
  const profile: ColumnProfile[] = [];
  for (const c of columns) profile.push(await profileColumn(client, scope, c));
  return profile;
}
