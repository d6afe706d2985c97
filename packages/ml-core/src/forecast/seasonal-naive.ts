import { quantileOfSorted } from '../common/quantiles';
import type { SeriesForecast } from './types';

/**
 * Seasonal naive forecast of one series: each future step repeats the value one season earlier.
 *
 * The p10/p90 band is the method's own empirical error distribution: the 10%/90% quantiles of the
 * in-sample seasonal differences d[t] = y[t] − y[t−m] (exactly its one-season-ahead errors). For a
 * step k whole seasons beyond the first, the error is a sum of k+1 such differences, so the median
 * grows like (k+1) and the spread around it like √(k+1) (√h when m = 1). The band is widened to
 * contain p50 when a strong trend pushes it to one side, so p10 <= p50 <= p90 always holds.
 */
/** y(t) − y(t − m) for t = m … n − 1: the seasonal naive forecast's one-season-ahead errors. */
export function seasonalDifferences(
  values: readonly number[],
  m: number,
  model: string,
): Float64Array {
  const n = values.length;
  if (n <= m) throw new RangeError(`${model}: need more than ${m} values, got ${n}`);
  const differences = new Float64Array(n - m);
  for (let t = m; t < n; t += 1)
    differences[t - m] = (values[t] as number) - (values[t - m] as number);
  return differences;
}

export function seasonalNaiveForecast(
  values: readonly number[],
  horizon: number,
  seasonality: number,
): Omit<SeriesForecast, 'id'> {
  const n = values.length;
  const m = seasonality;
  const differences = seasonalDifferences(values, m, 'seasonalNaiveForecast').sort();
  const median = quantileOfSorted(differences, 0.5);
  const below = quantileOfSorted(differences, 0.1) - median;
  const above = quantileOfSorted(differences, 0.9) - median;

  const p10: number[] = [];
  const p50: number[] = [];
  const p90: number[] = [];
  for (let h = 0; h < horizon; h += 1) {
    const point = values[n - m + (h % m)] as number;
    const seasons = Math.floor(h / m) + 1;
    const centre = point + seasons * median;
    const spread = Math.sqrt(seasons);
    p10.push(Math.min(centre + below * spread, point));
    p50.push(point);
    p90.push(Math.max(centre + above * spread, point));
  }
  return { p10, p50, p90 };
}
