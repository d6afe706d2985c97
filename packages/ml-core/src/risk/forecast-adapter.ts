import { forecastWithBacktest } from '../forecast/forecast-with-backtest';
import { usableSeasonality } from '../forecast/seasonality';
import type { ForecastOptions, ForecastResult } from '../forecast/types';
import type { RiskForecastFn } from './types';

/** Months in a season of monthly financials. */
const MONTHLY_SEASON = 12;

export interface RiskForecastOptions extends Omit<ForecastOptions, 'horizon' | 'seasonality'> {
  /**
   * Season length in months. Default: 12 when the shortest series holds three seasons plus a
   * year (or the horizon, when shorter) to backtest, else 1 (no season).
   */
  seasonality?: number;
  /** Receives the full forecast result (leaderboard, backtest, decomposition) for reports. */
  onResult?: (result: ForecastResult) => void;
}

/**
 * A RiskForecastFn on the forecast task (`forecastWithBacktest`): the chosen model's refitted p50
 * and its rolling-origin backtest errors (`actual − p50`, origins × horizon) with the origins'
 * positions. Revenue and expenses are forecast in one call, so their backtest origins are the same
 * months. Uses whatever tf backend is active; throws ForecastInputError for series too short for a
 * backtest at this horizon.
 */
export function riskForecastFromBacktest(options: RiskForecastOptions = {}): RiskForecastFn {
  const { onResult, seasonality, ...forecastOptions } = options;
  return async (series, horizon) => {
    const shortest = Math.min(...series.map((entry) => entry.values.length));
    const m = seasonality ?? usableSeasonality(MONTHLY_SEASON, shortest, horizon);
    const result = await forecastWithBacktest(series, {
      ...forecastOptions,
      horizon,
      seasonality: m,
    });
    onResult?.(result);
    return series.map(({ id }) => {
      const forecast = result.forecasts.find((entry) => entry.id === id);
      const backtest = result.backtest.find((entry) => entry.id === id);
      if (!forecast || !backtest)
        throw new Error(`forecastWithBacktest returned nothing for "${id}"`);
      return {
        id,
        p50: forecast.p50,
        residuals: backtest.residuals,
        origins: backtest.origins,
        p10: forecast.p10,
        p90: forecast.p90,
      };
    });
  };
}
