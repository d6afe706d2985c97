import * as tf from '@tensorflow/tfjs';
import { intervalCoverage, mae, mase, naiveScale, smape } from '../common/metrics';
import { originIndex, planBacktest, type BacktestPlan } from './backtest-plan';
import { choose } from './choice';
import { calibrate, calibrateBand, calibrationFactor, NOMINAL_COVERAGE } from './calibration';
import { BASE_MODELS, combineBands, ensembleWeights, type Weights } from './ensemble';
import type { EtsFit } from './ets';
import { etsForecast } from './ets-forecaster';
import { backtestNeural, neuralPlan, predictRecursively } from './neural-candidate';
import {
  ETS_MINIMUM_LENGTH,
  STATISTICAL_MODELS,
  type Band,
  type StatisticalKind,
} from './statistical-models';
import type {
  CandidateName,
  CandidateReport,
  ForecastOptions,
  ForecastResult,
  ForecastSeries,
  SeriesBacktest,
  SeriesForecast,
  SeriesHoldoutReport,
} from './types';
import { validateForecastConfig, validateSeries } from './validate-input';
import type { WindowedMlpForecaster } from './windowed-mlp';

/** Candidates from simplest to most complex: a tie (within TIE_MARGIN) goes to the simpler one. */
const CANDIDATES: readonly CandidateName[] = [
  'seasonal_naive',
  'drift',
  'log_linear',
  'ets',
  'neural',
  'ensemble',
];
const STATISTICAL: readonly StatisticalKind[] = ['seasonal_naive', 'drift', 'log_linear', 'ets'];
/** Rolling origins per series when the data allows (fewer when short). */
const DEFAULT_ORIGINS = 6;
/**
 * Epochs of the final neural refit, which continues from the backtest networks on all data: a
 * quarter of the fresh-fit budget, at least 10.
 */
function refineEpochs(epochs: number | undefined): number {
  return Math.max(10, Math.round((epochs ?? 100) / 4));
}

interface BacktestWindow {
  actual: number[];
  training: number[];
  bands: Partial<Record<CandidateName, Band>>;
}

type Availability = Record<CandidateName, boolean>;
type Timings = Record<CandidateName, number>;

const zeroTimings = (): Timings => ({
  seasonal_naive: 0,
  drift: 0,
  log_linear: 0,
  ets: 0,
  neural: 0,
  ensemble: 0,
});

function widthFloor(values: readonly number[], seasonality: number): number {
  const scale = values.length > seasonality ? naiveScale(values, seasonality) : 0;
  if (scale > 0) return 0.1 * scale;
  const meanAbs = values.reduce((a, b) => a + Math.abs(b), 0) / Math.max(values.length, 1);
  return Math.max(1e-3 * meanAbs, 1e-9);
}

const mean = (values: readonly number[]): number =>
  values.length === 0 ? Number.NaN : values.reduce((a, b) => a + b, 0) / values.length;

function geometricMean(values: readonly number[]): number {
  const finite = values.filter((v) => Number.isFinite(v) && v > 0);
  if (finite.length === 0) return Number.NaN;
  return Math.exp(finite.reduce((a, v) => a + Math.log(v), 0) / finite.length);
}

function clampNonNegative(band: Band): Band {
  const clamp = (values: number[]) => values.map((v) => Math.max(v, 0));
  return { p10: clamp(band.p10), p50: clamp(band.p50), p90: clamp(band.p90) };
}

const yieldToEventLoop = () => new Promise((resolve) => setTimeout(resolve, 0));

/** Backtest windows (actuals and the data before each origin) of every series. */
function backtestWindows(
  series: readonly ForecastSeries[],
  plan: BacktestPlan,
): BacktestWindow[][] {
  return series.map(({ values }, s) =>
    Array.from({ length: plan.series[s]!.origins }, (_, k) => {
      const origin = originIndex(plan, s, values.length, k);
      return {
        actual: values.slice(origin, origin + plan.horizon),
        training: values.slice(0, origin),
        bands: {},
      };
    }),
  );
}

