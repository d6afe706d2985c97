import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from './generated/prisma/client';

export type Db = PrismaClient;

export interface DbHandle {
  prisma: PrismaClient;
  /** The pg pool behind Prisma, also used for COPY bulk loads. */
  pool: pg.Pool;
  close(): Promise<void>;
}

// DATE columns come back as plain 'YYYY-MM-DD' strings from raw pg queries, never shifted by
// the server's time zone.
pg.types.setTypeParser(pg.types.builtins.DATE, (value: string) => value);

export function createDb(connectionString: string, options: { max?: number } = {}): DbHandle {
  const pool = new pg.Pool({ connectionString, max: options.max ?? 10 });
  // An idle connection the server closes (restart, failover) must not crash the process; the
  // pool replaces it on the next query.
  pool.on('error', (error) => console.error(`[db] idle connection closed: ${error.message}`));
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  return {
    prisma,
    pool,
    async close() {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}

const globalForDb = globalThis as unknown as { foresightDb?: DbHandle };

/** One process-wide handle (kept on globalThis so Next's dev reloads do not leak pools). */
export function getDb(connectionString: string): DbHandle {
  globalForDb.foresightDb ??= createDb(connectionString);
  return globalForDb.foresightDb;
}
