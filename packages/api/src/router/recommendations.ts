import {
  getDataset,
  latestRecommendations,
  listJobs,
  recommendationsForUser,
  similarItemsFor,
} from '@foresight/db';
import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { ZJob } from '../schemas/jobs';
import { ZRecommendLatest, ZSimilarItems, ZUserRecommendations } from '../schemas/recommendations';
import { startTrainingJob } from '../services/start-training-job';
import { orgProcedure } from '../trpc';

const ZDatasetId = z.object({ datasetId: z.string().uuid() });
const ZKey = z.string().trim().min(1).max(200);

export const recommendationsRouter = {
  /** The latest recommendation model of an events dataset: leaderboard and example ids. */
  latest: orgProcedure
    .input(ZDatasetId)
    .output(ZRecommendLatest)
    .query(async ({ ctx, input }) => {
      // The dataset check runs beside the reads (all scoped by organization) for NOT_FOUND.
      const [, model, [latestJob]] = await Promise.all([
        getDataset(ctx.db, ctx.org.id, input.datasetId),
        latestRecommendations(ctx.db, ctx.org.id, input.datasetId),
        listJobs(ctx.db, ctx.org.id, { datasetId: input.datasetId, limit: 1, task: 'recommend' }),
      ]);
      return { model, latestJob: latestJob ?? null };
    }),

  /** Top items for a user (popular items for a user without history); null before the first model. */
  forUser: orgProcedure
    .input(ZDatasetId.extend({ user: ZKey }))
    .output(ZUserRecommendations)
    .query(async ({ ctx, input }) => {
      await getDataset(ctx.db, ctx.org.id, input.datasetId);
      return recommendationsForUser(ctx.db, ctx.org.id, input.datasetId, input.user);
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
    .mutation(({ ctx, input }) =>
      startTrainingJob({
        db: ctx.db,
        queue: ctx.queue,
        organizationId: ctx.org.id,
        userId: ctx.actor.userId,
        datasetId: input.datasetId,
        task: 'recommend',
        params: {},
      }),
    ),
} satisfies TRPCRouterRecord;
