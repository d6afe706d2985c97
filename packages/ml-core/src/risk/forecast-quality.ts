/**
 * How good a monthly forecast was on its backtest, in the terms a founder reads: the mean absolute
 * error as a percentage of the actual month, next to the same for "no growth" (the last month
 * before each backtest origin carried forward).
 */
export interface BacktestQuality {
  /** Mean of |actual − forecast| / |actual| over every backtest month, in percent. */
  errorPct: number | null;
  /** The same for carrying the last value before each origin forward, in percent. */
  noGrowthErrorPct: number | null;
  /** Months ahead each backtest window covered. */
  months: number;
}

/**
 * Percent errors of the backtest (`residuals[k][h]` = actual − forecast at `origins[k] + h`) and of
 * the no-growth forecast on the same months. Months whose actual is 0 are left out.
 */
export function backtestQuality(
  values: readonly number[],
  backtest: { origins: readonly number[]; residuals: readonly (readonly number[])[] },
): BacktestQuality {
  let own = 0;
  let naive = 0;
  let count = 0;
  let months = 0;
  backtest.origins.forEach((origin, k) => {
    const row = backtest.residuals[k] ?? [];
    months = Math.max(months, row.length);
    const last = values[origin - 1];
    row.forEach((residual, h) => {
      const actual = values[origin + h];
      if (actual === undefined || actual === 0 || last === undefined) return;
      own += Math.abs(residual) / Math.abs(actual);
      naive += Math.abs(actual - last) / Math.abs(actual);
      count += 1;
    });
  });
  if (count === 0) return { errorPct: null, noGrowthErrorPct: null, months };
  return { errorPct: (100 * own) / count, noGrowthErrorPct: (100 * naive) / count, months };
}
