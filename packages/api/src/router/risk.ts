import { getDataset, latestRisk, listJobs } from '@foresight/db';
import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { ZJob } from '../schemas/jobs';
import { ZRiskLatest, ZRiskWhatIf } from '../schemas/risk';
import { runRiskWhatIf } from '../services/risk-what-if';
import { startTrainingJob } from '../services/start-training-job';
import { orgProcedure } from '../trpc';

const ZDatasetId = z.object({ datasetId: z.string().uuid() });

const month = z.number().int().min(1).max(120);
const money = z.number().finite().min(-1e12).max(1e12);

export const ZScenario = z.object({
  growthRateChange: z.number().min(-0.5).max(1).optional(),
  newMonthlyCost: z.object({ amount: money, fromMonth: month }).optional(),
  fundraise: z.object({ amount: money.min(0), atMonth: month }).optional(),
});

export const riskRouter = {
  /** The latest runway & risk assessment of a financials dataset, and its newest job. */
  latest: orgProcedure
    .input(ZDatasetId)
    .output(ZRiskLatest)
    .query(async ({ ctx, input }) => {
      // The dataset check runs beside the reads (all scoped by organization) for NOT_FOUND.
      const [, risk, [latestJob]] = await Promise.all([
        getDataset(ctx.db, ctx.org.id, input.datasetId),
        latestRisk(ctx.db, ctx.org.id, input.datasetId),
        listJobs(ctx.db, ctx.org.id, { datasetId: input.datasetId, limit: 1, task: 'risk' }),
      ]);
      // The output schema leaves out the what-if inputs (params).
      return { risk, latestJob: latestJob ?? null };
    }),

  /** The same simulation under a what-if scenario, from the stored model (milliseconds). */
  whatIf: orgProcedure
    .input(ZDatasetId.extend({ scenario: ZScenario }))
    .output(ZRiskWhatIf)
    .query(({ ctx, input }) =>
      runRiskWhatIf({
        db: ctx.db,
        organizationId: ctx.org.id,
        datasetId: input.datasetId,
        scenario: input.scenario,
      }),
    ),

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
        task: 'risk',
        params: {},
      }),
    ),
} satisfies TRPCRouterRecord;
