import { z } from 'zod';
import type { DbHandle } from './client';
import { modelBlobCache } from './model-blob-cache';
import { saveModelResult } from './models';

/** One month of the simulated cash balance's fan (quantiles over paths). */
export const ZFanPoint = z.object({
  month: z.number(),
  date: z.string().optional(),
  p10: z.number(),
  p50: z.number(),
  p90: z.number(),
});

/** What a risk model stores in `models.metrics`: the assessment the Risk page shows. */
export const ZRiskMetrics = z.object({
  asOf: z.string(),
  currentCash: z.number(),
  horizon: z.number().int(),
  paths: z.number().int(),
  fan: z.array(ZFanPoint),
  runway: z.object({
    p10: z.number().nullable(),
    p50: z.number().nullable(),
    p90: z.number().nullable(),
    shareBeyondHorizon: z.number(),
    horizon: z.number(),
  }),
  probabilityCashOut: z.array(z.object({ month: z.number(), p: z.number() })),
  summary: z.record(z.string(), z.number().nullable()),
  constantBurn: z.object({ monthlyBurn: z.number(), runwayMonths: z.number().nullable() }),
  forecast: z.object({
    dates: z.array(z.string()),
    revenue: z.array(z.number()),
    expenses: z.array(z.number()),
    /** Calibrated 80% bands of the monthly revenue and expense forecasts (newer models). */
    revenueP10: z.array(z.number()).optional(),
    revenueP90: z.array(z.number()).optional(),
    expensesP10: z.array(z.number()).optional(),
    expensesP90: z.array(z.number()).optional(),
  }),
  /**
   * How good the revenue and expense forecasts were on the backtest, in founder terms (newer
   * models): the chosen model's human name, its mean absolute error in % of the actual month over
   * the last `backtestMonths` months, the same for "no growth" (last month carried forward), and
   * the measured coverage of the calibrated 80% band.
   */
  forecastQuality: z
    .array(
      z.object({
        series: z.enum(['revenue', 'expenses']),
        model: z.string(),
        backtestMonths: z.number().int(),
        errorPct: z.number().nullable(),
        noGrowthErrorPct: z.number().nullable(),
        coverage: z.number().nullable(),
      }),
    )
    .optional(),
  /** Months of each backtest window (less than `horizon` when the history is short). */
  backtestHorizon: z.number().int().optional(),
  /** The cost lines forecast and simulated one by one (uploads with several cost columns). */
  expenseLines: z.array(z.string()).optional(),
  /** Plain-language notes about the run (e.g. the backtest was shorter than the horizon). */
  notes: z.array(z.string()).optional(),
  history: z.object({
    dates: z.array(z.string()),
    revenue: z.array(z.number()),
    expenses: z.array(z.number()),
    cash: z.array(z.number()),
  }),
  /** Holdout accuracy of the revenue and expense forecasts (per candidate), from the forecaster. */
  backtest: z.array(
    z.object({
      series: z.string(),
      chosen: z.string(),
      mase: z.record(z.string(), z.number().nullable()),
    }),
  ),
  sampling: z
    .object({ method: z.string(), blockLength: z.number(), origins: z.number(), steps: z.number() })
    .passthrough(),
  anomalies: z.array(
    z.object({
      series: z.string(),
      date: z.string(),
      value: z.number(),
      expected: z.number(),
      lower: z.number(),
      upper: z.number(),
      score: z.number(),
      excess: z.number(),
      direction: z.enum(['above', 'below']),
    }),
  ),
  trainMs: z.number(),
});
export type RiskMetrics = z.infer<typeof ZRiskMetrics>;

const ZSeriesErrorModel = z.object({
  p50: z.array(z.number()),
  residuals: z.array(z.array(z.number())),
  /** One level for all errors, or one per backtest origin. */
  referenceLevel: z.union([z.number(), z.array(z.number())]).optional(),
  /** Calibrated 80% band of the forecast (models stored since bands exist). */
  p10: z.array(z.number()).optional(),
  p90: z.array(z.number()).optional(),
});

/** What a risk model stores in `models.params`: the inputs that let what-ifs re-run the simulation. */
export const ZRiskParams = z.object({
  input: z.object({
    currentCash: z.number(),
    revenue: ZSeriesErrorModel,
    expenses: ZSeriesErrorModel,
    /** Each cost line's forecast and band (uploads with several cost columns). */
    expenseLines: z.array(ZSeriesErrorModel.extend({ name: z.string() })).optional(),
    correlation: z.number().optional(),
  }),
  paths: z.number().int(),
  horizon: z.number().int(),
  seed: z.number(),
  dates: z.array(z.string()),
});
export type RiskParams = z.infer<typeof ZRiskParams>;

/** Writes a risk model (assessment + what-if inputs) and the job's success in one transaction. */
export async function saveRiskResult(
  db: DbHandle,
  input: {
    jobId: string;
    /** The attempt writing the result; a superseded attempt is refused. */
    attempt?: number;
    backend: string;
    chosen: string;
    metrics: RiskMetrics;
    params: RiskParams;
  },
): Promise<{ modelId: string; version: number }> {
  const model = await saveModelResult(db, {
    jobId: input.jobId,
    attempt: input.attempt,
    task: 'risk',
    chosen: input.chosen,
    backend: input.backend,
    metrics: ZRiskMetrics.parse(input.metrics),
    params: ZRiskParams.parse(input.params),
  });
  return { modelId: model.modelId, version: model.version };
}

export interface RiskView {
  modelId: string;
  version: number;
  backend: string;
  createdAt: Date;
  metrics: RiskMetrics;
  params: RiskParams;
}

// The params hold every backtest residual: parsed once per model, not on every read or what-if.
const blobsOf = modelBlobCache(
  100,
  (model: {
    metrics: unknown;
    params: unknown;
  }): { metrics: RiskMetrics; params: RiskParams } | null => {
    const metrics = ZRiskMetrics.safeParse(model.metrics);
    const params = ZRiskParams.safeParse(model.params);
    return metrics.success && params.success
      ? { metrics: metrics.data, params: params.data }
      : null;
  },
);

/** The latest risk model of a financials dataset, or null when none was trained yet. */
export async function latestRisk(
  db: DbHandle,
  organizationId: string,
  datasetId: string,
): Promise<RiskView | null> {
  const model = await db.prisma.model.findFirst({
    where: { organizationId, datasetId, task: 'risk' },
    orderBy: [{ pinned: 'desc' }, { version: 'desc' }],
  });
  if (!model) return null;
  const blobs = blobsOf(model.id, model);
  if (!blobs) return null;
  return {
    modelId: model.id,
    version: model.version,
    backend: model.backend,
    createdAt: model.createdAt,
    ...blobs,
  };
}
