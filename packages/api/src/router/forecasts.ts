import { getDataset, latestForecast, latestForecastDecomposition } from '@foresight/db';
import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { ZForecastDecomposition, ZForecastLatest } from '../schemas/forecasts';
import { ZJob } from '../schemas/jobs';
import { trainTask, withLatestJob } from '../services/task-results';
import { orgProcedure } from '../trpc';

const ZDatasetId = z.object({ datasetId: z.string().uuid() });
/** Series names to read (unknown names are simply absent from the result). */
const ZSeriesFilter = z.array(z.string().min(1).max(200)).max(1000).optional();
const ZDay = z.iso.date({ error: 'Dates must be YYYY-MM-DD' });

const ZLatestInput = ZDatasetId.extend({
  series: ZSeriesFilter,
  /** Only forecast points on or after this date (YYYY-MM-DD). */
  from: ZDay.optional(),
  /** Only forecast points on or before this date (YYYY-MM-DD). */
  to: ZDay.optional(),
}).refine((i) => !i.from || !i.to || i.from <= i.to, {
  message: '`from` must be on or before `to`',
  path: ['to'],
});

export const forecastsRouter = {
  /**
   * The latest forecast of a market dataset (points + leaderboard), and its newest job; optionally
   * only some series and the points of a date range (inclusive).
   */
  latest: orgProcedure
    .input(ZLatestInput)
    .output(ZForecastLatest)
    .query(async ({ ctx, input }) => {
      const { result: forecast, latestJob } = await withLatestJob(
        ctx,
        input.datasetId,
        'forecast',
        latestForecast(ctx.db, ctx.org.id, input.datasetId, {
          series: input.series,
          from: input.from,
          to: input.to,
        }),
      );
      return { forecast, latestJob };
    }),

  /** The trend/seasonal decomposition of the latest forecast model (for the decomposition chart). */
  decomposition: orgProcedure
    .input(ZDatasetId.extend({ series: ZSeriesFilter }))
    .output(ZForecastDecomposition)
    .query(async ({ ctx, input }) => {
      const [, decomposition] = await Promise.all([
        getDataset(ctx.db, ctx.org.id, input.datasetId),
        latestForecastDecomposition(ctx.db, ctx.org.id, input.datasetId, { series: input.series }),
      ]);
      return decomposition;
    }),

  train: orgProcedure
    .input(ZDatasetId.extend({ horizon: z.number().int().min(1).max(366).optional() }))
    .output(ZJob)
    .mutation(({ ctx, input }) =>
      trainTask(ctx, input.datasetId, 'forecast', input.horizon ? { horizon: input.horizon } : {}),
    ),
} satisfies TRPCRouterRecord;
