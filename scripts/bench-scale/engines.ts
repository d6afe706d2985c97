// The engines under test: PostgreSQL (the benchmark's own database) and ClickHouse embedded as
// chDB, served by its own `server-main` process on a temporary data directory and a free port,
// exactly as `FORESIGHT_EVENTS_ENGINE=chdb` runs it beside the web and trainers.
import { readdir, stat } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import type { DbHandle } from '@foresight/db';
import {
  openEventsEngines,
  readEventsEnv,
  type EventsEngine,
  type EventsEngines,
} from '@foresight/events';
import { CHDB_VERSION, chdbHome, isChdbInstalled } from '@foresight/events/chdb';
import { root, startTsx, type Child } from './processes';

/** The benchmark's names for the engines (`--engines postgres,chdb`). */
export type EngineKey = 'postgres' | 'chdb';
export const ENGINE_KEYS: EngineKey[] = ['postgres', 'chdb'];
export const ENGINE_LABELS: Record<EngineKey, string> = {
  postgres: 'PostgreSQL',
  chdb: 'ClickHouse (chDB)',
};

export interface ChdbServer {
  port: number;
  dataDir: string;
  child: Child;
  /** What a process needs in its environment to reach this server (trainers). */
  env: Record<string, string>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export function chdbStatus(): { installed: boolean; home: string; version: string } {
  return { installed: isChdbInstalled(), home: chdbHome(), version: CHDB_VERSION };
}

/** Starts the local chDB server on `dataDir` and waits until it answers. */
export async function startChdb(dataDir: string, maxMemoryMb: number): Promise<ChdbServer> {
  const port = await freePort();
  const env = {
    FORESIGHT_EVENTS_ENGINE: 'chdb',
    FORESIGHT_CHDB_PORT: String(port),
    FORESIGHT_CHDB_DIR: dataDir,
    FORESIGHT_CHDB_MAX_MEMORY_MB: String(maxMemoryMb),
  };
  const child = startTsx('chdb', 'src/chdb/server-main.ts', {
    cwd: path.join(root, 'packages/events'),
    env,
  });
  await child.waitForLine(/chDB events engine on/, 120_000);
  return { port, dataDir, child, env };
}

/**
 * The engines as a web or trainer process with these settings opens them; new datasets go to
 * `key`'s engine. PostgreSQL only when no chDB server runs.
 */
export async function openEngines(
  db: DbHandle,
  key: EngineKey,
  chdb: ChdbServer | null,
): Promise<{ engines: EventsEngines; engine: EventsEngine }> {
  const env = readEventsEnv(
    chdb
      ? {
          FORESIGHT_EVENTS_ENGINE: key === 'chdb' ? 'chdb' : 'postgres',
          FORESIGHT_CHDB_PORT: String(chdb.port),
        }
      : { FORESIGHT_EVENTS_ENGINE: 'postgres' },
  );
  const engines = await openEventsEngines(db, env);
  return { engines, engine: engines.default };
}

/** Bytes of every file under `dir` (what the chDB data directory takes on disk). */
export async function directoryBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) total += await directoryBytes(full);
    else if (entry.isFile()) total += (await stat(full).catch(() => ({ size: 0 }))).size;
  }
  return total;
}

/** Bytes the PostgreSQL database takes (tables, indexes, rollups). */
export async function databaseBytes(db: DbHandle): Promise<number> {
  const { rows } = await db.pool.query<{ bytes: string }>(
    'SELECT pg_database_size(current_database())::text AS bytes',
  );
  return Number(rows[0]!.bytes);
}
