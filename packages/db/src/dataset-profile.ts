import type { DbHandle } from './client';
import { NotFoundError } from './errors';
import type { DatasetKind } from './generated/prisma/enums';

export type ProfiledType =
  'date' | 'datetime' | 'integer' | 'decimal' | 'boolean' | 'categorical' | 'identifier' | 'text';

/** A per-column summary of a stored dataset, for the Data page. */
export interface ColumnProfile {
  name: string;
  role: string | null;
  type: ProfiledType;
  /** Share of rows where the column is blank, 0..1. */
  missingShare: number;
  distinct: number;
  min: string | number | null;
  max: string | number | null;
  /** Equal-width bins for numbers and dates; the most common values otherwise. */
  histogram: { label: string; count: number }[];
  /** Market data with several series: the series this summary of the value covers. */
  series?: string;
}

export interface ProfiledColumn {
  name: string;
  role: string | null;
  type: ProfiledType;
  /** SQL expression over the kind's table. */
  expr: string;
  /** Only the rows of this market series. */
  series?: string;
}

export const PROFILE_BINS = 20;
export const PROFILE_TOP_VALUES = 10;
const BINS = PROFILE_BINS;
const TOP_VALUES = PROFILE_TOP_VALUES;
/** Wide customer tables: summarise this many columns. */
const MAX_PROFILED_COLUMNS = 200;
/** Market data: one value summary per series, for this many series (the ones with most rows). */
const MAX_PROFILED_SERIES = 50;

export interface SavedMapping {
  roles?: Record<string, unknown>;
  columns?: ({ name: string; type: ProfiledType } | string)[];
}

