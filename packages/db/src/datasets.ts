import type pg from 'pg';
import type { DbHandle } from './client';
import { copyRows, type Rows } from './copy';
import { DuplicateRowsError, NotFoundError } from './errors';
import type { DatasetKind } from './generated/prisma/enums';
import { markUploadStoredIn, type UploadCommit } from './uploads';

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
  /** The file's columns and confirmed types (empty for datasets stored before typed uploads). */
  columns: { name: string; type: string }[];
  retrainSchedule: string | null;
  createdAt: Date;
  createdBy: string | null;
}

export interface FinancialRow {
  /** ISO date of the period, YYYY-MM-DD */
  date: string;
  revenue: number;
  expenses: number;
  /** Each cost column's amount, when the upload has several (they sum to `expenses`). */
  expenseLines?: Record<string, number> | null;
  /** End-of-period cash balance, or null when the file has none. */
  cash: number | null;
}

export interface FinancialsColumnMapping {
  date: string;
  revenue: string;
  /** One or several cost columns, summed into expenses. */
  expenses: string[];
  cash: string | null;
  /** Cash at the start of the first period, when there is no balance column. */
  startingCash: number | null;
}

/** Where loaded rows go: a new dataset, or an existing one of the same kind. */
export type LoadTarget = { mode: 'new' } | { mode: 'append' | 'replace'; datasetId: string };

/** What every dataset creator takes: who uploads what, the confirmed mapping, and the rows (streamable). */
export interface NewDataset<M, R> {
  organizationId: string;
  userId: string | null;
  /** The new dataset's name (ignored when appending or replacing). */
  name: string;
  sourceFileName: string | null;
  mapping: M;
  rows: Rows<R>;
  /** Default: a new dataset. */
  target?: LoadTarget;
  /** The upload these rows come from, marked stored in the same transaction (exactly once). */
  upload?: UploadCommit;
}

export interface CreatedDataset {
  id: string;
  rowCount: number;
}

export interface DatasetStats {
  rows: number;
  series: number;
  from: string | null;
  to: string | null;
}

/** The dataset rows go into, locked for the load; replace first clears its rows. */
async function openTarget(client: pg.PoolClient, meta: DatasetMeta): Promise<string> {
  const target = meta.target ?? { mode: 'new' };
  if (target.mode === 'new') {
    const inserted = await client.query<{ id: string }>(
      `INSERT INTO datasets (organization_id, kind, name, status, column_mapping, source_file_name, created_by_id)
       VALUES ($1, $2, $3, 'processing', $4, $5, $6) RETURNING id`,
      [
        meta.organizationId,
        meta.kind,
        meta.name,
        JSON.stringify(meta.mapping),
        meta.sourceFileName,
        meta.userId,
      ],
    );
    return inserted.rows[0]!.id;
  }
  const found = await client.query<{ kind: DatasetKind }>(
    'SELECT kind FROM datasets WHERE id = $1 AND organization_id = $2 FOR UPDATE',
    [target.datasetId, meta.organizationId],
  );
  const kind = found.rows[0]?.kind;
  if (kind !== meta.kind) {
    throw new NotFoundError(`${meta.kind[0]!.toUpperCase()}${meta.kind.slice(1)} dataset`);
  }
  if (target.mode === 'replace' && meta.table) {
    await client.query(`DELETE FROM ${meta.table} WHERE dataset_id = $1`, [target.datasetId]);
  }
  await client.query(
    `UPDATE datasets SET column_mapping = $2, source_file_name = $3 WHERE id = $1`,
    [target.datasetId, JSON.stringify(meta.mapping), meta.sourceFileName],
  );
  return target.datasetId;
}

export interface DatasetMeta {
  organizationId: string;
  userId: string | null;
  kind: DatasetKind;
  /** The kind's row table, cleared when replacing (null: the load clears what it replaces). */
  table: string | null;
  name: string;
  sourceFileName: string | null;
  mapping: object;
  target?: LoadTarget;
  upload?: UploadCommit;
}

/**
 * Loads rows into a new or existing dataset all-or-nothing: the dataset record, every row (COPY),
 * the summary and (for an import) the upload's `stored` state are written in one transaction, so
 * a failure part-way leaves nothing behind (an append or replace that fails leaves the dataset as
 * it was) and an upload's rows are stored at most once.
 */
