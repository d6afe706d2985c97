import {
  deleteDataset,
  deleteDatasetUploads,
  getDataset,
  getDatasetDetail,
  listDatasets,
  previewDataset,
  readMarketSeries,
  setRetrainSchedule,
} from '@foresight/db';
import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import {
  ZDataset,
  ZDatasetDetail,
  ZDatasetPreview,
  ZDeletedDataset,
  ZSeriesHistory,
} from '../schemas/datasets';
import { orgProcedure } from '../trpc';

const ZById = z.object({ id: z.string().uuid() });

export const datasetsRouter = {
  /** The organization's datasets, newest first. */
  all: orgProcedure.output(z.array(ZDataset)).query(({ ctx }) => listDatasets(ctx.db, ctx.org.id)),

  /** The dataset with its per-column summaries (null while they are being computed). */
  byId: orgProcedure
    .input(ZById)
    .output(ZDatasetDetail)
    .query(({ ctx, input }) => getDatasetDetail(ctx.db, ctx.org.id, input.id)),

  /** Every series of a market dataset (dates + values), for charts. */
  series: orgProcedure
    .input(ZById)
    .output(z.array(ZSeriesHistory))
    .query(async ({ ctx, input }) => {
      await getDataset(ctx.db, ctx.org.id, input.id);
      return readMarketSeries(ctx.db, ctx.org.id, input.id);
    }),

  /** The first stored rows, as the dashboards read them. */
  preview: orgProcedure
    .input(ZById)
    .output(ZDatasetPreview)
    .query(async ({ ctx, input }) => {
      const dataset = await getDataset(ctx.db, ctx.org.id, input.id);
      if (dataset.kind !== 'events') return previewDataset(ctx.db, ctx.org.id, input.id);
      const scope = { organizationId: ctx.org.id, datasetId: input.id };
      return (await ctx.events.forDataset(scope)).preview(scope);
    }),

  /** Retrains the dataset's models every day or week (null: only on new data or on request). */
  setRetrainSchedule: orgProcedure
    .input(z.object({ id: z.string().uuid(), schedule: z.enum(['daily', 'weekly']).nullable() }))
    .output(ZDataset)
    .mutation(async ({ ctx, input }) => {
      await setRetrainSchedule(ctx.db, ctx.org.id, input.id, input.schedule);
      return getDataset(ctx.db, ctx.org.id, input.id);
    }),

  /** Deletes the dataset, its rows, models and predictions, and the files it was uploaded from. */
  delete: orgProcedure
    .input(ZById)
    .output(ZDeletedDataset)
    .mutation(async ({ ctx, input }) => {
      const dataset = await getDataset(ctx.db, ctx.org.id, input.id);
      const scope = { organizationId: ctx.org.id, datasetId: input.id };
      const engine = dataset.kind === 'events' ? await ctx.events.forDataset(scope) : null;
      const files = await deleteDatasetUploads(ctx.db, ctx.org.id, input.id);
      await deleteDataset(ctx.db, ctx.org.id, input.id);
      // Rows outside PostgreSQL: uncounted from here on (their loads went with the dataset), then deleted.
      await engine?.remove(scope);
      await Promise.all(files.map((key) => ctx.files.storage.delete(key)));
      return { id: input.id };
    }),
} satisfies TRPCRouterRecord;
