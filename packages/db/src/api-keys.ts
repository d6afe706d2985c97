import { createHash, randomBytes } from 'node:crypto';
import type { DbHandle } from './client';
import { NotFoundError } from './errors';

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

/**
 * The organization and scopes a presented key acts with, or null when it is unknown, revoked or
 * expired. Records when the key was last used (at most once a minute per key).
 */
export async function authenticateApiKey(db: DbHandle, key: string): Promise<ApiKeyCaller | null> {
  if (!key.startsWith(KEY_PREFIX)) return null;
  const row = await db.prisma.apiKey.findUnique({
    where: { hash: hashKey(key) },
    select: {
      id: true,
      organizationId: true,
      scopes: true,
      expiresAt: true,
      revokedAt: true,
      lastUsedAt: true,
    },
  });
  const now = new Date();
  if (!row || row.revokedAt || (row.expiresAt && row.expiresAt <= now)) return null;
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > 60_000) {
    await db.prisma.apiKey.update({ where: { id: row.id }, data: { lastUsedAt: now } });
  }
  return { keyId: row.id, organizationId: row.organizationId, scopes: row.scopes as ApiKeyScope[] };
}
