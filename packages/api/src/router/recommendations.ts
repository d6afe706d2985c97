import {
  getDataset,
  latestRecommendations,
  listJobs,
  recommendationsForUser,
  similarItemsFor,
} from '@foresight/db';
import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { startTrainingJob } from '../services/start-training-job';
import { orgProcedure } from '../trpc';

const ZDatasetId = z.object({ datasetId: z.string().uuid() });
const ZKey = z.string().trim().min(1).max(200);

export const recommendationsRouter = {
  /** The latest recommendation model of an events dataset: leaderboard and example ids. */
  latest: orgProcedure.input(ZDatasetId).query(async ({ ctx, input }) => {
    // The dataset check runs beside the reads (all scoped by organization) for NOT_FOUND.
    const [, model, [latestJob]] = await Promise.all([
      getDataset(ctx.db, ctx.org.id, input.datasetId),
      latestRecommendations(ctx.db, ctx.org.id, input.datasetId),
      listJobs(ctx.db, ctx.org.id, { datasetId: input.datasetId, limit: 1, task: 'recommend' }),
    ]);
    return { model, latestJob: latestJob ?? null };
  }),

  /** Top items for a user (popular items for a user without history). */
  forUser: orgProcedure.input(ZDatasetId.extend({ user: ZKey })).query(async ({ ctx, input }) => {
    await getDataset(ctx.db, ctx.org.id, input.datasetId);
    return recommendationsForUser(ctx.db, ctx.org.id, input.datasetId, input.user);
  }),

  /** Items most similar to an item. */
  similarItems: orgProcedure
    .input(ZDatasetId.extend({ item: ZKey }))
    .query(async ({ ctx, input }) => {
      await getDataset(ctx.db, ctx.org.id, input.datasetId);
      return (await similarItemsFor(ctx.db, ctx.org.id, input.datasetId, input.item)) ?? [];
    }),

  train: orgProcedure.input(ZDatasetId).mutation(({ ctx, input }) =>
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
