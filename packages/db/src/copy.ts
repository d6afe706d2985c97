import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

/** Rows one by one, or (faster for millions) in batches. */
export type Rows<T> = Iterable<T> | AsyncIterable<T> | { batches: AsyncIterable<readonly T[]> };

// COPY text format: backslash, tab and newlines in a value must be escaped; \N is NULL.
const NEEDS_ESCAPE = /[\\\t\n\r]/;

function copyText(value: string | number | null): string {
  if (value === null) return '\\N';
  if (typeof value === 'number') return String(value);
  if (!NEEDS_ESCAPE.test(value)) return value;
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
  const line = (row: T) => {
    const values = toValues(row);
    let text = copyText(values[0]!);
    for (let i = 1; i < values.length; i++) text += '\t' + copyText(values[i]!);
    return text + '\n';
  };
  async function* lines() {
    let text = '';
    if ('batches' in rows) {
      for await (const batch of rows.batches) {
        for (const row of batch) text += line(row);
        if (text.length > 64 * 1024) {
          yield text;
          text = '';
        }
      }
    } else {
      for await (const row of rows) {
        text += line(row);
        if (text.length > 64 * 1024) {
          yield text;
          text = '';
        }
      }
    }
    if (text) yield text;
  }
  await pipeline(Readable.from(lines()), copy);
}