/** Fits every statistical model at every origin of every series. */
async function backtestStatistical(
  windows: BacktestWindow[][],
  horizon: number,
  m: number,
  options: ForecastOptions,
  fitMs: Timings,
): Promise<void> {
  for (const kind of STATISTICAL) {
    options.onProgress?.({ phase: `backtest:${kind}` });
    const started = performance.now();
    for (const perOrigin of windows) {
      options.signal?.throwIfAborted();
      for (const w of perOrigin)
        w.bands[kind] = STATISTICAL_MODELS[kind].forecast(w.training, horizon, m);
      if (kind === 'ets') await yieldToEventLoop();
    }
    fitMs[kind] = performance.now() - started;
  }
}

/** Mean backtest MAE of each base model over a series' windows, leaving out window `skip`. */
function baseErrors(perOrigin: BacktestWindow[], available: Availability, skip: number): Weights {
  const errors: Weights = {};
  for (const kind of BASE_MODELS) {
    if (!available[kind]) continue;
    const list = perOrigin
      .filter((_, k) => k !== skip)
      .map((w) => mae(w.actual, w.bands[kind]!.p50));
    errors[kind] = list.length === 0 ? Number.NaN : mean(list);
  }
  return errors;
}

/** Ensemble bands at each origin, from weights fitted on the other origins only. */
function backtestEnsemble(windows: BacktestWindow[][], available: Availability, steps: number) {
  for (const perOrigin of windows) {
    perOrigin.forEach((w, k) => {
      const others = perOrigin.length - 1;
      const weights = ensembleWeights(
        others > 0 ? baseErrors(perOrigin, available, k) : priorErrors(available),
        others,
      );
      w.bands.ensemble = combineBands(w.bands, weights, steps);
    });
  }
}

function priorErrors(available: Availability): Weights {
  const errors: Weights = {};
  for (const kind of BASE_MODELS) if (available[kind]) errors[kind] = 1;
  return errors;
}

function seriesMase(perOrigin: BacktestWindow[], kind: CandidateName, m: number): number {
  return mean(perOrigin.map((w) => mase(w.actual, w.bands[kind]!.p50, w.training, m)));
}

/** Series' backtest MAE of a candidate ÷ seasonal naive's (NaN when naive is perfect). */
function seriesRelative(perOrigin: BacktestWindow[], kind: CandidateName): number {
  const own = mean(perOrigin.map((w) => mae(w.actual, w.bands[kind]!.p50)));
  const naive = mean(perOrigin.map((w) => mae(w.actual, w.bands.seasonal_naive!.p50)));
  if (naive === 0) return own === 0 ? 1 : Number.NaN;
  return own === 0 ? 1e-6 : own / naive;
}

function leaderboard(
  windows: BacktestWindow[][],
  available: Availability,
  m: number,
  fitMs: Timings,
): CandidateReport[] {
  const all = windows.flat();
  const winners = windows.map((perOrigin) => {
    let best: CandidateName | null = null;
    let bestError = Number.POSITIVE_INFINITY;
    for (const name of CANDIDATES) {
      if (!available[name]) continue;
      const error = mean(perOrigin.map((w) => mae(w.actual, w.bands[name]!.p50)));
      if (error < bestError - 1e-12) [best, bestError] = [name, error];
    }
    return best;
  });
  return CANDIDATES.map((name): CandidateReport => {
    if (!available[name]) {
      return {
        name,
        mase: Number.NaN,
        relativeMase: Number.NaN,
        smape: Number.NaN,
        coverage80: null,
        wins: 0,
        fitMs: 0,
        refitMs: 0,
        available: false,
      };
    }
    const perSeries = windows.map((perOrigin) => seriesMase(perOrigin, name, m));
    return {
      name,
      mase: mean(perSeries.filter((v) => Number.isFinite(v))),
      relativeMase: geometricMean(windows.map((perOrigin) => seriesRelative(perOrigin, name))),
      smape: mean(all.map((w) => smape(w.actual, w.bands[name]!.p50))),
      coverage80: mean(
        all.map((w) => intervalCoverage(w.actual, w.bands[name]!.p10, w.bands[name]!.p90)),
      ),
      wins: winners.filter((winner) => winner === name).length / windows.length,
      fitMs: fitMs[name],
      refitMs: 0,
      available: true,
    };
  });
}

