import type { Readable } from 'node:stream';
import { previewCsv, readCustomersCsv } from '@foresight/ingest';
import { openInput } from './io';

/** Reads a whole CSV into column-major text (blank = null), ids required and unique. */
export async function readTableCsv(
  file: string,
  flag: string,
  idColumn: string,
): Promise<{ header: string[]; columns: { name: string; values: (string | null)[] }[] }> {
  const { header } = await previewCsv(openInput(file, flag) as Readable, 1);
  const columns = header.map((name) => ({ name, values: [] as (string | null)[] }));
  for await (const record of readCustomersCsv(openInput(file, flag), {
    id: idColumn,
    label: null,
    columns: header,
  })) {
    columns.forEach((c) => c.values.push(record.attributes[c.name] ?? null));
  }
  return { header, columns };
}
