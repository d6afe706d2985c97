import { z } from 'zod';

/**
 * Where events datasets created from now on are stored:
 * - `postgres` (default): the `events` table beside everything else;
 * - `chdb`: ClickHouse embedded on this machine, served to every local process by one chDB server
 *   (`FORESIGHT_CHDB_PORT`, data in `FORESIGHT_CHDB_DIR`) that `pnpm start` supervises;
 * - `clickhouse`: a ClickHouse server or cluster at `CLICKHOUSE_URL`.
 * Datasets keep the engine they were created on, so switching affects new uploads only.
 */
export const ZEventsEnv = z.object({
  FORESIGHT_EVENTS_ENGINE: z.enum(['postgres', 'chdb', 'clickhouse']).default('postgres'),
  CLICKHOUSE_URL: z
    .string()
    .url('CLICKHOUSE_URL must be a URL like http://user:password@host:8123')
    .optional(),
  CLICKHOUSE_DATABASE: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'CLICKHOUSE_DATABASE must be a plain identifier')
    .default('foresight'),
  FORESIGHT_CHDB_PORT: z.coerce.number().int().min(1).max(65535).default(8124),
  FORESIGHT_CHDB_DIR: z.string().optional(),
  /** Where `pnpm engine:chdb` installs chDB (default `.engines/chdb` in the repository). */
  FORESIGHT_CHDB_HOME: z.string().optional(),
  /** The chDB server's per-query memory cap (MB): a query over it fails instead of the server. */
  FORESIGHT_CHDB_MAX_MEMORY_MB: z.coerce.number().int().min(256).default(8192),
});
export type EventsEnv = z.infer<typeof ZEventsEnv>;

export class EventsEnvError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EventsEnvError';
  }
}

/** Reads and checks the events settings; a bad or missing one is named in the error. */
export function readEventsEnv(env: NodeJS.ProcessEnv = process.env): EventsEnv {
  // An empty variable (`CLICKHOUSE_URL=` in an env file) counts as unset.
  const set = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const parsed = ZEventsEnv.safeParse(set);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new EventsEnvError(`${issue.path.join('.')}: ${issue.message}`);
  }
  if (parsed.data.FORESIGHT_EVENTS_ENGINE === 'clickhouse' && !parsed.data.CLICKHOUSE_URL) {
    throw new EventsEnvError(
      'FORESIGHT_EVENTS_ENGINE=clickhouse needs CLICKHOUSE_URL (http://user:password@host:8123)',
    );
  }
  return parsed.data;
}

/** The ClickHouse endpoint the settings name, if any (the local chDB server for `chdb`). */
export function clickhouseEndpoint(env: EventsEnv): { url: string; setting: string } | null {
  if (env.CLICKHOUSE_URL) return { url: env.CLICKHOUSE_URL, setting: 'CLICKHOUSE_URL' };
  if (env.FORESIGHT_EVENTS_ENGINE === 'chdb') {
    return {
      url: `http://127.0.0.1:${env.FORESIGHT_CHDB_PORT}`,
      setting: 'FORESIGHT_CHDB_PORT (the local chDB server)',
    };
  }
  return null;
}
