import 'server-only';
import { createAuth, type Auth } from '@foresight/auth';
import { getDb, type DbHandle } from '@foresight/db';
import { startQueue, type QueueClient } from '@foresight/queue';
import { env } from '~/env';

// Long-lived server singletons, created lazily on first request and kept on globalThis so
// Next's dev reloads reuse them.
const g = globalThis as unknown as { foresightAuth?: Auth; foresightQueue?: Promise<QueueClient> };

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
