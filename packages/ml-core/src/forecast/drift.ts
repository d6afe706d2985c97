import { quantileOfSorted } from '../common/quantiles';
import { seasonalDifferences } from './seasonal-naive';
import type { SeriesForecast } from './types';

/**
 * Drift forecast (the random walk with drift, seasonal when m > 1): each future step repeats the
 * value one season earlier plus the average change per season so far,
 *   ŷ(n+h) = y(n−m+((h−1) mod m)) + k·D̄,  k = ⌈h/m⌉ seasons ahead,  D̄ = mean(y(t) − y(t−m)).
 * With m = 1 this is the straight line through the first and last value, extended.
 *
 * Band: the 10%/90% quantiles of the centred seasonal differences (its one-season-ahead errors),
 * grown like √(k·(1 + k/N)) — the random-walk spread plus the uncertainty of the estimated drift
 * from N differences (Hyndman & Athanasopoulos, FPP3 §5.5).
 */
export function driftForecast(
  values: readonly number[],
  horizon: number,
  seasonality: number,
): Omit<SeriesForecast, 'id'> {
  const n = values.length;
  const m = seasonality;
  const differences = seasonalDifferences(values, m, 'driftForecast');
  const count = differences.length;
  const drift = differences.reduce((a, b) => a + b, 0) / count;
  for (let i = 0; i < count; i += 1) differences[i] = (differences[i] as number) - drift;
  differences.sort();
  const below = Math.min(quantileOfSorted(differences, 0.1), 0);
  const above = Math.max(quantileOfSorted(differences, 0.9), 0);
  const p10: number[] = [];
  const p50: number[] = [];
  const p90: number[] = [];
  for (let h = 1; h <= horizon; h += 1) {
    const seasons = Math.ceil(h / m);
    const point = (values[n - m + ((h - 1) % m)] as number) + seasons * drift;
    const spread = Math.sqrt(seasons * (1 + seasons / count));
    p10.push(point + below * spread);
    p50.push(point);
    p90.push(point + above * spread);
  }
  return { p10, p50, p90 };
}
