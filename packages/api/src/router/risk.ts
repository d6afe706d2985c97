import { latestRisk } from '@foresight/db';
import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { ZJob } from '../schemas/jobs';
import { ZRiskHorizon, ZRiskLatest, ZRiskWhatIf, ZScenario } from '../schemas/risk';
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

  /** Re-runs the assessment; `horizon` is the planning horizon in months (default 18). */
  train: orgProcedure
    .input(ZDatasetId.extend({ horizon: ZRiskHorizon.optional() }))
    .output(ZJob)
    .mutation(({ ctx, input }) =>
      trainTask(ctx, input.datasetId, 'risk', input.horizon ? { horizon: input.horizon } : {}),
    ),
} satisfies TRPCRouterRecord;
