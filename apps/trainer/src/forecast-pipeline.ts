import type { ForecastMetrics, ForecastPointInput, SeriesHistory } from '@foresight/db';
import { addPeriods, forecastWithBacktest, type ForecastProgress, type ForecastResult, type Frequency } from '@foresight/ml-core';
import { prepareSeries, usableSeasonality } from './prepare-series';

export const CANDIDATE_LABELS: Record<string, string> = {
  neural: 'Neural network (windowed MLP)',
  seasonal_naive: 'Seasonal naive',
  ets: 'Exponential smoothing (ETS)',
  ensemble: 'Ensemble (neural + ETS)',
};

export interface ForecastPipelineOptions {
  horizon?: number;
  frequency?: Frequency;
  seed?: number;
  epochs?: number;
  onProgress?: (p: ForecastProgress) => void;
  log?: (line: string) => void;
}

export interface ForecastPipelineResult {
  points: ForecastPointInput[];
  metrics: ForecastMetrics;
  report: ForecastResult['report'];
  params: Record<string, unknown>;
}

/**
 * The forecast task as the trainer and the batch CLI both run it: lay the series on a regular
 * calendar, pick horizon and seasonality, backtest and choose in ml-core, and date the forecasts.
 */
export async function runForecastPipeline(
  history: SeriesHistory[],
  options: ForecastPipelineOptions = {},
): Promise<ForecastPipelineResult> {
  const log = options.log ?? (() => {});
  const prepared = prepareSeries(history, options.frequency);
  for (const gap of prepared.gaps) log(`series "${gap.series}": filled ${gap.filled} missing periods by interpolation`);

  const shortest = Math.min(...prepared.series.map((s) => s.values.length));
  const horizon = options.horizon ?? Math.max(1, Math.min(prepared.frequency.defaultHorizon, Math.floor(shortest / 5)));
  const seasonality = usableSeasonality(prepared.frequency, shortest, horizon);
  const seed = options.seed ?? 42;

  const started = performance.now();
  const result = await forecastWithBacktest(
    prepared.series.map((s) => ({ id: s.id, values: s.values })),
    {
      horizon,
      seasonality,
      seed,
      ...(options.epochs ? { epochs: options.epochs } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    },
  );
  const trainMs = performance.now() - started;

  const lastDate = new Map(prepared.series.map((s) => [s.id, s.dates.at(-1)!]));
  const points = result.forecasts.flatMap((f) =>
    f.p50.map((p50, k) => ({
      series: f.id,
      date: addPeriods(lastDate.get(f.id)!, prepared.frequency.frequency, k + 1),
      p10: f.p10[k]!,
      p50,
      p90: f.p90[k]!,
    })),
  );
  const finite = (v: number) => (Number.isFinite(v) ? v : null);
  const metrics: ForecastMetrics = {
    frequency: prepared.frequency.label,
    horizon,
    holdoutHorizon: result.report.holdoutHorizon,
    seasonality: result.report.seasonality,
    candidates: result.report.candidates.map((c) => ({
      name: c.name,
      label: CANDIDATE_LABELS[c.name] ?? c.name,
      mase: finite(c.mase),
      smape: finite(c.smape),
      coverage80: c.coverage80,
      fitMs: Math.round(c.fitMs),
    })),
    perSeries: result.report.perSeries.map((s) => ({
      series: s.id,
      mase: Object.fromEntries(Object.entries(s.mase).map(([k, v]) => [k, finite(v as number)])),
    })),
    trainMs: Math.round(trainMs),
  };
  return {
    points,
    metrics,
    report: result.report,
    params: { horizon, seasonality, frequency: prepared.frequency.frequency, lookback: result.report.lookback, seed },
  };
}
