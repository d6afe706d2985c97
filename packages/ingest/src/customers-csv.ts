import type { Readable } from 'node:stream';
import { readCsvRecords } from './csv-records';
import { UploadError } from './upload-error';

export interface CustomersMapping {
  id: string;
  /** The yes/no column to learn churn from, if any (checked by the model, which knows the values it accepts). */
  label: string | null;
  /** Every column of the file (from its header), kept as text. */
  columns: string[];
}

export interface CustomersRecord {
  recordId: string;
  attributes: Record<string, string | null>;
}

/** Streams a customers CSV (one row per customer): ids required and unique, every column kept. */
export async function* readCustomersCsv(
  input: Readable,
  mapping: CustomersMapping,
): AsyncGenerator<CustomersRecord> {
  const columns = [
    { name: mapping.id, role: 'id' },
    ...(mapping.label ? [{ name: mapping.label, role: 'label' }] : []),
    ...mapping.columns.map((name) => ({ name, role: 'attribute' })),
  ];
  const seen = new Map<string, number>();
  for await (const r of readCsvRecords(input, columns)) {
    const rawId = r.get(mapping.id);
    const recordId = rawId.trim();
    if (!recordId)
      throw UploadError.atCell(r.row, mapping.id, rawId, 'is empty (every customer needs an id)');
    const earlier = seen.get(recordId);
    if (earlier !== undefined)
      throw UploadError.atCell(r.row, mapping.id, rawId, `repeats the id of row ${earlier}`);
    seen.set(recordId, r.row);
    const attributes: Record<string, string | null> = {};
    for (const name of mapping.columns) {
      const value = r.get(name).trim();
      attributes[name] = value === '' ? null : value;
    }
    yield { recordId, attributes };
  }
}
