import { mailEnvSchema } from '@foresight/mail';
import { z } from 'zod';

const schema = z.object({
  DATABASE_URL: z
    .string()
    .url({ message: 'DATABASE_URL must be a postgres:// URL (pnpm start sets it)' }),
  BETTER_AUTH_SECRET: z.string().min(32, 'BETTER_AUTH_SECRET must be at least 32 characters'),
  PORT: z.coerce.number().int().default(3000),
  /** The origin browsers use to reach the app; defaults to http://localhost:PORT. */
  BETTER_AUTH_URL: z.string().url().optional(),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  /** Failed sign-ins allowed per account and IP (and 5× that per IP) in 15 minutes. */
  FORESIGHT_SIGNIN_FAILURES_PER_15_MIN: z.coerce.number().int().min(1).default(10),
  /** Sign-ups allowed per IP per hour. */
  FORESIGHT_SIGNUPS_PER_HOUR: z.coerce.number().int().min(1).default(20),
  /** Largest CSV upload accepted, in bytes (default 1 GiB). */
  FORESIGHT_MAX_UPLOAD_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(1024 ** 3),
  /** Where uploaded files are kept (under uploads/); pnpm start sets it to the data directory. */
  FORESIGHT_DATA_DIR: z.string().min(1).optional(),
  /**
   * 1: webhook URLs may be http:// to localhost (development and tests); otherwise https only.
   * The trainer, which sends them, reads the same setting.
   */
  FORESIGHT_ALLOW_LOCAL_WEBHOOKS: z.enum(['0', '1']).default('0'),
  /** Requests allowed per API key per minute. */
  FORESIGHT_API_KEY_REQUESTS_PER_MINUTE: z.coerce.number().int().min(1).default(12_000),
  // SMTP_URL (optional: e-mail invitation links; unset, links are only shown to the inviter) and
  // MAIL_FROM: the mail settings shared with the trainer's alert e-mails (@foresight/mail).
  ...mailEnvSchema.shape,
});

export type WebEnv = z.infer<typeof schema> & { baseURL: string };

let cached: WebEnv | undefined;

/** Server env, validated on first use (not at import, so `next build` needs no database). */
export function env(): WebEnv {
  if (cached) return cached;
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const details = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid web configuration: ${details}`);
  }
  cached = {
    ...parsed.data,
    baseURL: parsed.data.BETTER_AUTH_URL ?? `http://localhost:${parsed.data.PORT}`,
  };
  return cached;
}