function notesFor(
  series: readonly ForecastSeries[],
  plan: BacktestPlan,
  horizon: number,
  requestedOrigins: number,
  neural: { horizon: number } | null,
): string[] {
  const notes: string[] = [];
  const shortest = Math.min(...series.map((entry) => entry.values.length));
  if (plan.horizon < horizon) {
    notes.push(
      `the history (${shortest} points in the shortest series) is too short to hold out all ${horizon} steps: the backtest checked the last ${plan.horizon}; the steps beyond are extrapolated, with the range widened by the error growth measured over those ${plan.horizon}`,
    );
  }
  if (neural === null) {
    notes.push(
      `the neural model was skipped: the shortest series (${shortest} points) is too short to train it`,
    );
  } else if (neural.horizon < plan.horizon) {
    notes.push(
      `the neural model forecasts ${neural.horizon} step(s) at a time and continues from its own forecasts (the series are short)`,
    );
  }
  const reduced = series
    .map((entry, s) => ({ entry, p: plan.series[s]! }))
    .filter(({ p }) => p.origins < requestedOrigins || p.step < plan.horizon);
  if (reduced.length > 0) {
    const list = reduced
      .slice(0, 5)
      .map(
        ({ entry, p }) =>
          `"${entry.id}" (${entry.values.length} points): ${p.origins} origin(s) ${p.step} step(s) apart`,
      )
      .join('; ');
    notes.push(
      `shorter backtest for ${reduced.length} series: ${list}${reduced.length > 5 ? '; …' : ''}`,
    );
  }
  return notes;
}

/**
 * The forecast task end to end.
 *
 * 1. Rolling-origin backtest on the longest horizon the data supports (`backtestHorizon`: the
 *    requested one, or a third of the shortest series — a 36-month request on 24 months is
 *    backtested on 8 and still answered): up to `backtestOrigins` (default 4) origins per series.
 *    Seasonal naive, drift, the log-linear compound-growth trend and ETS (AICc over additive,
 *    damped and log forms) are refitted per series at every origin; the global neural model is
 *    trained once on every series' data before its oldest origin and forecasts every window
 *    (recursively, when the series are too short for its full horizon).
 * 2. Ensemble: per series, an inverse-error mix of the base models shrunk half-way to an equal
 *    log-linear/ETS/neural mix; its backtest weights come from the other origins only.
 * 3. Choice: the lowest geometric mean (over series) of MASE relative to seasonal naive; a more
 *    complex candidate must win by 1%, so ties go to the simpler one.
 * 4. Calibration (calibration.ts): the chosen candidate's band scaled per step and per series on
 *    the backtest errors, with its honest leave-one-window-out coverage.
 * 5. Refit of every candidate on all data over the full horizon; the chosen one's band calibrated;
 *    per-series backtest residuals and an ETS trend/season decomposition for charts.
 *
 * Uses whatever tf backend is active (call `selectBackend()` first). Throws ForecastInputError
 * for series that are too short for any backtest or contain non-finite values.
 */
export async function forecastWithBacktest(
  series: ForecastSeries[],
  options: ForecastOptions,
): Promise<ForecastResult> {
  // Owns the neural forecaster across backtest and refit so that it is freed on every path.
  const owner: { neural: WindowedMlpForecaster | null } = { neural: null };
  try {
    return await runForecast(series, options, owner);
  } finally {
    owner.neural?.dispose();
  }
}

