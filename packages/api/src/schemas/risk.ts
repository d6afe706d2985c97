import { ZRiskMetrics } from '@foresight/db';
import { z } from 'zod';
import { ZTimestamp } from './common';
import { ZJobSummary } from './jobs';

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

/**
 * The bounds of a what-if scenario. The Risk page's what-if panel checks its fields against the
 * same numbers (apps/web/src/lib/what-if.ts), so keep the two in step.
 */
export const SCENARIO_LIMITS = {
  /** Change of the monthly revenue growth rate, as a fraction (−0.5 = 50 points a month less). */
  growthRateChange: { min: -0.5, max: 1 },
  /** Any amount of money, in dollars. */
  money: { min: -1e12, max: 1e12 },
  /** A forecast month, 1-based. */
  month: { min: 1, max: 120 },
} as const;

const { growthRateChange: growth, money: cash, month: months } = SCENARIO_LIMITS;
const month = z
  .number()
  .int({ error: 'The month must be a whole number' })
  .min(months.min, { error: `The month must be between ${months.min} and ${months.max}` })
  .max(months.max, { error: `The month must be between ${months.min} and ${months.max}` });
const money = z
  .number({ error: 'The amount must be a number' })
  .min(cash.min, { error: 'The amount must be at most $1 trillion either way' })
  .max(cash.max, { error: 'The amount must be at most $1 trillion either way' });
const growthMessage = `The growth change must be between ${growth.min * 100} and +${growth.max * 100} points a month`;

/** `risk.whatIf`'s scenario: each field optional; an empty scenario re-runs the base case. */
export const ZScenario = z.object({
  /** Change of the monthly revenue growth rate (+0.02 = two more points a month). */
  growthRateChange: z
    .number()
    .min(growth.min, { error: growthMessage })
    .max(growth.max, { error: growthMessage })
    .optional(),
  /** A new recurring monthly cost (negative = a saving) from forecast month `fromMonth`. */
  newMonthlyCost: z.object({ amount: money, fromMonth: month }).optional(),
  /** Cash raised once, added in forecast month `atMonth`. */
  fundraise: z
    .object({ amount: money.min(0, { error: 'A fundraise cannot be negative' }), atMonth: month })
    .optional(),
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
