import { getDataset, listModels, pinModel } from '@foresight/db';
import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { ZTask } from '../schemas/common';
import { ZModelVersion } from '../schemas/models';
import { orgProcedure } from '../trpc';

export const modelsRouter = {
  /** Every kept model version of a dataset (newest first per task), which one is pinned. */
  history: orgProcedure
    .input(z.object({ datasetId: z.string().uuid(), task: ZTask.optional() }))
    .output(z.array(ZModelVersion))
    .query(async ({ ctx, input }) => {
      await getDataset(ctx.db, ctx.org.id, input.datasetId);
      return listModels(ctx.db, ctx.org.id, input.datasetId, input.task);
    }),

  /** Shows a previous version instead of the newest (version null: back to the newest). */
  pin: orgProcedure
    .input(
      z.object({
        datasetId: z.string().uuid(),
        task: ZTask,
        version: z.number().int().min(1).nullable(),
      }),
    )
    .output(z.array(ZModelVersion))
    .mutation(async ({ ctx, input }) => {
      await pinModel(ctx.db, ctx.org.id, input.datasetId, input.task, input.version);
      return listModels(ctx.db, ctx.org.id, input.datasetId, input.task);
    }),
} satisfies TRPCRouterRecord;
