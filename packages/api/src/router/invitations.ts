import {
  acceptInvitation,
  cancelInvitation,
  createInvitation,
  listInvitations,
  previewInvitation,
} from '@foresight/db';
import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import {
  ZAcceptedInvitation,
  ZAssignableRole,
  ZCanceledInvitation,
  ZCreatedInvitation,
  ZInvitation,
  ZInvitationPreview,
} from '../schemas/members';
import { sendInvitationMail } from '../services/invitation-mail';
import { adminProcedure, memberProcedure, publicProcedure, signedInProcedure } from '../trpc';

const ZToken = z.string().trim().min(1).max(200);

export const invitationsRouter = {
  /** Pending invitations (without their links, which are shown once). */
  all: memberProcedure
    .output(z.array(ZInvitation))
    .query(({ ctx }) => listInvitations(ctx.db, ctx.org.id)),

  /**
   * Invites someone by e-mail address with a role (admins invite members; the owner also
   * admins). Returns the link's token once; it expires after `expiresInDays` and works once. When
   * SMTP is configured the link is also e-mailed.
   */
  create: adminProcedure
    .input(
      z.object({
        email: z.string().trim().email('Enter the e-mail address they will sign in with').max(254),
        role: ZAssignableRole.default('member'),
        expiresInDays: z.number().int().min(1).max(30).default(7),
      }),
    )
    .output(ZCreatedInvitation)
    .mutation(async ({ ctx, input }) => {
      const created = await createInvitation(ctx.db, {
        organizationId: ctx.org.id,
        inviterId: ctx.actor.userId,
        actorRole: ctx.org.role,
        email: input.email,
        role: input.role,
        expiresAt: new Date(Date.now() + input.expiresInDays * 86_400_000),
      });
      const mail = await sendInvitationMail(ctx, {
        to: created.invitation.email,
        token: created.token,
        inviterName: ctx.actor.name,
        role: input.role,
        expiresAt: created.invitation.expiresAt,
      });
      return { ...created, ...mail };
    }),

  /** Withdraws a pending invitation; its link stops working. */
  cancel: adminProcedure
    .input(z.object({ id: z.string().min(1).max(100) }))
    .output(ZCanceledInvitation)
    .mutation(({ ctx, input }) => cancelInvitation(ctx.db, ctx.org.id, input.id)),

  /** What a link is for (organization, role, address, state), before signing in. */
  preview: publicProcedure
    .input(z.object({ token: ZToken }))
    .output(ZInvitationPreview)
    .query(({ ctx, input }) => previewInvitation(ctx.db, input.token)),

  /**
   * Joins the inviting organization with the invited role. The signed-in person's e-mail must be
   * the invited one; the link must be pending and unexpired, and is used up.
   */
  accept: signedInProcedure
    .input(z.object({ token: ZToken }))
    .output(ZAcceptedInvitation)
    .mutation(({ ctx, input }) =>
      acceptInvitation(ctx.db, {
        token: input.token,
        userId: ctx.session.userId,
        email: ctx.session.email,
      }),
    ),
} satisfies TRPCRouterRecord;
