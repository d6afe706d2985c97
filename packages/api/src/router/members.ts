import {
  leaveOrganization,
  listMembers,
  removeMember,
  transferOwnership,
  updateMemberRole,
} from '@foresight/db';
import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { ZAssignableRole, ZLeftOrganization, ZMember, ZRemovedMember } from '../schemas/members';
import { adminProcedure, memberProcedure, ownerProcedure } from '../trpc';

export const membersRouter = {
  /** Everyone in the organization with their role (any member may read it). */
  all: memberProcedure.output(z.array(ZMember)).query(({ ctx }) => listMembers(ctx.db, ctx.org.id)),

  /** The owner makes a member an admin, or an admin a member. */
  updateRole: ownerProcedure
    .input(z.object({ memberId: z.string().min(1).max(100), role: ZAssignableRole }))
    .output(ZMember)
    .mutation(({ ctx, input }) =>
      updateMemberRole(ctx.db, {
        organizationId: ctx.org.id,
        actorRole: ctx.org.role,
        memberId: input.memberId,
        role: input.role,
      }),
    ),

  /** Admins remove members; only the owner removes an admin; the owner cannot be removed. */
  remove: adminProcedure
    .input(z.object({ memberId: z.string().min(1).max(100) }))
    .output(ZRemovedMember)
    .mutation(({ ctx, input }) =>
      removeMember(ctx.db, {
        organizationId: ctx.org.id,
        actorRole: ctx.org.role,
        memberId: input.memberId,
      }),
    ),

  /** The owner makes another member the owner and becomes an admin. */
  transferOwnership: ownerProcedure
    .input(z.object({ memberId: z.string().min(1).max(100) }))
    .output(ZMember)
    .mutation(({ ctx, input }) =>
      transferOwnership(ctx.db, {
        organizationId: ctx.org.id,
        actorUserId: ctx.actor.userId,
        actorRole: ctx.org.role,
        memberId: input.memberId,
      }),
    ),

  /**
   * The caller leaves the organization they act in (its only owner cannot: they transfer
   * ownership first) and acts in their latest other one, or in a new one of their own.
   */
  leave: memberProcedure
    .output(ZLeftOrganization)
    .mutation(({ ctx }) =>
      leaveOrganization(ctx.db, { organizationId: ctx.org.id, userId: ctx.actor.userId }),
    ),
} satisfies TRPCRouterRecord;
