import { z } from 'zod';

/**
 * The mail settings, one piece shared by every service that sends e-mail (the web's invitations,
 * the trainer's alert and digest e-mails): the web extends its env schema with `mailEnvSchema`,
 * the trainer calls `readMailEnv`.
 */
export const mailEnvSchema = z.object({
  /**
   * Optional: send e-mail through this SMTP server, e.g. smtp://user:password@smtp.example.com:587
   * (STARTTLS when offered) or smtps://…:465. Unset: no e-mail is sent (invitation links are
   * shown to the inviter; notifications stay in the app and on webhooks).
   */
  SMTP_URL: z
    .string()
    .url()
    .refine((u) => /^smtps?:\/\//.test(u), 'SMTP_URL must start with smtp:// or smtps://')
    .optional(),
  /** The From of every e-mail, e.g. "Foresight <noreply@example.com>". */
  MAIL_FROM: z.string().min(3).default('Foresight <noreply@localhost>'),
});

/** Where and as whom to send; `smtpUrl` null: e-mail is not configured. */
export interface MailEnv {
  smtpUrl: string | null;
  from: string;
}

export function readMailEnv(source: NodeJS.ProcessEnv = process.env): MailEnv {
  const parsed = mailEnvSchema.safeParse(source);
  if (!parsed.success) {
    const details = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid mail configuration: ${details}`);
  }
  return { smtpUrl: parsed.data.SMTP_URL ?? null, from: parsed.data.MAIL_FROM };
}
