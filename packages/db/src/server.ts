import { startEmbeddedPostgres } from './embedded';
import { readDbEnv } from './env';
import { applyMigrations } from './migrate';

export interface RunningDatabase {
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

/**
 * Gives the app a migrated database: DATABASE_URL when set, else an embedded PostgreSQL
 * under the data directory. Migrations are applied either way.
 */
export async function startDatabase(
  options: { log?: (line: string) => void; env?: NodeJS.ProcessEnv } = {},
): Promise<RunningDatabase> {
  const log = options.log ?? ((line: string) => console.log(`[db] ${line}`));
  const env = readDbEnv(options.env);
  let running: RunningDatabase;
  if (env.DATABASE_URL) {
    running = { url: env.DATABASE_URL, embedded: false, stop: async () => {} };
    log('using DATABASE_URL');
  } else {
    const server = await startEmbeddedPostgres({
      dataDir: env.FORESIGHT_DATA_DIR,
      port: env.FORESIGHT_EMBEDDED_PG_PORT,
      log,
    });
    running = { url: server.url, embedded: true, stop: server.stop };
  }
  try {
    const result = await applyMigrations(running.url, { log });
    log(
      `migrations: ${result.applied.length} applied, ${result.alreadyApplied.length} already applied`,
    );
  } catch (error) {
    await running.stop();
    throw error;
  }
  return running;
}
