import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Webhook signing secrets: generated here, shown once to the admin who creates the endpoint, and
 * stored encrypted (AES-256-GCM) because the trainer needs the secret itself to sign each
 * delivery (a hash could not sign). The key is derived from the app secret every service
 * already shares (`BETTER_AUTH_SECRET`), so no new setting is needed; rotating that secret makes
 * stored webhook secrets unreadable (recreate the endpoints).
 */
const PREFIX = 'whsec_';

export function newWebhookSecret(): { secret: string; prefix: string } {
  const secret = PREFIX + randomBytes(24).toString('base64url');
  return { secret, prefix: secret.slice(0, PREFIX.length + 4) };
}

/** The 32-byte encryption key for webhook secrets, from the app secret. */
export function webhookKey(appSecret: string): Buffer {
  if (appSecret.length < 32) throw new Error('The app secret must be at least 32 characters');
  return Buffer.from(hkdfSync('sha256', appSecret, 'foresight', 'webhook secrets v1', 32));
}

/** `v1.<iv>.<tag>.<ciphertext>`, each base64url. */
export function encryptSecret(secret: string, key: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const data = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return ['v1', iv, cipher.getAuthTag(), data]
    .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
    .join('.');
}

export function decryptSecret(stored: string, key: Buffer): string {
  const [version, iv, tag, data] = stored.split('.');
  if (version !== 'v1' || !iv || !tag || !data) throw new Error('Unreadable webhook secret');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([
    decipher.update(Buffer.from(data, 'base64url')),
    decipher.final(),
  ]).toString('utf8');
}
