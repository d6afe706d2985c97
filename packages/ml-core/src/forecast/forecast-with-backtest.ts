import * as tf from '@tensorflow/tfjs';
import { createForecaster } from './create-forecaster';
import { ForecastInputError } from './errors';
import { aggregateScores, scoreHoldout, type SeriesScore } from './holdout-scores';
import type {
  CandidateReport,
  ForecasterKind,
  ForecastOptions,
  ForecastResult,
  ForecastSeries,
  SeriesForecast,
  SeriesHoldoutReport,
} from './types';
import { assertMinimumLength, validateForecastConfig, validateSeries } from './validate-input';
import { chooseLookback, minimumLookback, minimumTrainingLength } from './windows';

/** Candidates in report order; on a MASE tie the earlier (simpler) one wins. */
const CANDIDATES: readonly ForecasterKind[] = ['seasonal_naive', 'neural'];

function createCandidate(
  kind: ForecasterKind,
  options: ForecastOptions,
  seasonality: number,
  lookback: number,
) {
  const base = { horizon: options.horizon, seasonality };
  if (kind === 'seasonal_naive') return createForecaster('seasonal_naive', base);
  return createForecaster('neural', {
    ...options.neural,
    ...base,
    lookback,
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    ...(options.epochs === undefined ? {} : { epochs: options.epochs }),
  });
}

async function fitAndPredict(
  kind: ForecasterKind,
  series: ForecastSeries[],
  phase: string,
  options: ForecastOptions,
  seasonality: number,
  lookback: number,
): Promise<{ forecasts: SeriesForecast[]; fitMs: number }> {
  const forecaster = createCandidate(kind, options, seasonality, lookback);
  try {
    options.onProgress?.({ phase });
    const started = performance.now();
    await forecaster.fit(series, {
      phase,
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const fitMs = performance.now() - started;
    return { forecasts: await forecaster.predict(series), fitMs };
  } finally {
    forecaster.dispose();
  }
}

/** Lookback both neural fits use, chosen from the shortest backtest training part. */
function backtestLookback(
  series: readonly ForecastSeries[],
  options: ForecastOptions,
  seasonality: number,
): number {
  const { horizon } = options;
  const requested = options.neural?.lookback;
  const trainingLength = minimumTrainingLength(
    requested ?? minimumLookback(horizon, seasonality),
    horizon,
  );
  assertMinimumLength(
    series,
    horizon + trainingLength,
    `a backtest with horizon ${horizon} and seasonality ${seasonality} (${horizon} held out + ${trainingLength} to train the neural model)`,
  );
  const shortest = Math.min(...series.map((entry) => entry.values.length)) - horizon;
  const lookback = chooseLookback(horizon, seasonality, shortest, requested);
  if (lookback === null) throw new ForecastInputError('no input window length fits the series');
  return lookback;
}

/**
 * The forecast task end to end: holds out the last `horizon` points of every series, fits the
 * seasonal naive baseline and the global windowed MLP on the rest, scores both on the holdout
 * (MASE, sMAPE, 80% interval coverage), picks the one with the lower mean MASE, refits it on all
 * data and forecasts `horizon` steps after each series' end.
 *
 * Uses whatever tf backend is active (call `selectBackend()` first). Throws ForecastInputError
 * for series that are too short or contain non-finite values.
 */
export async function forecastWithBacktest(
  series: ForecastSeries[],
  options: ForecastOptions,
): Promise<ForecastResult> {
  const seasonality = validateForecastConfig(options);
  validateSeries(series);
  const { horizon } = options;
  const lookback = backtestLookback(series, options, seasonality);
  await tf.ready();

  const training = series.map(({ id, values }) => ({ id, values: values.slice(0, -horizon) }));
  const holdout = series.map(({ id, values }) => ({ id, values: values.slice(-horizon) }));

  const scores = new Map<ForecasterKind, SeriesScore[]>();
  const fitTimes = new Map<ForecasterKind, number>();
  for (const kind of CANDIDATES) {
    const { forecasts, fitMs } = await fitAndPredict(
      kind,
      training,
      `backtest:${kind}`,
      options,
      seasonality,
      lookback,
    );
    scores.set(kind, scoreHoldout(training, holdout, forecasts, seasonality));
    fitTimes.set(kind, fitMs);
  }

  const scoresOf = (kind: ForecasterKind): SeriesScore[] => scores.get(kind) ?? [];
  const comparable = new Set(
    series
      .map((entry) => entry.id)
      .filter((id) =>
        CANDIDATES.every((kind) => Number.isFinite(scoresOf(kind).find((s) => s.id === id)?.mase)),
      ),
  );
  const candidates: CandidateReport[] = CANDIDATES.map((kind) => ({
    name: kind,
    ...aggregateScores(scoresOf(kind), comparable),
    fitMs: fitTimes.get(kind) ?? 0,
  }));

  let chosen = candidates[0] as CandidateReport;
  for (const candidate of candidates) {
    if (candidate.mase < chosen.mase) chosen = candidate;
  }

  const perSeries: SeriesHoldoutReport[] = series.map(({ id }, index) => ({
    id,
    mase: {
      seasonal_naive: scoresOf('seasonal_naive')[index]?.mase ?? Number.NaN,
      neural: scoresOf('neural')[index]?.mase ?? Number.NaN,
    },
  }));

  const refit = await fitAndPredict(
    chosen.name,
    series,
    `refit:${chosen.name}`,
    options,
    seasonality,
    lookback,
  );
  options.onProgress?.({ phase: 'done' });

  return {
    forecasts: refit.forecasts,
    report: {
      chosen: chosen.name,
      candidates,
      backend: tf.getBackend(),
      holdoutHorizon: horizon,
      seasonality,
      lookback,
      perSeries,
      refitMs: refit.fitMs,
    },
  };
}
