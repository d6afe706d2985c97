import { createRandom } from '../common/random';
import { RiskInputError } from './errors';
import type { ErrorSampling, RiskForecastInput, SeriesErrorModel } from './types';

/** With at least this many backtest origins whose rows cover the horizon, whole rows are drawn. */
export const MIN_ORIGINS_FOR_ROW_SAMPLING = 30;

/** The error rows of one series as a dense origins × steps matrix of per-step increments. */
interface ErrorIncrements {
  origins: number;
  steps: number;
  /** `origin * steps + k`: error(k) − error(k − 1), with error(−1) = 0. */
  increments: Float64Array;
}

function commonShape(
  revenue: number[][],
  expenses: number[][],
): { origins: number; steps: number } {
  if (revenue.length !== expenses.length) {
    throw new RiskInputError(
      `revenue and expenses need backtest errors from the same origins (got ${revenue.length} and ${expenses.length} rows)`,
      { field: 'residuals' },
    );
  }
  const lengths = [...revenue, ...expenses].map((row) => row.length);
  const steps = lengths.length === 0 ? 0 : Math.min(...lengths);
  return { origins: steps === 0 ? 0 : revenue.length, steps };
}

/** Per-row divisors making errors relative, or null when they stay additive. */
function rowLevels(model: SeriesErrorModel, origins: number, field: string): Float64Array | null {
  const reference = model.referenceLevel;
  if (reference === undefined || origins === 0) return null;
  if (Array.isArray(reference) && reference.length !== origins) {
    throw new RiskInputError(
      `${field} needs one reference level per backtest origin (got ${reference.length} for ${origins})`,
      { field: `${field}.referenceLevel` },
    );
  }
  const levels = Float64Array.from({ length: origins }, (_, o) =>
    Array.isArray(reference) ? (reference[o] as number) : reference,
  );
  return levels.every((level) => Number.isFinite(level) && level > 0) ? levels : null;
}

function errorIncrements(
  rows: number[][],
  origins: number,
  steps: number,
  levels: Float64Array | null,
  field: string,
): ErrorIncrements {
  const increments = new Float64Array(origins * steps);
  for (let o = 0; o < origins; o += 1) {
    const row = rows[o] as number[];
    const divisor = levels ? (levels[o] as number) : 1;
    let previous = 0;
    for (let k = 0; k < steps; k += 1) {
      const error = row[k] as number;
      if (!Number.isFinite(error)) {
        throw new RiskInputError(
          `${field} backtest error at origin ${o + 1}, step ${k + 1} is not a finite number`,
          { field: `${field}.residuals` },
        );
      }
      increments[o * steps + k] = (error - previous) / divisor;
      previous = error;
    }
  }
  return { origins, steps, increments };
}

/** Multipliers turning relative errors into value units at the forecast's level. */
function levelScale(p50: readonly number[], horizon: number): Float64Array {
  const scale = new Float64Array(horizon);
  for (let h = 0; h < horizon; h += 1) scale[h] = Math.max(p50[h] as number, 0);
  return scale;
}

/** Block length of the bootstrap: whole rows when there are many origins, else ~∛steps. */
function chooseBlockLength(origins: number, steps: number, horizon: number): number {
  if (origins >= MIN_ORIGINS_FOR_ROW_SAMPLING) return Math.min(steps, horizon);
  return Math.max(1, Math.min(steps, Math.round(Math.cbrt(steps))));
}

