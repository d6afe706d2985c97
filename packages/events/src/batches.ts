import type { Rows } from '@foresight/db';
import type pg from 'pg';

/** The loads PostgreSQL has committed into a dataset (as the transaction or pool sees them). */
export async function committedBatches(
  db: Pick<pg.Pool, 'query'> | pg.PoolClient,
  organizationId: string,
  datasetId: string,
): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    'SELECT id FROM event_batches WHERE dataset_id = $1 AND organization_id = $2 ORDER BY created_at, id',
    [datasetId, organizationId],
  );
  return rows.map((r) => r.id);
}

/** The same rows, counted as they pass. */
export function countingRows<T>(rows: Rows<T>, counter: { n: number }): Rows<T> {
  if ('batches' in rows) {
    const source = rows.batches;
    return {
      batches: (async function* () {
        for await (const batch of source) {
          counter.n += batch.length;
          yield batch;
        }
      })(),
    };
  }
  return (async function* () {
    for await (const row of rows as AsyncIterable<T>) {
      counter.n += 1;
      yield row;
    }
  })();
}

/** Rows in arrays of up to `size`, whatever shape they came in. */
export async function* inBatches<T>(rows: Rows<T>, size: number): AsyncGenerator<T[]> {
  let batch: T[] = [];
  if ('batches' in rows) {
    for await (const chunk of rows.batches) {
      for (const row of chunk) {
        batch.push(row);
        if (batch.length >= size) {
          yield batch;
          batch = [];
        }
      }
    }
  } else {
    for await (const row of rows as AsyncIterable<T>) {
      batch.push(row);
      if (batch.length >= size) {
        yield batch;
        batch = [];
      }
    }
  }
  if (batch.length) yield batch;
}
