import { getDataset, latestChurn, listJobs } from '@foresight/db';
import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { startTrainingJob } from '../services/start-training-job';
import { orgProcedure } from '../trpc';

const ZDatasetId = z.object({ datasetId: z.string().uuid() });

export const churnRouter = {
  /** The latest churn model of a customers or events dataset: quality report and a page of at-risk customers. */
  latest: orgProcedure
    .input(
      ZDatasetId.extend({
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(500).default(50),
        /** Only users who never did this event (feature optimisation → at-risk non-adopters). */
        neverUsed: z.string().min(1).max(200).optional(),
      }),
    )
    .query(async ({ ctx, input }) => {
      // The dataset check runs beside the reads (all scoped by organization) for NOT_FOUND.
      const [, churn, [latestJob]] = await Promise.all([
        getDataset(ctx.db, ctx.org.id, input.datasetId),
        latestChurn(ctx.db, ctx.org.id, input.datasetId, {
          offset: input.offset,
          limit: input.limit,
          neverUsed: input.neverUsed,
        }),
        listJobs(ctx.db, ctx.org.id, { datasetId: input.datasetId, limit: 1, task: 'churn' }),
      ]);
      return { churn, latestJob: latestJob ?? null };
    }),

  /** Every score of the latest model, highest risk first (for CSV export). */
  export: orgProcedure.input(ZDatasetId).query(async ({ ctx, input }) => {
    await getDataset(ctx.db, ctx.org.id, input.datasetId);
    const churn = await latestChurn(ctx.db, ctx.org.id, input.datasetId, {
      offset: 0,
      limit: 1_000_000,
    });
    return (churn?.scores ?? []).map((s) => ({
      id: s.id,
      rank: s.rank,
      score: s.score,
      topDriver: s.drivers[0]?.feature ?? '',
    }));
  }),

  train: orgProcedure.input(ZDatasetId).mutation(({ ctx, input }) =>
    startTrainingJob({
      db: ctx.db,
      queue: ctx.queue,
      organizationId: ctx.org.id,
      userId: ctx.actor.userId,
      datasetId: input.datasetId,
      task: 'churn',
      params: {},
    }),
  ),
} satisfies TRPCRouterRecord;
