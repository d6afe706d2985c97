import { cashFan, cashOutProbabilities, cashOutSummary, runwayDistribution } from './cash-summary';
import { drawBandPaths, hasBand } from './band-paths';
import { drawRevenueExpensePaths } from './error-draws';
import { RiskInputError } from './errors';
import type {
  CashSimulation,
  PreparedRisk,
  RiskForecastInput,
  Scenario,
  SimulationOptions,
} from './types';

function assertPositiveInteger(value: number, field: string): void {
  if (!(Number.isInteger(value) && value >= 1)) {
    throw new RiskInputError(`${field} must be a whole number >= 1, got ${value}`, { field });
  }
}

function assertFiniteSeries(values: readonly number[], length: number, field: string): void {
  if (values.length < length) {
    throw new RiskInputError(
      `${field} forecast has ${values.length} months; the simulation needs ${length}`,
      { field },
    );
  }
  for (let i = 0; i < length; i += 1) {
    if (!Number.isFinite(values[i])) {
      throw new RiskInputError(`${field} forecast for month ${i + 1} is not a finite number`, {
        field,
      });
    }
  }
}

/**
 * Precomputes everything a what-if does not change: the Monte Carlo draws of revenue and expenses
 * — from the calibrated forecast bands (`drawBandPaths`), or for models stored before bands
 * existed, median forecast + resampled backtest errors (`drawRevenueExpensePaths`). `runScenario`
 * then only does arithmetic over these arrays.
 */
export function prepareRiskScenarios(
  input: RiskForecastInput,
  options: SimulationOptions & { dates?: readonly string[] },
): PreparedRisk {
  const { paths, horizon, seed } = options;
  assertPositiveInteger(paths, 'paths');
  assertPositiveInteger(horizon, 'horizon');
  if (!Number.isFinite(seed)) throw new RiskInputError('seed must be a finite number');
  if (!Number.isFinite(input.currentCash)) {
    throw new RiskInputError('the current cash balance is not a finite number', {
      field: 'cash',
    });
  }
  assertFiniteSeries(input.revenue.p50, horizon, 'revenue');
  assertFiniteSeries(input.expenses.p50, horizon, 'expenses');
  for (const line of input.expenseLines ?? [])
    assertFiniteSeries(line.p50, horizon, `cost line "${line.name}"`);
  const costs = input.expenseLines?.length ? input.expenseLines : [input.expenses];
  const bands = hasBand(input.revenue, horizon) && costs.every((cost) => hasBand(cost, horizon));
  const draws = (bands ? drawBandPaths : drawRevenueExpensePaths)(input, { paths, horizon, seed });
  return {
    paths,
    horizon,
    currentCash: input.currentCash,
    revenue: draws.revenue,
    expenses: draws.expenses,
    ...(options.dates ? { dates: options.dates.slice(0, horizon) } : {}),
    sampling: draws.sampling,
  };
}

function finiteNumber(value: number, field: string): number {
  if (!Number.isFinite(value)) {
    throw new RiskInputError(`${field} must be a finite number, got ${value}`, { field });
  }
  return value;
}

/** Validates a scenario and returns a clean copy (only the fields that were given). */
export function validateScenario(scenario: Scenario): Scenario {
  const clean: Scenario = {};
  if (scenario.growthRateChange !== undefined) {
    const change = finiteNumber(scenario.growthRateChange, 'scenario.growthRateChange');
    if (change <= -1) {
      throw new RiskInputError(
        `scenario.growthRateChange must be > -1 (e.g. 0.02 for +2 points a month), got ${change}`,
        { field: 'scenario.growthRateChange' },
      );
    }
    clean.growthRateChange = change;
  }
  if (scenario.newMonthlyCost !== undefined) {
    const { amount, fromMonth } = scenario.newMonthlyCost;
    finiteNumber(amount, 'scenario.newMonthlyCost.amount');
    assertPositiveInteger(fromMonth, 'scenario.newMonthlyCost.fromMonth');
    clean.newMonthlyCost = { amount, fromMonth };
  }
  if (scenario.fundraise !== undefined) {
    const { amount, atMonth } = scenario.fundraise;
    finiteNumber(amount, 'scenario.fundraise.amount');
    assertPositiveInteger(atMonth, 'scenario.fundraise.atMonth');
    clean.fundraise = { amount, atMonth };
  }
  return clean;
}

/**
 * Cash paths under a scenario, path-major (`path * horizon + month − 1`), with each path's runway
 * (months, interpolated inside the crossing month; +Infinity when cash stays >= 0) and first month
 * with a negative balance (0 when it is negative already, horizon + 1 when never).
 *
 * Month m (1-based): revenue × (1 + growthRateChange)^m; expenses + newMonthlyCost from its month
 * (total clamped at >= 0); the fundraise is added to that month's balance. A path whose cash went
 * negative before a fundraise arrives has still run out (its runway is the first crossing).
 */
export function scenarioCashPaths(
  prepared: PreparedRisk,
  scenario: Scenario,
): { cash: Float64Array; runways: Float64Array; firstNegativeMonth: Int32Array } {
  const { paths, horizon, currentCash } = prepared;
  const growth = new Float64Array(horizon);
  const extraCost = new Float64Array(horizon);
  const inflow = new Float64Array(horizon);
  const rate = 1 + (scenario.growthRateChange ?? 0);
  for (let h = 0; h < horizon; h += 1) {
    const month = h + 1;
    growth[h] = rate ** month;
    if (scenario.newMonthlyCost && month >= scenario.newMonthlyCost.fromMonth) {
      extraCost[h] = scenario.newMonthlyCost.amount;
    }
    if (scenario.fundraise && month === scenario.fundraise.atMonth) {
      inflow[h] = scenario.fundraise.amount;
    }
  }

  const cash = new Float64Array(paths * horizon);
  const runways = new Float64Array(paths);
  const firstNegativeMonth = new Int32Array(paths);
  const { revenue, expenses } = prepared;
  for (let p = 0; p < paths; p += 1) {
    let balance = currentCash;
    let runway = balance < 0 ? 0 : Number.POSITIVE_INFINITY;
    let firstNegative = balance < 0 ? 0 : horizon + 1;
    const offset = p * horizon;
    for (let h = 0; h < horizon; h += 1) {
      const i = offset + h;
      const cost = (expenses[i] as number) + (extraCost[h] as number);
      const next =
        balance +
        (revenue[i] as number) * (growth[h] as number) -
        (cost > 0 ? cost : 0) +
        (inflow[h] as number);
      if (next < 0 && firstNegative > horizon) {
        firstNegative = h + 1;
        runway = h + balance / (balance - next);
      }
      cash[i] = next;
      balance = next;
    }
    runways[p] = runway;
    firstNegativeMonth[p] = firstNegative;
  }
  return { cash, runways, firstNegativeMonth };
}

/**
 * A what-if on prepared draws: pure arithmetic over typed arrays (no forecasting, no sampling),
 * so it is fast enough to follow a slider (see bench/what-if.ts).
 */
export function runScenario(prepared: PreparedRisk, scenario: Scenario = {}): CashSimulation {
  const clean = validateScenario(scenario);
  const { paths, horizon } = prepared;
  const { cash, runways, firstNegativeMonth } = scenarioCashPaths(prepared, clean);
  const probabilityCashOut = cashOutProbabilities(firstNegativeMonth, horizon);
  return {
    fan: cashFan(cash, paths, horizon, prepared.dates),
    runway: runwayDistribution(runways, horizon),
    probabilityCashOut,
    summary: cashOutSummary(probabilityCashOut),
    scenario: clean,
    paths,
    horizon,
  };
}
