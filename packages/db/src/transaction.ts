import type pg from 'pg';
import type { DbHandle } from './client';

/** Runs `work` on one pooled connection inside BEGIN … COMMIT, rolled back if it throws. */
export async function inTransaction<T>(
  db: DbHandle,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await db.pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
