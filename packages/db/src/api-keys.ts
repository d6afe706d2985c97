import { createHash, randomBytes } from 'node:crypto';
import type { DbHandle } from './client';
import { NotFoundError } from './errors';
import { pruneRateLimitsNowAndThen, rateWindow, type RateLimitState } from './rate-limits';

export type ApiKeyScope = 'read' | 'write';

export interface ApiKeyView {
  id: string;
  name: string;
  prefix: string;
  scopes: ApiKeyScope[];
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  createdBy: string | null;
}

export interface ApiKeyCaller {
  keyId: string;
  organizationId: string;
  scopes: ApiKeyScope[];
}

const KEY_PREFIX = 'fsk_';

function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

const viewSelect = {
  id: true,
  name: true,
  prefix: true,
  scopes: true,
  createdAt: true,
  expiresAt: true,
  lastUsedAt: true,
  revokedAt: true,
  createdBy: { select: { email: true } },
} as const;

function toView(row: {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  createdBy: { email: string } | null;
}): ApiKeyView {
  return { ...row, scopes: row.scopes as ApiKeyScope[], createdBy: row.createdBy?.email ?? null };
}

/** Creates a key; the full key is returned this once and only its hash is stored. */
export async function createApiKey(
  db: DbHandle,
  input: {
    organizationId: string;
    userId: string | null;
    name: string;
    scopes: ApiKeyScope[];
    expiresAt: Date | null;
  },
): Promise<{ key: string; apiKey: ApiKeyView }> {
  const secret = randomBytes(32).toString('base64url');
  const key = `${KEY_PREFIX}${secret}`;
  const row = await db.prisma.apiKey.create({
    data: {
      organizationId: input.organizationId,
      name: input.name,
      prefix: key.slice(0, KEY_PREFIX.length + 6),
      hash: hashKey(key),
      scopes: [...new Set(input.scopes)],
      createdById: input.userId,
      expiresAt: input.expiresAt,
    },
    select: viewSelect,
  });
  return { key, apiKey: toView(row) };
}

export async function listApiKeys(db: DbHandle, organizationId: string): Promise<ApiKeyView[]> {
  const rows = await db.prisma.apiKey.findMany({
    where: { organizationId },
    orderBy: { createdAt: 'desc' },
    select: viewSelect,
  });
  return rows.map(toView);
}

export async function revokeApiKey(
  db: DbHandle,
  organizationId: string,
  keyId: string,
): Promise<void> {
  const { count } = await db.prisma.apiKey.updateMany({
    where: { id: keyId, organizationId, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  if (count === 0) throw new NotFoundError('API key');
}

export interface ApiKeyRateLimit {
  windowSeconds: number;
  limit: number;
}

/**
 * The organization and scopes a presented key acts with, or null when it is unknown, revoked or
 * expired. Records when the key was last used (at most once a minute per key) and, given a rate
 * limit, counts the request against the key's current window (`rate`). One statement, one round
 * trip: this runs before every request a service makes.
 */
export async function authenticateApiKey(
  db: DbHandle,
  key: string,
  rateLimit?: ApiKeyRateLimit,
): Promise<(ApiKeyCaller & { rate: RateLimitState | null }) | null> {
  if (!key.startsWith(KEY_PREFIX)) return null;
  const window = rateLimit ? rateWindow(rateLimit.windowSeconds) : null;
  const { rows } = await db.pool.query<{
    id: string;
    organization_id: string;
    scopes: string[];
    count: number | null;
  }>(
    `WITH k AS (
       SELECT id, organization_id, scopes, last_used_at FROM api_keys
       WHERE hash = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())
     ), counted AS (
       INSERT INTO rate_limit_counters (key, window_start, count)
       SELECT 'api-key:' || k.id, $2, 1 FROM k WHERE $2::timestamptz IS NOT NULL
       ON CONFLICT (key, window_start) DO UPDATE SET count = rate_limit_counters.count + 1
       RETURNING count
     ), touched AS (
       UPDATE api_keys a SET last_used_at = now() FROM k
       WHERE a.id = k.id AND (k.last_used_at IS NULL OR k.last_used_at < now() - interval '1 minute')
     )
     SELECT k.id, k.organization_id, k.scopes, (SELECT count FROM counted) AS count FROM k`,
    [hashKey(key), window?.start ?? null],
  );
  const row = rows[0];
  if (!row) return null;
  if (rateLimit) await pruneRateLimitsNowAndThen(db);
  return {
    keyId: row.id,
    organizationId: row.organization_id,
    scopes: row.scopes as ApiKeyScope[],
    rate:
      rateLimit && window && row.count !== null
        ? {
            count: row.count,
            allowed: row.count <= rateLimit.limit,
            retryAfterSeconds: window.retryAfterSeconds,
          }
        : null,
  };
}