function quoteLiteral(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

function rolesOf(mapping: SavedMapping): Record<string, unknown> {
  return (mapping.roles ?? mapping) as Record<string, unknown>;
}

export function columnsOf(
  kind: DatasetKind,
  mapping: SavedMapping,
): { table: string; columns: ProfiledColumn[] } {
  const r = rolesOf(mapping);
  const name = (role: string, fallback: string) => {
    const v = r[role];
    if (Array.isArray(v)) return v.length ? v.join(', ') : fallback;
    return typeof v === 'string' && v ? v : fallback;
  };
  switch (kind) {
    case 'market':
      return {
        table: 'market_points',
        columns: [
          { name: name('series', 'series'), role: 'series', type: 'categorical', expr: 'series' },
          { name: name('date', 'date'), role: 'date', type: 'date', expr: 'date' },
          {
            name: name('values', name('value', 'value')),
            role: 'value',
            type: 'decimal',
            expr: 'value',
          },
        ],
      };
    case 'financials':
      return {
        table: 'financial_periods',
        columns: [
          { name: name('date', 'date'), role: 'period', type: 'date', expr: 'date' },
          { name: name('revenue', 'revenue'), role: 'revenue', type: 'decimal', expr: 'revenue' },
          {
            name: name('expenses', 'expenses'),
            role: 'expenses',
            type: 'decimal',
            expr: 'expenses',
          },
          { name: name('cash', 'cash'), role: 'cash balance', type: 'decimal', expr: 'cash' },
        ],
      };
    case 'events': {
      const optional = (role: string, label: string, type: ProfiledType, expr: string) =>
        r[role] ? [{ name: name(role, role), role: label, type, expr }] : [];
      return {
        table: 'events',
        columns: [
          { name: name('user', 'user'), role: 'user id', type: 'identifier', expr: 'user_id' },
          { name: name('time', 'time'), role: 'timestamp', type: 'datetime', expr: 'occurred_at' },
          ...optional('event', 'event name', 'categorical', 'event_name'),
          ...optional('item', 'item', 'identifier', 'item_id'),
          ...optional('value', 'value', 'decimal', 'value'),
        ],
      };
    }
    case 'customers': {
      const idRole = typeof r.id === 'string' ? r.id : null;
      const labelRole = typeof r.label === 'string' ? r.label : null;
      const columns = (mapping.columns ?? []).slice(0, MAX_PROFILED_COLUMNS).map((c) => {
        const col = typeof c === 'string' ? { name: c, type: 'text' as const } : c;
        const text = `(attributes->>${quoteLiteral(col.name)})`;
        const numeric = col.type === 'integer' || col.type === 'decimal';
        return {
          name: col.name,
          role: col.name === idRole ? 'id' : col.name === labelRole ? 'label' : null,
          type: col.type,
          expr: numeric
            ? `${text}::float8`
            : col.type === 'date'
              ? `${text}::date`
              : col.type === 'datetime'
                ? `${text}::timestamptz`
                : text,
        };
      });
      return { table: 'customer_records', columns };
    }
  }
}

export const isNumeric = (t: ProfiledType) => t === 'integer' || t === 'decimal';
export const isTemporal = (t: ProfiledType) => t === 'date' || t === 'datetime';

export function binLabel(type: ProfiledType, from: number): string {
  if (isTemporal(type))
    return new Date(from * 1000).toISOString().slice(0, type === 'date' ? 10 : 16);
  return Number(from.toPrecision(4)).toLocaleString('en-US');
}

async function profileColumn(
  db: DbHandle,
  table: string,
  datasetId: string,
  c: ProfiledColumn,
): Promise<ColumnProfile> {
  const asNumber = isTemporal(c.type) ? `extract(epoch from ${c.expr})::float8` : c.expr;
  const rows = `dataset_id = $1${c.series === undefined ? '' : ` AND series = ${quoteLiteral(c.series)}`}`;
  const stats = (
    await db.pool.query<{
      n: number;
      present: number;
      distinct: number;
      min: string | null;
      max: string | null;
      lo: number | null;
      hi: number | null;
    }>(
      `SELECT count(*)::int AS n, count(${c.expr})::int AS present,
              count(DISTINCT ${c.expr})::int AS distinct,
              min(${c.expr})::text AS min, max(${c.expr})::text AS max
              ${isNumeric(c.type) || isTemporal(c.type) ? `, min(${asNumber}) AS lo, max(${asNumber}) AS hi` : ', NULL::float8 AS lo, NULL::float8 AS hi'}
       FROM ${table} WHERE ${rows}`,
      [datasetId],
    )
  ).rows[0]!;
  let histogram: { label: string; count: number }[] = [];
  if ((isNumeric(c.type) || isTemporal(c.type)) && stats.lo !== null && stats.hi !== null) {
    const lo = stats.lo;
    const width = (stats.hi - lo) / BINS || 1;
    const binned = await db.pool.query<{ b: number; count: number }>(
      `SELECT least(floor((${asNumber} - $2) / $3)::int, ${BINS - 1}) AS b, count(*)::int AS count
       FROM ${table} WHERE ${rows} AND ${c.expr} IS NOT NULL GROUP BY 1 ORDER BY 1`,
      [datasetId, lo, width],
    );
    const bins = stats.hi === lo ? 1 : BINS;
    const counts = new Array<number>(bins).fill(0);
    for (const row of binned.rows) counts[Math.min(row.b, bins - 1)]! += row.count;
    histogram = counts.map((count, i) => ({ label: binLabel(c.type, lo + i * width), count }));
  } else if (stats.present > 0) {
    const top = await db.pool.query<{ label: string; count: number }>(
      `SELECT ${c.expr}::text AS label, count(*)::int AS count FROM ${table}
       WHERE ${rows} AND ${c.expr} IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ${TOP_VALUES}`,
      [datasetId],
    );
    histogram = top.rows;
  }
  const toValue = (text: string | null) =>
    text === null ? null : isNumeric(c.type) ? Number(text) : text;
  return {
    name: c.name,
    role: c.role,
    type: c.type,
    missingShare: stats.n ? 1 - stats.present / stats.n : 0,
    distinct: stats.distinct,
    min: toValue(stats.min),
    max: toValue(stats.max),
    histogram,
    ...(c.series === undefined ? {} : { series: c.series }),
  };
}

/**
 * Market data with several series: the value column summarised per series (signups and revenue
 * merged into one distribution mean nothing), named after the series — for a wide file the series
 * are its value columns — or "value column · series" for a long file with a series column.
 */
async function perSeriesValues(
  db: DbHandle,
  datasetId: string,
  mapping: SavedMapping,
  value: ProfiledColumn,
): Promise<ProfiledColumn[]> {
  const { rows } = await db.pool.query<{ series: string }>(
    `SELECT series FROM market_points WHERE dataset_id = $1
     GROUP BY series ORDER BY count(*) DESC, series LIMIT ${MAX_PROFILED_SERIES}`,
    [datasetId],
  );
  if (rows.length < 2) return [value];
  const r = rolesOf(mapping);
  const wide = Array.isArray(r.values) && r.values.length > 1;
  return rows
    .map(({ series }) => series)
    .sort((a, b) => a.localeCompare(b))
    .map((series) => ({
      ...value,
      name: wide ? series : `${value.name} · ${series}`,
      role: `value of series “${series}”`,
      series,
    }));
}

/** Summarises every column of a stored dataset with SQL over its rows, and saves the summary. */
export async function refreshDatasetProfile(
  db: DbHandle,
  organizationId: string,
  datasetId: string,
): Promise<ColumnProfile[]> {
  const dataset = await db.prisma.dataset.findFirst({
    where: { id: datasetId, organizationId },
    select: { kind: true, columnMapping: true },
  });
  if (!dataset) throw new NotFoundError('Dataset');
  const mapping = dataset.columnMapping as SavedMapping;
  const { table, columns } = columnsOf(dataset.kind, mapping);
  const profiled: ProfiledColumn[] = [];
  for (const c of columns) {
    if (dataset.kind === 'market' && c.role === 'value')
      profiled.push(...(await perSeriesValues(db, datasetId, mapping, c)));
    else profiled.push(c);
  }
  const profile: ColumnProfile[] = [];
  for (const c of profiled) profile.push(await profileColumn(db, table, datasetId, c));
  await db.pool.query('UPDATE datasets SET profile = $2 WHERE id = $1', [
    datasetId,
    JSON.stringify(profile),
  ]);
  return profile;
}
