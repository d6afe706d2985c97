import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { DbHandle } from './client';
import { NotFoundError } from './errors';
import type { DatasetKind } from './generated/prisma/enums';

export interface MarketRow {
  series: string;
  /** ISO date, YYYY-MM-DD */
  date: string;
  value: number;
}

export interface MarketColumnMapping {
  date: string;
  value: string;
  series: string | null;
}

export interface DatasetSummary {
  id: string;
  kind: DatasetKind;
  name: string;
  status: string;
  rowCount: number;
  seriesCount: number;
  dateFrom: string | null;
  dateTo: string | null;
  sourceFileName: string | null;
  columnMapping: unknown;
  createdAt: Date;
  createdBy: string | null;
}

// COPY text format: backslash, tab and newlines in a value must be escaped.
function copyText(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/\t/g, '\\t')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r');
}

async function copyMarketRows(
  client: pg.PoolClient,
  datasetId: string,
  organizationId: string,
  rows: Iterable<MarketRow> | AsyncIterable<MarketRow>,
): Promise<void> {
  const copy = client.query(
    copyFrom('COPY market_points (dataset_id, organization_id, series, date, value) FROM STDIN'),
  );
  const prefix = `${datasetId}\t${copyText(organizationId)}\t`;
  async function* lines() {
    let batch = '';
    for await (const row of rows) {
      batch += `${prefix}${copyText(row.series)}\t${row.date}\t${row.value}\n`;
      if (batch.length > 64 * 1024) {
        yield batch;
        batch = '';
      }
    }
    if (batch) yield batch;
  }
  await pipeline(Readable.from(lines()), copy);
}

/**
 * Stores a market dataset and its rows all-or-nothing: the dataset record and every point are
 * written in one transaction (rows bulk-loaded with COPY), so a failure leaves nothing behind.
 */
export async function createMarketDataset(
  db: DbHandle,
  input: {
    organizationId: string;
    userId: string | null;
    name: string;
    sourceFileName: string | null;
    mapping: MarketColumnMapping;
    rows: Iterable<MarketRow> | AsyncIterable<MarketRow>;
  },
): Promise<{ id: string; rowCount: number }> {
  const client = await db.pool.connect();
  try {
    await client.query('BEGIN');
    const inserted = await client.query<{ id: string }>(
      `INSERT INTO datasets (organization_id, kind, name, status, column_mapping, source_file_name, created_by_id)
       VALUES ($1, 'market', $2, 'processing', $3, $4, $5) RETURNING id`,
      [
        input.organizationId,
        input.name,
        JSON.stringify(input.mapping),
        input.sourceFileName,
        input.userId,
      ],
    );
    const id = inserted.rows[0]!.id;
    await copyMarketRows(client, id, input.organizationId, input.rows);
    const stats = await client.query<{
      rows: number;
      series: number;
      from: string | null;
      to: string | null;
    }>(
      `SELECT count(*)::int AS rows, count(DISTINCT series)::int AS series,
              min(date)::text AS from, max(date)::text AS to
       FROM market_points WHERE dataset_id = $1`,
      [id],
    );
    const s = stats.rows[0]!;
    await client.query(
      `UPDATE datasets SET status = 'ready', row_count = $2, series_count = $3,
              date_from = $4, date_to = $5, updated_at = now()
       WHERE id = $1`,
      [id, s.rows, s.series, s.from, s.to],
    );
    await client.query('COMMIT');
    return { id, rowCount: s.rows };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

function toIsoDate(d: Date | null): string | null {
  return d ? d.toISOString().slice(0, 10) : null;
}

const summarySelect = {
  id: true,
  kind: true,
  name: true,
  status: true,
  rowCount: true,
  seriesCount: true,
  dateFrom: true,
  dateTo: true,
  sourceFileName: true,
  columnMapping: true,
  createdAt: true,
  createdBy: { select: { email: true } },
} as const;

type SummaryRow = {
  id: string;
  kind: DatasetKind;
  name: string;
  status: string;
  rowCount: number;
  seriesCount: number;
  dateFrom: Date | null;
  dateTo: Date | null;
  sourceFileName: string | null;
  columnMapping: unknown;
  createdAt: Date;
  createdBy: { email: string } | null;
};

function toSummary(row: SummaryRow): DatasetSummary {
  return {
    ...row,
    dateFrom: toIsoDate(row.dateFrom),
    dateTo: toIsoDate(row.dateTo),
    createdBy: row.createdBy?.email ?? null,
  };
}

export async function listDatasets(
  db: DbHandle,
  organizationId: string,
): Promise<DatasetSummary[]> {
  const rows = await db.prisma.dataset.findMany({
    where: { organizationId },
    orderBy: { createdAt: 'desc' },
    select: summarySelect,
  });
  return rows.map(toSummary);
}

export async function getDataset(
  db: DbHandle,
  organizationId: string,
  datasetId: string,
): Promise<DatasetSummary> {
  const row = await db.prisma.dataset.findFirst({
    where: { id: datasetId, organizationId },
    select: summarySelect,
  });
  if (!row) throw new NotFoundError('Dataset');
  return toSummary(row);
}

export async function deleteDataset(
  db: DbHandle,
  organizationId: string,
  datasetId: string,
): Promise<void> {
  const { count } = await db.prisma.dataset.deleteMany({
    where: { id: datasetId, organizationId },
  });
  if (count === 0) throw new NotFoundError('Dataset');
}

export interface SeriesHistory {
  series: string;
  dates: string[];
  values: number[];
}

/** Every series of a market dataset, each sorted by date. */
export async function readMarketSeries(
  db: DbHandle,
  organizationId: string,
  datasetId: string,
): Promise<SeriesHistory[]> {
  const { rows } = await db.pool.query<{ series: string; date: string; value: number }>(
    `SELECT series, date, value FROM market_points
     WHERE organization_id = $1 AND dataset_id = $2
     ORDER BY series, date`,
    [organizationId, datasetId],
  );
  const bySeries = new Map<string, SeriesHistory>();
  for (const row of rows) {
    let entry = bySeries.get(row.series);
    if (!entry) {
      entry = { series: row.series, dates: [], values: [] };
      bySeries.set(row.series, entry);
    }
    entry.dates.push(row.date);
    entry.values.push(row.value);
  }
  return [...bySeries.values()];
}
