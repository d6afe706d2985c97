import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

export type Rows<T> = Iterable<T> | AsyncIterable<T>;

// COPY text format: backslash, tab and newlines in a value must be escaped; \N is NULL.
function copyText(value: string | number | null): string {
  if (value === null) return '\\N';
  if (typeof value === 'number') return String(value);
  return value
    .replace(/\\/g, '\\\\')
    .replace(/\t/g, '\\t')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r');
}

/** Bulk-loads rows with COPY … FROM STDIN, streaming (rows can be an async generator). */
export async function copyRows<T>(
  client: pg.PoolClient,
  table: string,
  columns: string[],
  rows: Rows<T>,
  toValues: (row: T) => (string | number | null)[],
): Promise<void> {
  const copy = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
  async function* lines() {
    let batch = '';
    for await (const row of rows) {
      batch += toValues(row).map(copyText).join('\t') + '\n';
      if (batch.length > 64 * 1024) {
        yield batch;
        batch = '';
      }
    }
    if (batch) yield batch;
  }
  await pipeline(Readable.from(lines()), copy);
}