export async function createDatasetWith(
  db: DbHandle,
  meta: DatasetMeta,
  load: (client: pg.PoolClient, datasetId: string) => Promise<void>,
  /** The stored rows' counts: SQL taking the dataset id as $1, or a function (engines elsewhere). */
  stats: string | ((client: pg.PoolClient, datasetId: string) => Promise<DatasetStats>),
): Promise<CreatedDataset> {
  const client = await db.pool.connect();
  try {
    await client.query('BEGIN');
    const id = await openTarget(client, meta);
    await load(client, id);
    const s =
      typeof stats === 'string'
        ? (await client.query<DatasetStats>(stats, [id])).rows[0]!
        : await stats(client, id);
    await client.query(
      `UPDATE datasets SET status = 'ready', row_count = $2, series_count = $3,
              date_from = $4, date_to = $5, profile = NULL, analytics_refreshed_at = NULL, updated_at = now()
       WHERE id = $1`,
      [id, s.rows, s.series, s.from, s.to],
    );
    if (meta.upload) await markUploadStoredIn(client, meta.upload, id);
    await client.query('COMMIT');
    return { id, rowCount: s.rows };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    if ((error as { code?: string }).code === '23505') {
      throw new DuplicateRowsError((error as { detail?: string }).detail);
    }
    throw error;
  } finally {
    client.release();
  }
}

/** Stores a market dataset (series, date, value rows) all-or-nothing. */
export function createMarketDataset(
  db: DbHandle,
  input: NewDataset<object, MarketRow>,
): Promise<CreatedDataset> {
  return createDatasetWith(
    db,
    { ...input, kind: 'market', table: 'market_points' },
    (client, id) =>
      copyRows(
        client,
        'market_points',
        ['dataset_id', 'organization_id', 'series', 'date', 'value'],
        input.rows,
        (r) => [id, input.organizationId, r.series, r.date, r.value],
      ),
    `SELECT count(*)::int AS rows, count(DISTINCT series)::int AS series,
            min(date)::text AS from, max(date)::text AS to
     FROM market_points WHERE dataset_id = $1`,
  );
}

/** Stores a financials dataset (one row per period) all-or-nothing. */
export function createFinancialsDataset(
  db: DbHandle,
  input: NewDataset<object, FinancialRow>,
): Promise<CreatedDataset> {
  return createDatasetWith(
    db,
    { ...input, kind: 'financials', table: 'financial_periods' },
    (client, id) =>
      copyRows(
        client,
        'financial_periods',
        ['dataset_id', 'organization_id', 'date', 'revenue', 'expenses', 'expense_lines', 'cash'],
        input.rows,
        (r) => [
          id,
          input.organizationId,
          r.date,
          r.revenue,
          r.expenses,
          r.expenseLines ? JSON.stringify(r.expenseLines) : null,
          r.cash,
        ],
      ),
    `SELECT count(*)::int AS rows, 1 AS series, min(date)::text AS from, max(date)::text AS to
     FROM financial_periods WHERE dataset_id = $1`,
  );
}

export interface FinancialsHistory {
  dates: string[];
  revenue: number[];
  expenses: number[];
  /**
   * The cost lines `expenses` sums, in the mapping's column order, when every period has them
   * (uploads with several cost columns since they are stored); else null.
   */
  expenseLines: { name: string; values: number[] }[] | null;
  /** End-of-period balances, or null when the dataset has none (then startingCash is set). */
  cash: number[] | null;
  startingCash: number | null;
}

/** A financials dataset's periods in date order, with its starting cash from the mapping. */
export async function readFinancials(
  db: DbHandle,
  organizationId: string,
  datasetId: string,
): Promise<FinancialsHistory> {
  const dataset = await db.prisma.dataset.findFirst({
    where: { id: datasetId, organizationId, kind: 'financials' },
    select: { columnMapping: true },
  });
  if (!dataset) throw new NotFoundError('Dataset');
  const { rows } = await db.pool.query<{
    date: string;
    revenue: number;
    expenses: number;
    expense_lines: Record<string, number> | null;
    cash: number | null;
  }>(
    `SELECT date, revenue, expenses, expense_lines, cash FROM financial_periods
     WHERE organization_id = $1 AND dataset_id = $2 ORDER BY date`,
    [organizationId, datasetId],
  );
  const hasCash = rows.length > 0 && rows.every((r) => r.cash !== null);
  // Typed uploads keep the roles under `roles`; earlier datasets at the top level.
  const saved = dataset.columnMapping as Partial<FinancialsColumnMapping> & {
    roles?: Partial<FinancialsColumnMapping>;
  };
  const mapping = saved.roles ?? saved;
  return {
    dates: rows.map((r) => r.date),
    revenue: rows.map((r) => r.revenue),
    expenses: rows.map((r) => r.expenses),
    expenseLines: expenseLinesOf(rows, mapping.expenses),
    cash: hasCash ? rows.map((r) => r.cash!) : null,
    startingCash: typeof mapping.startingCash === 'number' ? mapping.startingCash : null,
  };
}

/** Per cost column, its amount in every period; null unless every period stored them all. */
function expenseLinesOf(
  rows: readonly { expense_lines: Record<string, number> | null }[],
  columns: readonly string[] | undefined,
): FinancialsHistory['expenseLines'] {
  if (!columns || columns.length < 2 || rows.length === 0) return null;
  const complete = rows.every((r) =>
    columns.every((name) => typeof r.expense_lines?.[name] === 'number'),
  );
  if (!complete) return null;
  return columns.map((name) => ({ name, values: rows.map((r) => r.expense_lines![name]!) }));
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
  retrainSchedule: true,
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
  retrainSchedule: string | null;
  createdAt: Date;
  createdBy: { email: string } | null;
};

