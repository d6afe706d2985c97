import { cancelJob, getJob, listJobs } from '@foresight/db';
import { TRPCError, type TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { page, ZTask } from '../schemas/common';
import { ZJob, ZJobSummary } from '../schemas/jobs';
import { startTrainingJob } from '@foresight/queue';
import { orgProcedure } from '../trpc';

export const jobsRouter = {
  /** The organization's jobs, newest first, a page at a time (pass `nextCursor` back as `cursor`). */
  all: orgProcedure
    .input(
      z
        .object({
          datasetId: z.string().uuid().optional(),
          task: ZTask.optional(),
          limit: z.number().int().min(1).max(200).default(50),
          cursor: z.string().uuid().nullish(),
        })
        .default({ limit: 50 }),
    )
    .output(page(ZJobSummary))
    .query(async ({ ctx, input }) => {
      const rows = await listJobs(ctx.db, ctx.org.id, {
        datasetId: input.datasetId,
        task: input.task,
        limit: input.limit + 1,
        afterId: input.cursor ?? undefined,
      });
      const items = rows.slice(0, input.limit);
      return { items, nextCursor: rows.length > input.limit ? items.at(-1)!.id : null };
    }),

  /** A job with its phase, per-epoch curve, timeline, attempts and resources. */
  byId: orgProcedure
    .input(z.object({ id: z.string().uuid() }))
    .output(ZJob)
    .query(({ ctx, input }) => getJob(ctx.db, ctx.org.id, input.id)),

  /** Retrains a dataset's task with the parameters of its last run; an already queued run is returned instead. */
  retrain: orgProcedure
    .input(z.object({ datasetId: z.string().uuid(), task: ZTask }))
    .output(ZJob)
    .mutation(async ({ ctx, input }) => {
      const [last] = await listJobs(ctx.db, ctx.org.id, { ...input, limit: 1 });
      return startTrainingJob({
        db: ctx.db,
        queue: ctx.queue,
        organizationId: ctx.org.id,
        userId: ctx.actor.userId,
        datasetId: input.datasetId,
        task: input.task,
        params: (last?.params as Record<string, unknown> | undefined) ?? {},
        trigger: 'manual',
      });
    }),

  /** Cancels a queued job at once, or stops a running one at its next epoch boundary. */
  cancel: orgProcedure
    .input(z.object({ id: z.string().uuid() }))
    .output(ZJob)
    .mutation(async ({ ctx, input }) => {
      const job = await cancelJob(ctx.db, ctx.org.id, input.id);
      if (!job) throw new TRPCError({ code: 'CONFLICT', message: 'This job has already finished' });
      return job;
    }),
} satisfies TRPCRouterRecord;
