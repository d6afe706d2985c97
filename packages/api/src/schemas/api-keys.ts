import { z } from 'zod';
import { ZTimestamp } from './common';

/** read: queries only; write: also mutations (uploads, training). */
export const ZApiKeyScope = z.enum(['read', 'write']);

/** An organization API key, without the key itself. */
export const ZApiKey = z.object({
  id: z.string(),
  name: z.string(),
  /** The key's first characters (e.g. "fsk_a1b2c3"), to tell keys apart. */
  prefix: z.string(),
  scopes: z.array(ZApiKeyScope),
  createdAt: ZTimestamp,
  /** Null: never expires. */
  expiresAt: ZTimestamp.nullable(),
  /** Recorded at most once a minute; null: never used. */
  lastUsedAt: ZTimestamp.nullable(),
  revokedAt: ZTimestamp.nullable(),
  /** E-mail of the member who created it. */
  createdBy: z.string().nullable(),
});

/** A new key: `key` is the full secret, returned this once only. */
export const ZCreatedApiKey = z.object({ key: z.string(), apiKey: ZApiKey });

export const ZRevokedApiKey = z.object({ id: z.string() });
