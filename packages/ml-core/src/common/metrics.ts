/** Forecast accuracy metrics over plain number arrays. All throw RangeError on mismatched input. */

type Values = ArrayLike<number>;

function at(values: Values, index: number): number {
  return values[index] as number;
}

function assertSameLength(name: string, ...arrays: Values[]): number {
  const length = arrays[0]?.length ?? 0;
  if (length === 0) throw new RangeError(`${name}: inputs must not be empty`);
  for (const array of arrays) {
    if (array.length !== length) {
      throw new RangeError(
        `${name}: inputs have different lengths (${arrays.map((a) => a.length).join(', ')})`,
      );
    }
  }
  return length;
}

/**
 * Mean absolute in-sample error of the seasonal naive forecast, the denominator of MASE. Uses lag
 * `seasonality` when the sample is longer than one season, otherwise lag 1 (naive).
 */
export function naiveScale(insample: Values, seasonality = 1): number {
  const lag = insample.length > seasonality ? seasonality : 1;
  if (insample.length <= lag) {
    throw new RangeError(
      `naiveScale: need more than ${lag} in-sample points, got ${insample.length}`,
    );
  }
  let sum = 0;
  for (let t = lag; t < insample.length; t += 1)
    sum += Math.abs(at(insample, t) - at(insample, t - lag));
  return sum / (insample.length - lag);
}

/** Mean absolute error. */
export function mae(actual: Values, forecast: Values): number {
  const n = assertSameLength('mae', actual, forecast);
  let sum = 0;
  for (let i = 0; i < n; i += 1) sum += Math.abs(at(actual, i) - at(forecast, i));
  return sum / n;
}

/**
 * Mean absolute scaled error: MAE of the forecast divided by the in-sample MAE of the seasonal
 * naive forecast (lag 1 when the in-sample part is not longer than one season). 1 means "as good as
 * seasonal naive was in-sample". A constant in-sample series gives 0 for a perfect forecast and
 * Infinity otherwise.
 */
export function mase(actual: Values, forecast: Values, insample: Values, seasonality = 1): number {
  const error = mae(actual, forecast);
  const scale = naiveScale(insample, seasonality);
  if (scale === 0) return error === 0 ? 0 : Number.POSITIVE_INFINITY;
  return error / scale;
}

/** Symmetric MAPE in percent (0–200); a point where actual and forecast are both 0 counts as 0. */
export function smape(actual: Values, forecast: Values): number {
  const n = assertSameLength('smape', actual, forecast);
  let sum = 0;
  for (let i = 0; i < n; i += 1) {
    const a = at(actual, i);
    const f = at(forecast, i);
    const denominator = Math.abs(a) + Math.abs(f);
    if (denominator > 0) sum += (2 * Math.abs(a - f)) / denominator;
  }
  return (100 * sum) / n;
}

/** Mean pinball (quantile) loss of `forecast` as the `quantile`-quantile of `actual`. */
export function pinballLoss(actual: Values, forecast: Values, quantile: number): number {
  const n = assertSameLength('pinballLoss', actual, forecast);
  if (!(quantile > 0 && quantile < 1))
    throw new RangeError(`pinballLoss: quantile must be in (0, 1), got ${quantile}`);
  let sum = 0;
  for (let i = 0; i < n; i += 1) {
    const diff = at(actual, i) - at(forecast, i);
    sum += diff >= 0 ? quantile * diff : (quantile - 1) * diff;
  }
  return sum / n;
}

/** Fraction (0–1) of `actual` values inside the closed interval [lo, hi]. */
export function intervalCoverage(actual: Values, lo: Values, hi: Values): number {
  const n = assertSameLength('intervalCoverage', actual, lo, hi);
  let inside = 0;
  for (let i = 0; i < n; i += 1) {
    const a = at(actual, i);
    if (a >= at(lo, i) && a <= at(hi, i)) inside += 1;
  }
  return inside / n;
}
