import { getOrganization, renameOrganization } from '@foresight/db';
import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { ZCurrentOrg, ZRenamedOrg, ZSampleData } from '../schemas/org';
import { loadSampleData } from '../services/sample-data';
import { adminProcedure, orgProcedure } from '../trpc';

export const orgRouter = {
  /** The organization the call acts in, the caller's role there, and who the caller is. */
  current: orgProcedure.output(ZCurrentOrg).query(async ({ ctx }) => {
    const org = await getOrganization(ctx.db, ctx.org.id);
    return { ...org, role: ctx.org.role, caller: ctx.actor };
  }),

  rename: adminProcedure
    .input(z.object({ name: z.string().trim().min(1).max(120) }))
    .output(ZRenamedOrg)
    .mutation(({ ctx, input }) => renameOrganization(ctx.db, ctx.org.id, input.name)),

  /**
   * "Try with sample data": generates a realistic startup (24 months of daily metrics, the event
   * log of ~50k users — ~2k with `scale: 'small'` — monthly financials with ~12 months of runway,
   * a customer table with a churn label) and imports it through the ordinary upload path, which
   * queues every training job. Answers at once with the four uploads; poll `uploads.byId` for
   * each until it is `stored` (or `failed`/`rejected`). Always allowed: each call adds four new
   * datasets named "Sample: …".
   */
  loadSampleData: orgProcedure
    .input(
      z.object({ scale: z.enum(['full', 'small']).default('full') }).default({ scale: 'full' }),
    )
    .output(ZSampleData)
    .mutation(async ({ ctx, input }) => ({
      uploads: await loadSampleData({
        db: ctx.db,
        events: ctx.events,
        queue: ctx.queue,
        files: ctx.files,
        organizationId: ctx.org.id,
        userId: ctx.actor.userId,
        background: ctx.background,
        scale: input.scale,
        log: (message, error) => console.error(`[sample data] ${message}:`, error),
      }),
    })),
} satisfies TRPCRouterRecord;
