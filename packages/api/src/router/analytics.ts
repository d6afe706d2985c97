import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import {
  ZAnalyticsFeatures,
  ZAnalyticsFunnel,
  ZAnalyticsOverview,
  ZAnalyticsRetention,
} from '../schemas/analytics';
import { orgProcedure } from '../trpc';

const ZDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Dates are YYYY-MM-DD');
const ZDataset = z.object({ datasetId: z.string().uuid() });

/** Behaviour analytics and feature optimisation of an events dataset, on the engine holding it. */
export const analyticsRouter = {
  overview: orgProcedure
    .input(
      ZDataset.extend({
        from: ZDay.optional(),
        to: ZDay.optional(),
        event: z.string().min(1).max(200).optional(),
        grain: z.enum(['day', 'week', 'month']).optional(),
      }),
    )
    .output(ZAnalyticsOverview)
    .query(async ({ ctx, input }) => {
      const { datasetId, ...filter } = input;
      const scope = { organizationId: ctx.org.id, datasetId };
      return (await ctx.events.forDataset(scope)).overview(scope, filter);
    }),

  retention: orgProcedure
    .input(ZDataset.extend({ grain: z.enum(['week', 'month']).default('week') }))
    .output(ZAnalyticsRetention)
    .query(async ({ ctx, input }) => {
      const scope = { organizationId: ctx.org.id, datasetId: input.datasetId };
      return (await ctx.events.forDataset(scope)).retention(scope, input.grain);
    }),

  features: orgProcedure
    .input(ZDataset.extend({ horizonDays: z.number().int().min(1).max(365).default(30) }))
    .output(ZAnalyticsFeatures)
    .query(async ({ ctx, input }) => {
      const scope = { organizationId: ctx.org.id, datasetId: input.datasetId };
      return (await ctx.events.forDataset(scope)).features(scope, input.horizonDays);
    }),

  funnel: orgProcedure
    .input(
      ZDataset.extend({
        steps: z
          .array(z.string().min(1).max(200))
          .min(2, 'A funnel needs at least two steps')
          .max(6),
        withinDays: z.number().int().min(1).max(365).optional(),
      }),
    )
    .output(ZAnalyticsFunnel)
    .query(async ({ ctx, input }) => {
      const scope = { organizationId: ctx.org.id, datasetId: input.datasetId };
      return (await ctx.events.forDataset(scope)).funnel(scope, input.steps, input.withinDays);
    }),
} satisfies TRPCRouterRecord;
