import { getJob, listJobs } from '@foresight/db';
import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { orgProcedure } from '../trpc';

export const jobsRouter = {
  all: orgProcedure
    .input(
      z
        .object({
          datasetId: z.string().uuid().optional(),
          limit: z.number().int().min(1).max(200).optional(),
        })
        .optional(),
    )
    .query(({ ctx, input }) => listJobs(ctx.db, ctx.org.id, input ?? {})),

  byId: orgProcedure
    .input(z.object({ id: z.string().uuid() }))
    .query(({ ctx, input }) => getJob(ctx.db, ctx.org.id, input.id)),
} satisfies TRPCRouterRecord;
