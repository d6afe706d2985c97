import { addPeriods } from '../common/calendar';
import { quantileOfSorted } from '../common/quantiles';
import { RiskInputError } from './errors';
import { constantBurnRunway } from './runway';
import type {
  FinancialHistory,
  RiskForecastFn,
  RiskForecastInput,
  RiskSeriesForecast,
  RunwayAssessment,
  Scenario,
  SeriesErrorModel,
} from './types';
import { validateFinancialHistory } from './validate-history';
import { prepareRiskScenarios, runScenario } from './what-if';

export interface AssessRunwayOptions {
  /** The revenue/expense forecaster (e.g. `riskForecastFromBacktest()`). */
  forecast: RiskForecastFn;
  /** Forecast months. Default 18. */
  horizon?: number;
  /** Monte Carlo paths. Default 2000. */
  paths?: number;
  /** Seed of the Monte Carlo draws. Default 42. */
  seed?: number;
  /** What-if applied to the result. Default: none (the base case). */
  scenario?: Scenario;
  /**
   * Rescale backtest errors to the forecast's level (relative errors). Default true; false adds
   * them in value units as measured.
   */
  relativeErrors?: boolean;
}

export const DEFAULT_RUNWAY_HORIZON = 18;
/** Series id of a cost line in the forecast call: `expense:<column name>`. */
export const EXPENSE_LINE_PREFIX = 'expense:';
export const DEFAULT_RUNWAY_PATHS = 2000;

function findForecast(forecasts: RiskSeriesForecast[], id: string): RiskSeriesForecast {
  const found = forecasts.find((entry) => entry.id === id);
  if (!found) throw new Error(`the forecast function returned no forecast for "${id}"`);
  return found;
}

/**
 * Total costs from their lines: the medians summed (for the chart and the constant-burn
 * comparison; the simulation draws the lines themselves) and the backtest errors summed per origin
 * and step (the lines share their origins: one forecast call).
 */
function totalOf(lines: readonly SeriesErrorModel[]): SeriesErrorModel {
  const first = lines[0]!;
  return {
    p50: first.p50.map((_, h) => lines.reduce((sum, line) => sum + (line.p50[h] as number), 0)),
    residuals: first.residuals.map((row, o) =>
      row.map((_, k) => lines.reduce((sum, line) => sum + (line.residuals[o]?.[k] ?? 0), 0)),
    ),
  };
}

/** p10/p90 by month of simulated path-major values. */
function pathBand(values: Float64Array, paths: number, horizon: number) {
  const p10: number[] = [];
  const p90: number[] = [];
  const column = new Float64Array(paths);
  for (let h = 0; h < horizon; h += 1) {
    for (let p = 0; p < paths; p += 1) column[p] = values[p * horizon + h] as number;
    column.sort();
    p10.push(quantileOfSorted(column, 0.1));
    p90.push(quantileOfSorted(column, 0.9));
  }
  return { p10, p90 };
}

function mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

/**
 * Level of the series where its backtest errors were measured: the mean actual value over each
 * origin's window when the forecast says where the origins are, else the mean of the last
 * `steps` values (one level for all rows).
 */
function referenceLevel(
  values: readonly number[],
  forecast: RiskSeriesForecast,
): number | number[] {
  const { residuals, origins } = forecast;
  const steps = Math.max(1, ...residuals.map((row) => row.length));
  if (origins && origins.length === residuals.length) {
    const levels = origins.map((origin, o) => {
      const start = Math.max(0, Math.min(origin, values.length - 1));
      const window = values.slice(start, start + Math.max(1, residuals[o]?.length ?? 1));
      return mean(window);
    });
    if (levels.every((level) => Number.isFinite(level))) return levels;
  }
  return mean(values.slice(-Math.min(steps, values.length)));
}

/**
 * Runway and cash-out risk from a monthly financials table: forecasts revenue and expenses with
 * `options.forecast`, simulates Monte Carlo cash paths from their calibrated bands (persistent
 * growth-rate shocks plus monthly surprises, revenue/expense errors correlated as in the backtest;
 * see band-paths.ts), and reports the cash fan (p10/p50/p90 by month), the
 * runway distribution, P(cash < 0) by month (with the 3/6/12/18-month summary) and the naive
 * constant-burn runway. The result carries a `prepared` handle: `runScenario(prepared, scenario)`
 * answers what-ifs in milliseconds without forecasting again.
 *
 * Throws RiskInputError for a table the user must fix (too short, gaps, non-finite values, no cash).
 */
export async function assessRunway(
  history: FinancialHistory,
  options: AssessRunwayOptions,
): Promise<RunwayAssessment> {
  const checked = validateFinancialHistory(history);
  const horizon = options.horizon ?? DEFAULT_RUNWAY_HORIZON;
  const paths = options.paths ?? DEFAULT_RUNWAY_PATHS;
  const seed = options.seed ?? 42;
  if (!(Number.isInteger(horizon) && horizon >= 1)) {
    throw new RiskInputError(`horizon must be a whole number of months >= 1, got ${horizon}`, {
      field: 'horizon',
    });
  }

  const lines = checked.expenseLines ?? [];
  const lineId = (name: string) => `${EXPENSE_LINE_PREFIX}${name}`;
  const forecasts = await options.forecast(
    [
      { id: 'revenue', values: checked.revenue },
      ...(lines.length > 0
        ? lines.map((line) => ({ id: lineId(line.name), values: line.values }))
        : [{ id: 'expenses', values: checked.expenses }]),
    ],
    horizon,
  );
  const relative = options.relativeErrors ?? true;
  const model = (id: string, values: readonly number[]): SeriesErrorModel => {
    const forecast = findForecast(forecasts, id);
    return {
      p50: forecast.p50,
      residuals: forecast.residuals,
      ...(relative ? { referenceLevel: referenceLevel(values, forecast) } : {}),
      ...(forecast.p10 && forecast.p90 ? { p10: forecast.p10, p90: forecast.p90 } : {}),
    };
  };
  const revenue = model('revenue', checked.revenue);
  const expenseLines = lines.map((line) => ({
    name: line.name,
    ...model(lineId(line.name), line.values),
  }));
  const expenses =
    expenseLines.length > 0 ? totalOf(expenseLines) : model('expenses', checked.expenses);

  const asOf = checked.dates.at(-1) as string;
  const dates = Array.from({ length: horizon }, (_, h) => addPeriods(asOf, 'M', h + 1));
  const input: RiskForecastInput = {
    currentCash: checked.currentCash,
    revenue,
    expenses,
    ...(expenseLines.length > 0 ? { expenseLines } : {}),
  };
  const prepared = prepareRiskScenarios(input, { paths, horizon, seed, dates });
  const expenseBand =
    expenses.p10 && expenses.p90
      ? { p10: expenses.p10, p90: expenses.p90 }
      : pathBand(prepared.expenses, paths, horizon);
  const simulation = runScenario(prepared, options.scenario ?? {});

  return {
    ...simulation,
    asOf,
    currentCash: checked.currentCash,
    constantBurn: constantBurnRunway(checked.revenue, checked.expenses, checked.currentCash),
    forecast: {
      dates,
      revenue: revenue.p50.slice(0, horizon),
      expenses: expenses.p50.slice(0, horizon),
      ...(revenue.p10 && revenue.p90
        ? { revenueP10: revenue.p10.slice(0, horizon), revenueP90: revenue.p90.slice(0, horizon) }
        : {}),
      expensesP10: expenseBand.p10.slice(0, horizon),
      expensesP90: expenseBand.p90.slice(0, horizon),
    },
    sampling: prepared.sampling,
    input,
    prepared,
  };
}
