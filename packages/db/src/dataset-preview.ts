import type { DbHandle } from './client';
import type { ColumnProfile } from './dataset-profile';
import { getDataset, type DatasetSummary } from './datasets';
import { NotFoundError } from './errors';

export type PreviewCell = string | number | boolean | null;

export interface DatasetPreview {
  header: string[];
  rows: PreviewCell[][];
}

const PREVIEW_ROWS = 20;

/** The first stored rows of a dataset, in the order its dashboards read them. */
export async function previewDataset(
  db: DbHandle,
  organizationId: string,
  datasetId: string,
): Promise<DatasetPreview> {
  const dataset = await getDataset(db, organizationId, datasetId);
  const args = [organizationId, datasetId];
  const where = 'WHERE organization_id = $1 AND dataset_id = $2';
  switch (dataset.kind) {
    case 'market': {
      const { rows } = await db.pool.query<{ series: string; date: string; value: number }>(
        `SELECT series, date::text AS date, value FROM market_points ${where} ORDER BY series, date LIMIT ${PREVIEW_ROWS}`,
        args,
      );
      return {
        header: ['series', 'date', 'value'],
        rows: rows.map((r) => [r.series, r.date, r.value]),
      };
    }
    case 'financials': {
      const { rows } = await db.pool.query<{
        date: string;
        revenue: number;
        expenses: number;
        cash: number | null;
      }>(
        `SELECT date::text AS date, revenue, expenses, cash FROM financial_periods ${where} ORDER BY date LIMIT ${PREVIEW_ROWS}`,
        args,
      );
      return {
        header: ['period', 'revenue', 'expenses', 'cash'],
        rows: rows.map((r) => [r.date, r.revenue, r.expenses, r.cash]),
      };
    }
    case 'events': {
      // Only the first days' partitions and rows: the UTC days that hold the first PREVIEW_ROWS
      // events, found by walking the user-day rollup day by day from the first (each step two
      // index probes; a day with PREVIEW_ROWS user-days is enough), then partition pruning and
      // the indexes do the rest.
      const days = await db.pool.query<{ first: string | null; last: string | null }>(
        `WITH RECURSIVE walk (day, seen) AS (
           SELECT d.day, (SELECT sum(events) FROM (
               SELECT events FROM analytics_user_days WHERE dataset_id = $1 AND day = d.day
               LIMIT ${PREVIEW_ROWS}) x)
           FROM (SELECT min(day) AS day FROM analytics_user_days WHERE dataset_id = $1) d
           WHERE d.day IS NOT NULL
           UNION ALL
           SELECT n.day, w.seen + (SELECT sum(events) FROM (
               SELECT events FROM analytics_user_days WHERE dataset_id = $1 AND day = n.day
               LIMIT ${PREVIEW_ROWS}) x)
           FROM walk w, LATERAL (SELECT min(day) AS day FROM analytics_user_days
                                 WHERE dataset_id = $1 AND day > w.day) n
           WHERE w.seen < ${PREVIEW_ROWS} AND n.day IS NOT NULL)
         SELECT min(day)::text AS first, max(day)::text AS last FROM walk`,
        [datasetId],
      );
      const span = days.rows[0]?.first ? days.rows[0] : null;
      const within = span
        ? ` AND occurred_at >= ($3::date)::timestamp AT TIME ZONE 'UTC'
            AND occurred_at < ($4::date + 1)::timestamp AT TIME ZONE 'UTC'`
        : '';
      const { rows } = await db.pool.query<{
        user_id: string;
        at: string;
        event_name: string | null;
        item_id: string | null;
        value: number | null;
      }>(
        `SELECT user_id, to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS at, event_name, item_id, value
         FROM events ${where}${within} ORDER BY occurred_at, id LIMIT ${PREVIEW_ROWS}`,
        span ? [...args, span.first, span.last] : args,
      );
      return {
        header: ['user', 'time', 'event', 'item', 'value'],
        rows: rows.map((r) => [r.user_id, r.at, r.event_name, r.item_id, r.value]),
      };
    }
    case 'customers': {
      const header = dataset.columns.map((c) => c.name);
      const { rows } = await db.pool.query<{ attributes: Record<string, PreviewCell> }>(
        `SELECT attributes FROM customer_records ${where} ORDER BY row_number LIMIT ${PREVIEW_ROWS}`,
        args,
      );
      return { header, rows: rows.map((r) => header.map((h) => r.attributes[h] ?? null)) };
    }
  }
}

export interface DatasetDetail extends DatasetSummary {
  /** Null while the summaries are being computed after a load. */
  profile: ColumnProfile[] | null;
}

export async function getDatasetDetail(
  db: DbHandle,
  organizationId: string,
  datasetId: string,
): Promise<DatasetDetail> {
  const [summary, row] = await Promise.all([
    getDataset(db, organizationId, datasetId),
    db.prisma.dataset.findFirst({
      where: { id: datasetId, organizationId },
      select: { profile: true },
    }),
  ]);
  if (!row) throw new NotFoundError('Dataset');
  return { ...summary, profile: (row.profile as ColumnProfile[] | null) ?? null };
}
