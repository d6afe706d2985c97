import { TRPCError, type TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { orgProcedure } from '../trpc';

export const orgRouter = {
  current: orgProcedure.query(async ({ ctx }) => {
    const org = await ctx.db.prisma.organization.findUniqueOrThrow({
      where: { id: ctx.org.id },
      select: { id: true, name: true, slug: true },
    });
    return {
      ...org,
      role: ctx.org.role,
      user: { email: ctx.session.email, name: ctx.session.name },
    };
  }),

  rename: orgProcedure
    .input(z.object({ name: z.string().trim().min(1).max(120) }))
    .mutation(async ({ ctx, input }) => {
      if (ctx.org.role === 'member') {
        throw new TRPCError({
          code: 'FORBIDDEN',
          message: 'Only owners and admins can rename the organization',
        });
      }
      return ctx.db.prisma.organization.update({
        where: { id: ctx.org.id },
        data: { name: input.name },
        select: { id: true, name: true },
      });
    }),
} satisfies TRPCRouterRecord;
