import { latestRisk } from '@foresight/db';
import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { ZJob } from '../schemas/jobs';
import { ZRiskLatest, ZRiskWhatIf, ZScenario } from '../schemas/risk';
import { runRiskWhatIf } from '../services/risk-what-if';
import { trainTask, withLatestJob } from '../services/task-results';
import { orgProcedure } from '../trpc';

const ZDatasetId = z.object({ datasetId: z.string().uuid() });

export const riskRouter = {
  /** The latest runway & risk assessment of a financials dataset, and its newest job. */
  latest: orgProcedure
    .input(ZDatasetId)
    .output(ZRiskLatest)
    .query(async ({ ctx, input }) => {
      const { result: risk, latestJob } = await withLatestJob(
        ctx,
        input.datasetId,
        'risk',
        latestRisk(ctx.db, ctx.org.id, input.datasetId),
      );
      // The output schema leaves out the what-if inputs (params).
      return { risk, latestJob };
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
    .mutation(({ ctx, input }) => trainTask(ctx, input.datasetId, 'risk')),
} satisfies TRPCRouterRecord;
