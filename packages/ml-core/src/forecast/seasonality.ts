/**
 * The season length to model: the frequency's, once the shortest series holds three whole
 * seasons plus a season (or the horizon, when shorter) to backtest on; else none (1). One rule for
 * the forecast task, the risk task and the benchmarks.
 */
export function usableSeasonality(
  seasonality: number,
  shortestLength: number,
  horizon: number,
): number {
  return seasonality > 1 && shortestLength >= 3 * seasonality + Math.min(horizon, seasonality)
    ? seasonality
    : 1;
}
