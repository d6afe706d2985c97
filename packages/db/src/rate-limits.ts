import type { DbHandle } from './client';

export interface RateLimitState {
  /** Requests counted in the current window (including this one, for `hitRateLimit`). */
  count: number;
  /** Whether the count is within the limit. */
  allowed: boolean;
  /** Seconds until the window resets (for a Retry-After header). */
  retryAfterSeconds: number;
}

/** The fixed window `now` falls in, and the seconds until it ends. */
export function rateWindow(
  windowSeconds: number,
  now = Date.now(),
): { start: Date; retryAfterSeconds: number } {
  const ms = windowSeconds * 1000;
  const start = Math.floor(now / ms) * ms;
  return {
    start: new Date(start),
    retryAfterSeconds: Math.max(1, Math.ceil((start + ms - now) / 1000)),
  };
}

/** Old windows are useless: clears them on about one call in a hundred, not on every request. */
export async function pruneRateLimitsNowAndThen(db: DbHandle): Promise<void> {
  if (Math.random() >= 0.01) return;
  await db.pool.query(
    `DELETE FROM rate_limit_counters WHERE window_start < now() - interval '1 day'`,
  );
}

/** Counts one request against `key` in fixed windows of `windowSeconds`; allowed while ≤ limit. */
export async function hitRateLimit(
  db: DbHandle,
  key: string,
  windowSeconds: number,
  limit: number,
): Promise<RateLimitState> {
  const { start, retryAfterSeconds } = rateWindow(windowSeconds);
  const { rows } = await db.pool.query<{ count: number }>(
    `INSERT INTO rate_limit_counters (key, window_start, count) VALUES ($1, $2, 1)
     ON CONFLICT (key, window_start) DO UPDATE SET count = rate_limit_counters.count + 1
     RETURNING count`,
    [key, start],
  );
  await pruneRateLimitsNowAndThen(db);
  const count = rows[0]!.count;
  return { count, allowed: count <= limit, retryAfterSeconds };
}

/** The current window's count for `key`, without counting anything. */
export async function peekRateLimit(
  db: DbHandle,
  key: string,
  windowSeconds: number,
  limit: number,
): Promise<RateLimitState> {
  const { start, retryAfterSeconds } = rateWindow(windowSeconds);
  const { rows } = await db.pool.query<{ count: number }>(
    'SELECT count FROM rate_limit_counters WHERE key = $1 AND window_start = $2',
    [key, start],
  );
  const count = rows[0]?.count ?? 0;
  return { count, allowed: count < limit, retryAfterSeconds };
}