function columnsOf(mapping: unknown): { name: string; type: string }[] {
  const columns = (mapping as { columns?: unknown } | null)?.columns;
  if (!Array.isArray(columns)) return [];
  return columns.map((c: unknown) =>
    typeof c === 'string' ? { name: c, type: 'text' } : (c as { name: string; type: string }),
  );
}

function toSummary(row: SummaryRow): DatasetSummary {
  return {
    ...row,
    columns: columnsOf(row.columnMapping),
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

/**
 * Throws NotFoundError unless the organization has a dataset of one of these kinds with that id;
 * returns its kind.
 */
export async function requireDatasetOfKind(
  db: DbHandle,
  organizationId: string,
  datasetId: string,
  kinds: DatasetKind | readonly DatasetKind[],
): Promise<DatasetKind> {
  const allowed = typeof kinds === 'string' ? [kinds] : [...kinds];
  const found = await db.prisma.dataset.findFirst({
    where: { id: datasetId, organizationId, kind: { in: allowed } },
    select: { kind: true },
  });
  if (!found)
    throw new NotFoundError(
      `${allowed.map((k) => k[0]!.toUpperCase() + k.slice(1)).join(' or ')} dataset`,
    );
  return found.kind;
}

/**
 * A dataset's stored rows, kind and mapped column count (what a training job's memory scales
 * with); for events also the users (`series_count`) and distinct items (`event_stats`, null for a
 * dataset loaded before it was stored).
 */
export async function datasetFootprint(
  db: DbHandle,
  organizationId: string,
  datasetId: string,
): Promise<{
  rowCount: number;
  kind: DatasetKind;
  columns: number;
  users: number;
  items: number | null;
} | null> {
  const { rows } = await db.pool.query<{
    row_count: number;
    kind: DatasetKind;
    columns: number;
    users: number;
    items: number | null;
  }>(
    `SELECT row_count, kind, coalesce(jsonb_array_length(column_mapping->'columns'), 1) AS columns,
            series_count AS users, (event_stats->>'items')::int AS items
     FROM datasets WHERE id = $1 AND organization_id = $2`,
    [datasetId, organizationId],
  );
  const row = rows[0];
  return row
    ? {
        rowCount: row.row_count,
        kind: row.kind,
        columns: row.columns,
        users: row.users,
        items: row.items,
      }
    : null;
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

/** Whether a market dataset has a series of that name (one primary-key probe). */
export async function marketSeriesExists(
  db: DbHandle,
  organizationId: string,
  datasetId: string,
  series: string,
): Promise<boolean> {
  const { rows } = await db.pool.query<{ found: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM market_points
       WHERE dataset_id = $2 AND series = $3 AND organization_id = $1) AS found`,
    [organizationId, datasetId, series],
  );
  return rows[0]!.found;
}

export type RetrainSchedule = 'daily' | 'weekly';

/** Retrains the dataset's tasks every day or week (null: only on new data or on request). */
export async function setRetrainSchedule(
  db: DbHandle,
  organizationId: string,
  datasetId: string,
  schedule: RetrainSchedule | null,
): Promise<void> {
  const { rowCount } = await db.pool.query(
    `UPDATE datasets SET retrain_schedule = $3,
            retrain_queued_at = CASE WHEN $3::text IS NULL THEN NULL ELSE coalesce(retrain_queued_at, now()) END
     WHERE id = $1 AND organization_id = $2`,
    [datasetId, organizationId, schedule],
  );
  if (rowCount === 0) throw new NotFoundError('Dataset');
}

export interface DueRetrain {
  id: string;
  organizationId: string;
  kind: DatasetKind;
  columnMapping: unknown;
}

/**
 * Claims the datasets whose scheduled retraining is due at `now` (a day or a week after the
 * last one), marking them queued in the same statement so that several trainers sweeping at
 * once queue each retraining once.
 */
export async function claimDueRetrains(
  db: DbHandle,
  now: Date = new Date(),
): Promise<DueRetrain[]> {
  const { rows } = await db.pool.query<DueRetrain>(
    `UPDATE datasets SET retrain_queued_at = $1::timestamptz
     WHERE status = 'ready' AND retrain_schedule IS NOT NULL
       AND (retrain_queued_at IS NULL
            OR retrain_queued_at <= $1::timestamptz - CASE retrain_schedule WHEN 'daily' THEN interval '1 day' ELSE interval '7 days' END)
     RETURNING id, organization_id AS "organizationId", kind, column_mapping AS "columnMapping"`,
    [now],
  );
  return rows;
}
