import { createApiKey, listApiKeys, revokeApiKey } from '@foresight/db';
import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { ZApiKey, ZCreatedApiKey, ZRevokedApiKey } from '../schemas/api-keys';
import { adminProcedure, memberProcedure } from '../trpc';

export const apiKeysRouter = {
  /** The organization's keys (never the keys themselves: only their prefix). */
  all: memberProcedure.output(z.array(ZApiKey)).query(({ ctx }) => listApiKeys(ctx.db, ctx.org.id)),

  /** Creates a key and returns it once; store it now, it cannot be shown again. */
  create: adminProcedure
    .input(
      z.object({
        name: z.string().trim().min(1, 'Name the key after the service that uses it').max(80),
        scopes: z.array(z.enum(['read', 'write'])).min(1, 'Pick at least one scope'),
        expiresInDays: z.number().int().min(1).max(3650).nullable().default(null),
      }),
    )
    .output(ZCreatedApiKey)
    .mutation(({ ctx, input }) =>
      createApiKey(ctx.db, {
        organizationId: ctx.org.id,
        userId: ctx.actor.userId,
        name: input.name,
        scopes: input.scopes,
        expiresAt: input.expiresInDays
          ? new Date(Date.now() + input.expiresInDays * 86_400_000)
          : null,
      }),
    ),

  /** Revokes a key: requests with it get 401 from now on. */
  revoke: adminProcedure
    .input(z.object({ id: z.string().uuid() }))
    .output(ZRevokedApiKey)
    .mutation(async ({ ctx, input }) => {
      await revokeApiKey(ctx.db, ctx.org.id, input.id);
      return { id: input.id };
    }),
} satisfies TRPCRouterRecord;
