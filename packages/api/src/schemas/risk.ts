import { ZRiskMetrics } from '@foresight/db';
import { z } from 'zod';
import { ZTimestamp } from './common';
import { ZJobSummary } from './jobs';
export { SCENARIO_LIMITS, ZScenario } from './scenario';

/** A runway & risk assessment: cash fan, runway distribution, cash-out odds, backtests, anomalies. */
export const ZRiskAssessment = z.object({
  modelId: z.string(),
  version: z.number(),
  backend: z.string(),
  createdAt: ZTimestamp,
  metrics: ZRiskMetrics,
});

/** `risk.latest`: the latest assessment of a financials dataset (null before the first) and the newest job. */
export const ZRiskLatest = z.object({
  risk: ZRiskAssessment.nullable(),
  latestJob: ZJobSummary.nullable(),
});

/** A what-if scenario as applied (only the fields that were given). */
export const ZAppliedScenario = z.object({
  /** Change of the monthly revenue growth rate (+0.02 = two more points a month). */
  growthRateChange: z.number().optional(),
  /** A new recurring monthly cost (negative = a saving) from forecast month `fromMonth` (1-based). */
  newMonthlyCost: z.object({ amount: z.number(), fromMonth: z.number() }).optional(),
  /** Cash raised once, added in forecast month `atMonth` (1-based). */
  fundraise: z.object({ amount: z.number(), atMonth: z.number() }).optional(),
});

/** `risk.whatIf`: the cash simulation of the latest model under a scenario. */
export const ZRiskWhatIf = z.object({
  modelId: z.string(),
  fan: ZRiskMetrics.shape.fan,
  runway: ZRiskMetrics.shape.runway,
  probabilityCashOut: ZRiskMetrics.shape.probabilityCashOut,
  /** P(cash < 0 within 3, 6, 12 and 18 months); null beyond the simulated horizon. */
  summary: z.object({
    3: z.number().nullable(),
    6: z.number().nullable(),
    12: z.number().nullable(),
    18: z.number().nullable(),
  }),
  scenario: ZAppliedScenario,
  paths: z.number(),
  horizon: z.number(),
});

/** Months a runway assessment plans over: up to five years, whatever the history's length. */
export const ZRiskHorizon = z
  .number()
  .int('The planning horizon must be a whole number of months')
  .min(3, 'The planning horizon must be at least 3 months')
  .max(60, 'The planning horizon can be at most 60 months');
