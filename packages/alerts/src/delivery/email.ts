import { notificationForEmail, type DbHandle } from '@foresight/db';
import { sendSmtp, type MailEnv } from '@foresight/mail';
import { absoluteLink } from './webhook';

export interface EmailDeps {
  db: DbHandle;
  /** `readMailEnv()`: SMTP_URL (null: e-mail is off) and MAIL_FROM. */
  mail: MailEnv;
  /** The app's public origin (BETTER_AUTH_URL), for the link in the e-mail. */
  baseUrl: string;
  log?: (line: string) => void;
}

export type EmailOutcome = { status: 'sent'; to: string[] } | { status: 'skipped'; reason: string };

let notedOff = false;

/**
 * The emailNotification job: e-mails a notification (a fired alert or the weekly digest) to the
 * organization's owners and admins, as one plain-text message with the link into the app. Does
 * nothing when SMTP is not configured (logged once per process), when the alert's rule has
 * e-mail turned off, or when the notification is gone. A refused or failed send throws, so the
 * queue retries; all recipients are in one envelope, so a retry never mails anyone twice.
 */
export async function emailNotification(
  deps: EmailDeps,
  payload: { notificationId: string },
): Promise<EmailOutcome> {
  const log = deps.log ?? ((line: string) => console.info(line));
  const { smtpUrl, from } = deps.mail;
  if (!smtpUrl) {
    if (!notedOff) {
      notedOff = true;
      log(
        '[alerts] e-mail is not configured (SMTP_URL unset): alerts and digests go to the app and webhooks only',
      );
    }
    return { status: 'skipped', reason: 'SMTP is not configured' };
  }
  const found = await notificationForEmail(deps.db, payload.notificationId);
  if (!found) return { status: 'skipped', reason: 'the notification was deleted' };
  if (!found.emailWanted) {
    return { status: 'skipped', reason: "the alert's rule has e-mail turned off" };
  }
  const to = found.recipients.map((r) => r.email);
  if (to.length === 0)
    return { status: 'skipped', reason: 'the organization has no owner or admin' };
  const { notification: n, organizationName } = found;
  const link = absoluteLink(n.link, deps.baseUrl);
  await sendSmtp(smtpUrl, {
    from,
    to,
    subject: `[${organizationName}] ${n.title}`,
    text: [
      n.body,
      '',
      `Open in Foresight: ${link}`,
      '',
      '--',
      `You get this as an owner or admin of ${organizationName} on Foresight.`,
      n.kind === 'alert'
        ? 'To stop e-mails for this alert, turn off e-mail on its rule (Alerts page).'
        : 'The weekly digest goes to owners and admins every Monday.',
    ].join('\n'),
  });
  return { status: 'sent', to };
}
