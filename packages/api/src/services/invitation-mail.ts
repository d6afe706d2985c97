import { getOrganization } from '@foresight/db';
import type { ApiContext } from '../trpc';

/**
 * E-mails an invitation link when the app has a mailer (SMTP configured); never fails the
 * invitation itself: the link is always returned to the inviter as well.
 */
export async function sendInvitationMail(
  ctx: Pick<ApiContext, 'db' | 'mailer'> & { org: { id: string } },
  message: { to: string; token: string; inviterName: string; role: string; expiresAt: Date },
): Promise<{ emailed: boolean; mailNote: string | null }> {
  if (!ctx.mailer) {
    return {
      emailed: false,
      mailNote: 'E-mail is not configured: copy the link and send it yourself',
    };
  }
  try {
    const org = await getOrganization(ctx.db, ctx.org.id);
    await ctx.mailer.sendInvitation({ ...message, organizationName: org.name });
    return { emailed: true, mailNote: null };
  } catch (error) {
    console.error('[invitations] sending the e-mail failed:', error);
    return {
      emailed: false,
      mailNote: 'The e-mail could not be sent: copy the link and send it yourself',
    };
  }
}
