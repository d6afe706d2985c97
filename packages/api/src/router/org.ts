import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { adminProcedure, orgProcedure } from '../trpc';

export const orgRouter = {
  current: orgProcedure.query(async ({ ctx }) => {
    const org = await ctx.db.prisma.organization.findUniqueOrThrow({
      where: { id: ctx.org.id },
      select: { id: true, name: true, slug: true },
    });
    return { ...org, role: ctx.org.role, caller: ctx.actor };
  }),

  rename: adminProcedure
    .input(z.object({ name: z.string().trim().min(1).max(120) }))
    .mutation(({ ctx, input }) =>
      ctx.db.prisma.organization.update({
        where: { id: ctx.org.id },
        data: { name: input.name },
        select: { id: true, name: true },
      }),
    ),
} satisfies TRPCRouterRecord;
