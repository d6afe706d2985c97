// What-if scenarios: no server imports, so the web's client code can use the same bounds
// (`@foresight/api/scenario`).
import { z } from 'zod';

/**
 * The bounds of a what-if scenario, shared with the Risk page's what-if panel
 * (apps/web/src/lib/what-if.ts), which checks its fields against the same numbers as they are typed.
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
