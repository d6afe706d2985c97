import { intervalCoverage, mase, smape } from '../common/metrics';
import type { ForecastSeries, SeriesForecast } from './types';

export interface SeriesScore {
  id: string;
  mase: number;
  smape: number;
  coverage80: number;
}

export interface AggregateScore {
  mase: number;
  smape: number;
  coverage80: number;
}

/**
 * Scores forecasts of held-out values: MASE (scaled by the in-sample seasonal naive MAE of the
 * training part), sMAPE and the share of points inside [p10, p90]. Series are matched by position.
 */
export function scoreHoldout(
  training: readonly ForecastSeries[],
  holdout: readonly ForecastSeries[],
  forecasts: readonly SeriesForecast[],
  seasonality: number,
): SeriesScore[] {
  return holdout.map((actual, index) => {
    const forecast = forecasts[index];
    const insample = training[index];
    if (forecast?.id !== actual.id || insample?.id !== actual.id) {
      throw new Error(`scoreHoldout: series "${actual.id}" has no matching forecast`);
    }
    return {
      id: actual.id,
      mase: mase(actual.values, forecast.p50, insample.values, seasonality),
      smape: smape(actual.values, forecast.p50),
      coverage80: intervalCoverage(actual.values, forecast.p10, forecast.p90),
    };
  });
}

const mean = (values: readonly number[]): number =>
  values.length === 0 ? Number.NaN : values.reduce((sum, value) => sum + value, 0) / values.length;

/**
 * Means over series. MASE is averaged over `comparable` series only (those where every candidate's
 * MASE is finite, e.g. not a constant training part), so candidates are compared on the same set.
 */
export function aggregateScores(
  scores: readonly SeriesScore[],
  comparable: ReadonlySet<string>,
): AggregateScore {
  return {
    mase: mean(scores.filter((s) => comparable.has(s.id)).map((s) => s.mase)),
    smape: mean(scores.map((s) => s.smape)),
    coverage80: mean(scores.map((s) => s.coverage80)),
  };
}