async function runForecast(
  series: ForecastSeries[],
  options: ForecastOptions,
  owner: { neural: WindowedMlpForecaster | null },
): Promise<ForecastResult> {
  const m = validateForecastConfig(options);
  validateSeries(series);
  const { horizon } = options;
  const minimumFit = Math.max(ETS_MINIMUM_LENGTH, m + 2);
  const requestedOrigins = Math.max(1, Math.floor(options.backtestOrigins ?? DEFAULT_ORIGINS));
  const plan = planBacktest(series, horizon, minimumFit, requestedOrigins);
  const steps = plan.horizon;
  await tf.ready();
  const progress = options.onProgress;
  const windows = backtestWindows(series, plan);
  const fitMs = zeroTimings();
  const refitMs = zeroTimings();

  // 1. Backtest.
  await backtestStatistical(windows, steps, m, options, fitMs);
  const oldestTraining = Math.min(...windows.map((perOrigin) => perOrigin[0]!.training.length));
  const neural = neuralPlan(steps, m, oldestTraining, options.neural?.lookback);
  const fitOptions = (phase: string) => ({
    phase,
    ...(progress ? { onProgress: progress } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  if (neural !== null) {
    progress?.({ phase: 'backtest:neural' });
    const started = performance.now();
    const config = {
      ...options.neural,
      horizon: neural.horizon,
      seasonality: m,
      lookback: neural.lookback,
      ...(options.seed === undefined ? {} : { seed: options.seed }),
      ...(options.epochs === undefined ? {} : { epochs: options.epochs }),
    };
    const result = await backtestNeural(
      config,
      windows,
      series,
      steps,
      fitOptions('backtest:neural'),
    );
    owner.neural = result.forecaster;
    result.bands.forEach((perOrigin, s) =>
      perOrigin.forEach((band, k) => (windows[s]![k]!.bands.neural = band)),
    );
    fitMs.neural = performance.now() - started;
  }
  const available: Availability = {
    seasonal_naive: true,
    drift: true,
    log_linear: true,
    ets: true,
    neural: neural !== null,
    ensemble: true,
  };
  backtestEnsemble(windows, available, steps);
  fitMs.ensemble = BASE_MODELS.reduce((sum, kind) => sum + fitMs[kind], 0);

  // 2–3. Leaderboard and choice.
  const candidates = leaderboard(windows, available, m, fitMs);
  const spacing = plan.series.map((p) => Math.min(1, p.step / steps));
  const choice = choose(candidates, windows, spacing);
  const chosen = choice.chosen;

  // 4. Calibration of the chosen candidate's band.
  const floors = windows.map((perOrigin) => widthFloor(perOrigin[0]!.training, m));
  const calibrated = calibrate({
    windows: windows.map((perOrigin) =>
      perOrigin.map((w) => ({ actual: w.actual, band: w.bands[chosen]! })),
    ),
    floors,
    spacing,
  });

  // 5. Refit on all data, full horizon.
  const finalBands: Partial<Record<CandidateName, Band>>[] = series.map(() => ({}));
  const etsFits: EtsFit[] = [];
  for (const kind of STATISTICAL) {
    progress?.({ phase: `refit:${kind}` });
    const started = performance.now();
    for (const [s, { values }] of series.entries()) {
      options.signal?.throwIfAborted();
      if (kind === 'ets') {
        const { fit, ...band } = etsForecast(values, horizon, m);
        finalBands[s]!.ets = band;
        etsFits.push(fit);
      } else {
        finalBands[s]![kind] = STATISTICAL_MODELS[kind].forecast(values, horizon, m);
      }
    }
    refitMs[kind] = performance.now() - started;
  }
  if (owner.neural !== null) {
    progress?.({ phase: 'refit:neural' });
    const started = performance.now();
    const forecaster = owner.neural;
    await forecaster.refine(series, refineEpochs(options.epochs), fitOptions('refit:neural'));
    const predicted = await predictRecursively(forecaster, series, horizon);
    predicted.forEach((band, s) => (finalBands[s]!.neural = band));
    forecaster.dispose();
    owner.neural = null;
    refitMs.neural = performance.now() - started;
  }
  const finalWeights = windows.map((perOrigin) =>
    ensembleWeights(baseErrors(perOrigin, available, -1), perOrigin.length),
  );
  series.forEach((_, s) => {
    finalBands[s]!.ensemble = combineBands(finalBands[s]!, finalWeights[s]!, horizon);
  });
  refitMs.ensemble = BASE_MODELS.reduce((sum, kind) => sum + refitMs[kind], 0);
  for (const candidate of candidates)
    candidate.refitMs = candidate.available ? refitMs[candidate.name] : 0;

  const nonNegative = series.map(({ values }) => values.every((v) => v >= 0));
  const forecasts: SeriesForecast[] = series.map(({ id, values }, s) => {
    const band = calibrateBand(
      finalBands[s]![chosen]!,
      calibrated.calibration,
      s,
      widthFloor(values, m),
    );
    return { id, ...(nonNegative[s] ? clampNonNegative(band) : band) };
  });

  const candidateForecasts: ForecastResult['candidateForecasts'] = {};
  for (const name of CANDIDATES) {
    if (!available[name]) continue;
    candidateForecasts[name] = series.map(({ id }, s) => {
      const band = finalBands[s]![name]!;
      return { id, ...(nonNegative[s] ? clampNonNegative(band) : band) };
    });
  }

  const backtest: SeriesBacktest[] = series.map(({ id, values }, s) => ({
    id,
    origins: windows[s]!.map((_, k) => originIndex(plan, s, values.length, k)),
    residuals: windows[s]!.map((w) =>
      w.actual.map((a, h) => a - (w.bands[chosen]!.p50[h] as number)),
    ),
  }));

  const perSeries: SeriesHoldoutReport[] = series.map(({ id }, s) => {
    const perOrigin = windows[s]!;
    const mases = Object.fromEntries(
      CANDIDATES.map((name) => [
        name,
        available[name] ? seriesMase(perOrigin, name, m) : Number.NaN,
      ]),
    ) as Record<CandidateName, number>;
    const weights: Weights = chosen === 'ensemble' ? finalWeights[s]! : { [chosen]: 1 };
    return { id, mase: mases, weights, ets: etsFits[s]!.params };
  });
  const { calibration } = calibrated;
  const factors = Array.from({ length: horizon }, (_, h) =>
    calibrationFactor(calibration, -1, h + 1),
  );

  progress?.({ phase: 'done' });
  return {
    forecasts,
    report: {
      chosen,
      best: choice.best,
      candidates,
      backend: tf.getBackend(),
      horizon,
      holdoutHorizon: steps,
      backtestOrigins: Math.min(...plan.series.map((p) => p.origins)),
      backtestStep: Math.min(...plan.series.map((p) => p.step)),
      seasonality: m,
      lookback: neural?.lookback ?? 0,
      perSeries,
      calibration: {
        nominal: NOMINAL_COVERAGE,
        coverageBefore: calibrated.coverageBefore,
        coverageAfter: calibrated.coverageAfter,
        measured: calibrated.measured,
        factors,
        growth: calibration.growth,
        pooled: calibration.pooled,
        seriesFactors: Object.fromEntries(
          series.map(({ id }, s) => [id, calibration.seriesFactors[s] ?? 1]),
        ),
        residuals: calibrated.residuals,
      },
      refitMs: STATISTICAL.reduce((sum, kind) => sum + refitMs[kind], 0) + refitMs.neural,
      notes: [
        ...notesFor(series, plan, horizon, requestedOrigins, neural),
        ...(choice.note ? [choice.note] : []),
      ],
    },
    backtest,
    decomposition: series.map(({ id }, s) => ({
      id,
      trend: etsFits[s]!.components.trend,
      seasonal: etsFits[s]!.components.seasonal,
    })),
    candidateForecasts,
  };
}
