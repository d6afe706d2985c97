import 'server-only';
import type { InvitationMailer } from '@foresight/api';
import { sendSmtp } from '@foresight/mail';
import { env } from '~/env';

let noted = false;

/**
 * The invitation mailer when SMTP_URL is set, else null (invitation links are then only shown to
 * the inviter, who sends them themselves). Logged once either way.
 */
export function invitationMailer(): InvitationMailer | null {
  const { SMTP_URL, MAIL_FROM, baseURL } = env();
  if (!noted) {
    noted = true;
    console.info(
      SMTP_URL
        ? `[mail] invitation links are e-mailed through ${new URL(SMTP_URL).host} from ${MAIL_FROM}`
        : '[mail] e-mail is not configured (SMTP_URL unset): invitation links are shown to the inviter only',
    );
  }
  if (!SMTP_URL) return null;
  return {
    async sendInvitation(m) {
      const link = `${baseURL}/invite/${m.token}`;
      await sendSmtp(SMTP_URL, {
        from: MAIL_FROM,
        to: m.to,
        subject: `${m.inviterName} invited you to ${m.organizationName} on Foresight`,
        text: [
          `${m.inviterName} invited you to join ${m.organizationName} on Foresight as ${m.role === 'admin' ? 'an admin' : 'a member'}.`,
          '',
          `Accept: ${link}`,
          '',
          `Sign in or create an account with ${m.to} to accept. The link works once and expires on ${m.expiresAt.toUTCString()}.`,
        ].join('\n'),
      });
    },
  };
}