/**
 * Draws `paths` joint revenue/expense paths: the median forecast plus resampled backtest errors,
 * clamped at >= 0. Returns path-major Float64Arrays (`path * horizon + step`).
 *
 * Errors are resampled as blocks of consecutive per-step increments (error(k) − error(k−1)) taken
 * from one backtest origin, and summed along the path, so forecast errors keep their serial
 * correlation and grow with the step ahead as in the backtest. Every block uses the SAME origin and
 * steps for revenue and expenses, which keeps the correlation between the two. Each path starts
 * with a block at step 0 of a random origin (so it carries exactly one one-step error: a level
 * error persists instead of being repeated or lost), and continues with blocks at random origins
 * and steps >= 1. With many origins (>= MIN_ORIGINS_FOR_ROW_SAMPLING) whose rows cover the
 * horizon, each path is exactly one backtest row ("rows"); otherwise blocks are ~∛steps long
 * ("blocks"), which also makes a single backtest origin yield a spread of paths after the first
 * block. A constant error (a level miss) stays constant along a path; trend misses and
 * random-walk errors keep (on average) their growth with the step ahead.
 *
 * Errors are additive in value units, except that a series with a positive `referenceLevel` (per
 * row or overall) has them divided by it and multiplied by p50[h]: errors measured while revenue
 * was 10k are doubled where the forecast reaches 20k. Relative errors behave better for growing
 * revenue (and costs); the level of each backtest window stands in for the backtest forecasts,
 * which the forecast contract does not return.
 */
export function drawRevenueExpensePaths(
  input: RiskForecastInput,
  options: { paths: number; horizon: number; seed: number },
): { revenue: Float64Array; expenses: Float64Array; sampling: ErrorSampling } {
  const { paths, horizon, seed } = options;
  const { origins, steps } = commonShape(input.revenue.residuals, input.expenses.residuals);
  const revenueLevels = rowLevels(input.revenue, origins, 'revenue');
  const expenseLevels = rowLevels(input.expenses, origins, 'expenses');
  const revenueErrors = errorIncrements(
    input.revenue.residuals,
    origins,
    steps,
    revenueLevels,
    'revenue',
  );
  const expenseErrors = errorIncrements(
    input.expenses.residuals,
    origins,
    steps,
    expenseLevels,
    'expenses',
  );
  const revenueScale = revenueLevels ? levelScale(input.revenue.p50, horizon) : null;
  const expenseScale = expenseLevels ? levelScale(input.expenses.p50, horizon) : null;

  const revenue = new Float64Array(paths * horizon);
  const expenses = new Float64Array(paths * horizon);
  const blockLength = origins === 0 ? 0 : chooseBlockLength(origins, steps, horizon);
  const rowSampling = origins >= MIN_ORIGINS_FOR_ROW_SAMPLING && steps >= horizon;
  // Blocks after the first never contain step 0 (its increment is the whole one-step error, which
  // a path gets once): they start at a random step in 1..steps − length (step 0 only when the rows
  // have a single step, i.e. errors are then treated as a random walk of one-step errors).
  const laterLength = steps > 1 ? Math.min(blockLength, steps - 1) : 1;
  const laterStarts = steps > 1 ? steps - laterLength : 1;
  const laterFirst = steps > 1 ? 1 : 0;
  const random = createRandom(seed);

  for (let p = 0; p < paths; p += 1) {
    let revenueError = 0;
    let expenseError = 0;
    let source = 0;
    let left = 0;
    for (let h = 0; h < horizon; h += 1) {
      if (origins > 0) {
        if (left === 0) {
          const origin = random.int(origins);
          if (h === 0) {
            source = origin * steps;
            left = blockLength;
          } else {
            source = origin * steps + laterFirst + random.int(laterStarts);
            left = laterLength;
          }
        }
        revenueError += revenueErrors.increments[source] as number;
        expenseError += expenseErrors.increments[source] as number;
        source += 1;
        left -= 1;
      }
      const revenueStep = revenueScale ? revenueError * (revenueScale[h] as number) : revenueError;
      const expenseStep = expenseScale ? expenseError * (expenseScale[h] as number) : expenseError;
      const i = p * horizon + h;
      revenue[i] = Math.max(0, (input.revenue.p50[h] as number) + revenueStep);
      expenses[i] = Math.max(0, (input.expenses.p50[h] as number) + expenseStep);
    }
  }

  return {
    revenue,
    expenses,
    sampling: {
      method: origins === 0 ? 'none' : rowSampling ? 'rows' : 'blocks',
      blockLength,
      origins,
      steps,
      relative: { revenue: revenueScale !== null, expenses: expenseScale !== null },
    },
  };
}
