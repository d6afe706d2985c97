import type { DbHandle } from './client';
import { copyRows } from './copy';
import { createDatasetWith, type CreatedDataset, type NewDataset } from './datasets';
import { NotFoundError } from './errors';

export interface CustomerRow {
  recordId: string;
  /** Every column of the CSV row as text (null = blank). */
  attributes: Record<string, string | null>;
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
  input: NewDataset<CustomersColumnMapping, CustomerRow>,
): Promise<CreatedDataset> {
  let rowNumber = 0;
  return createDatasetWith(
    db,
    { ...input, kind: 'customers' },
    (client, id) =>
      copyRows(
        client,
        'customer_records',
        ['dataset_id', 'organization_id', 'row_number', 'record_id', 'attributes'],
        input.rows,
        (r) => [id, input.organizationId, ++rowNumber, r.recordId, JSON.stringify(r.attributes)],
      ),
    `SELECT count(*)::int AS rows, 0 AS series, NULL::text AS from, NULL::text AS to
     FROM customer_records WHERE dataset_id = $1`,
  );
}

export interface CustomerTable {
  mapping: CustomersColumnMapping;
  /** Column-major text values in file order (null = blank). */
  columns: { name: string; values: (string | null)[] }[];
}

/** A customers dataset as a column-major table of text, in upload order. */
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
  const mapping = dataset.columnMapping as unknown as CustomersColumnMapping;
  const { rows } = await db.pool.query<{ attributes: Record<string, string | null> }>(
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
