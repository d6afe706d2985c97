import { RiskInputError } from './errors';
import type {
  CashSimulation,
  ConstantBurnRunway,
  RiskForecastInput,
  Scenario,
  SimulationOptions,
} from './types';
import { prepareRiskScenarios, runScenario } from './what-if';

/**
 * Monte Carlo cash paths from a revenue and expense forecast with backtest errors: draws
 * `options.paths` joint revenue/expense paths (see `drawRevenueExpensePaths`), accumulates cash
 * from the current balance under `scenario`, and summarises the cash fan, the runway distribution
 * and P(cash < 0) by month. Deterministic under `options.seed`.
 *
 * For repeated what-ifs on the same forecast, call `prepareRiskScenarios` once and `runScenario`
 * per scenario instead.
 */
export function simulateCashPaths(
  input: RiskForecastInput,
  scenario: Scenario,
  options: SimulationOptions & { dates?: readonly string[] },
): CashSimulation {
  return runScenario(prepareRiskScenarios(input, options), scenario);
}

/** Months the naive baseline averages the net burn over. */
export const CONSTANT_BURN_MONTHS = 3;

/**
 * The naive baseline: current cash divided by the average net burn (expenses − revenue) of the
 * last 3 months. `runwayMonths` is null when that burn is <= 0 (the company is not burning cash),
 * and 0 when the balance is already negative.
 */
export function constantBurnRunway(
  revenue: readonly number[],
  expenses: readonly number[],
  currentCash: number,
): ConstantBurnRunway {
  const months = Math.min(CONSTANT_BURN_MONTHS, revenue.length, expenses.length);
  if (months === 0) {
    throw new RiskInputError(
      'the constant-burn runway needs at least one month of revenue and expenses',
    );
  }
  let burn = 0;
  for (let i = 1; i <= months; i += 1) {
    burn += (expenses[expenses.length - i] as number) - (revenue[revenue.length - i] as number);
  }
  const monthlyBurn = burn / months;
  if (!(monthlyBurn > 0)) return { monthlyBurn, runwayMonths: null };
  return { monthlyBurn, runwayMonths: Math.max(currentCash, 0) / monthlyBurn };
}
