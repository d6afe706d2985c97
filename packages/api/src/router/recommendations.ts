import {
  getDataset,
  latestRecommendations,
  recommendationsForUser,
  similarItemsFor,
} from '@foresight/db';
import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { ZJob } from '../schemas/jobs';
import {
  ZRecommendLatest,
  ZSimilarItems,
  ZUserHistory,
  ZUserRecommendations,
} from '../schemas/recommendations';
import { trainTask, withLatestJob } from '../services/task-results';
import { orgProcedure } from '../trpc';

const ZDatasetId = z.object({ datasetId: z.string().uuid() });
const ZKey = z.string().trim().min(1).max(200);

export const recommendationsRouter = {
  /** The latest recommendation model of an events dataset: leaderboard and example ids. */
  latest: orgProcedure
    .input(ZDatasetId)
    .output(ZRecommendLatest)
    .query(async ({ ctx, input }) => {
      const { result: model, latestJob } = await withLatestJob(
        ctx,
        input.datasetId,
        'recommend',
        latestRecommendations(ctx.db, ctx.org.id, input.datasetId),
      );
      return { model, latestJob };
    }),

  /** Top items for a user (popular items for a user without history); null before the first model. */
  forUser: orgProcedure
    .input(ZDatasetId.extend({ user: ZKey }))
    .output(ZUserRecommendations)
    .query(async ({ ctx, input }) => {
      await getDataset(ctx.db, ctx.org.id, input.datasetId);
      return recommendationsForUser(ctx.db, ctx.org.id, input.datasetId, input.user);
    }),

  /** The distinct items a user used most recently, newest first, with when and how often. */
  history: orgProcedure
    .input(ZDatasetId.extend({ user: ZKey, limit: z.number().int().min(1).max(50).default(10) }))
    .output(ZUserHistory)
    .query(async ({ ctx, input }) => {
      const dataset = await getDataset(ctx.db, ctx.org.id, input.datasetId);
      if (dataset.kind !== 'events') return [];
      const scope = { organizationId: ctx.org.id, datasetId: input.datasetId };
      return (await ctx.events.forDataset(scope)).history(scope, input.user, input.limit);
    }),

  /** Items most similar to an item ([] for an unknown item or before the first model). */
  similarItems: orgProcedure
    .input(ZDatasetId.extend({ item: ZKey }))
    .output(ZSimilarItems)
    .query(async ({ ctx, input }) => {
      await getDataset(ctx.db, ctx.org.id, input.datasetId);
      return (await similarItemsFor(ctx.db, ctx.org.id, input.datasetId, input.item)) ?? [];
    }),

  train: orgProcedure
    .input(ZDatasetId)
    .output(ZJob)
    .mutation(({ ctx, input }) => trainTask(ctx, input.datasetId, 'recommend')),
} satisfies TRPCRouterRecord;
