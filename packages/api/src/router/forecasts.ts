import { getDataset, latestForecast, listJobs } from '@foresight/db';
import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { startTrainingJob } from '../services/start-training-job';
import { orgProcedure } from '../trpc';

const ZDatasetId = z.object({ datasetId: z.string().uuid() });

export const forecastsRouter = {
  /** The latest forecast of a market dataset (points + leaderboard), and its newest job. */
  latest: orgProcedure.input(ZDatasetId).query(async ({ ctx, input }) => {
    // The dataset check runs beside the reads (all scoped by organization) for NOT_FOUND.
    const [, forecast, [latestJob]] = await Promise.all([
      getDataset(ctx.db, ctx.org.id, input.datasetId),
      latestForecast(ctx.db, ctx.org.id, input.datasetId),
      listJobs(ctx.db, ctx.org.id, { datasetId: input.datasetId, limit: 1, task: 'forecast' }),
    ]);
    return { forecast, latestJob: latestJob ?? null };
  }),

  train: orgProcedure
    .input(ZDatasetId.extend({ horizon: z.number().int().min(1).max(366).optional() }))
    .mutation(({ ctx, input }) =>
      startTrainingJob({
        db: ctx.db,
        queue: ctx.queue,
        organizationId: ctx.org.id,
        userId: ctx.actor.userId,
        datasetId: input.datasetId,
        task: 'forecast',
        params: input.horizon ? { horizon: input.horizon } : {},
      }),
    ),
} satisfies TRPCRouterRecord;
