import type { DbHandle } from './client';
import { copyRows } from './copy';
import { createDatasetWith, type CreatedDataset, type NewDataset } from './datasets';
import { NotFoundError } from './errors';

export interface CustomerRow {
  recordId: string;
  /** Every column of the CSV row, typed as confirmed at upload (null = blank). */
  attributes: Record<string, string | number | boolean | null>;
}

export interface CustomersColumnMapping {
  id: string;
  /** yes/no column to learn churn from, when the file has one. */
  label: string | null;
  /** Every column of the file, in file order. */
  columns: string[];
}

/** Stores a customers dataset (one row per customer, all columns kept) all-or-nothing. */
export function createCustomersDataset(
  db: DbHandle,
  input: NewDataset<object, CustomerRow>,
): Promise<CreatedDataset> {
  return createDatasetWith(
    db,
    { ...input, kind: 'customers', table: 'customer_records' },
    async (client, id) => {
      // Appended customers continue the upload order.
      const last = await client.query<{ n: number }>(
        'SELECT coalesce(max(row_number), 0)::int AS n FROM customer_records WHERE dataset_id = $1',
        [id],
      );
      let rowNumber = last.rows[0]!.n;
      await copyRows(
        client,
        'customer_records',
        ['dataset_id', 'organization_id', 'row_number', 'record_id', 'attributes'],
        input.rows,
        (r) => [id, input.organizationId, ++rowNumber, r.recordId, JSON.stringify(r.attributes)],
      );
    },
    `SELECT count(*)::int AS rows, 0 AS series, NULL::text AS from, NULL::text AS to
     FROM customer_records WHERE dataset_id = $1`,
  );
}

export interface CustomerTable {
  mapping: CustomersColumnMapping;
  /** Column-major values in file order as the upload typed them (null = blank). */
  columns: { name: string; values: (string | number | boolean | null)[] }[];
}

/** A customers dataset as a column-major table of typed values, in upload order. */
export async function readCustomerTable(
  db: DbHandle,
  organizationId: string,
  datasetId: string,
): Promise<CustomerTable> {
  const dataset = await db.prisma.dataset.findFirst({
    where: { id: datasetId, organizationId, kind: 'customers' },
    select: { columnMapping: true },
  });
  if (!dataset) throw new NotFoundError('Customers dataset');
  const mapping = customersMapping(dataset.columnMapping);
  const { rows } = await db.pool.query<{ attributes: CustomerRow['attributes'] }>(
    'SELECT attributes FROM customer_records WHERE organization_id = $1 AND dataset_id = $2 ORDER BY row_number',
    [organizationId, datasetId],
  );
  return {
    mapping,
    columns: mapping.columns.map((name) => ({
      name,
      values: rows.map((r) => r.attributes[name] ?? null),
    })),
  };
}

/** Rows per label value of a customers dataset (label values as text), or no label column. */
export async function customerLabelCounts(
  db: DbHandle,
  organizationId: string,
  datasetId: string,
): Promise<{ label: string | null; labelCounts: Record<string, number> }> {
  const dataset = await db.prisma.dataset.findFirst({
    where: { id: datasetId, organizationId, kind: 'customers' },
    select: { columnMapping: true },
  });
  if (!dataset) throw new NotFoundError('Customers dataset');
  const { label } = customersMapping(dataset.columnMapping);
  if (!label) return { label: null, labelCounts: {} };
  const { rows } = await db.pool.query<{ value: string; rows: number }>(
    `SELECT attributes->>$3 AS value, count(*)::int AS rows FROM customer_records
     WHERE dataset_id = $1 AND organization_id = $2 AND attributes->>$3 IS NOT NULL
       AND attributes->>$3 <> '' GROUP BY 1`,
    [datasetId, organizationId, label],
  );
  return { label, labelCounts: Object.fromEntries(rows.map((r) => [r.value, r.rows])) };
}

/**
 * The id, label and columns of a saved customers mapping: `{ roles: { id, label }, columns:
 * [{ name, type }] }` since typed uploads, `{ id, label, columns: string[] }` before.
 */
function customersMapping(saved: unknown): CustomersColumnMapping {
  const m = saved as {
    roles?: { id: string; label: string | null };
    id?: string;
    label?: string | null;
    columns: (string | { name: string })[];
  };
  return {
    id: m.roles?.id ?? m.id ?? '',
    label: m.roles ? m.roles.label : (m.label ?? null),
    columns: m.columns.map((c) => (typeof c === 'string' ? c : c.name)),
  };
}
