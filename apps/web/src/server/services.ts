import 'server-only';
import { createAuth, type Auth } from '@foresight/auth';
import { getDb, type DbHandle } from '@foresight/db';
import { openEventsEngines, type EventsEngines } from '@foresight/events';
import { startQueue, type QueueClient } from '@foresight/queue';
import { env } from '~/env';

// Long-lived server singletons, created lazily on first request and kept on globalThis so
// Next's dev reloads reuse them.
const g = globalThis as unknown as {
  foresightAuth?: Auth;
  foresightQueue?: Promise<QueueClient>;
  foresightEvents?: Promise<EventsEngines>;
};

export function db(): DbHandle {
  return getDb(env().DATABASE_URL);
}

export function auth(): Auth {
  g.foresightAuth ??= createAuth({
    pool: db().pool,
    baseURL: env().baseURL,
    secret: env().BETTER_AUTH_SECRET,
    secureCookies: env().baseURL.startsWith('https://'),
  });
  return g.foresightAuth;
}

export function queue(): Promise<QueueClient> {
  g.foresightQueue ??= startQueue(env().DATABASE_URL, { role: 'sender' }).catch(
    (error: unknown) => {
      g.foresightQueue = undefined;
      throw error;
    },
  );
  return g.foresightQueue;
}

/**
 * The events engines (FORESIGHT_EVENTS_ENGINE, CLICKHOUSE_URL): opened once; an engine that
 * cannot be reached is logged with the setting that names it and tried again on the next request.
 */
export function events(): Promise<EventsEngines> {
  g.foresightEvents ??= openEventsEngines(db()).catch((error: unknown) => {
    g.foresightEvents = undefined;
    console.error(`[events] ${error instanceof Error ? error.message : String(error)}`);
    throw error;
  });
  return g.foresightEvents;
}
