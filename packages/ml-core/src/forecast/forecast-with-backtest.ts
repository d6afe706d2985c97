import * as tf from '@tensorflow/tfjs';
import { mae, mase, naiveScale, smape, intervalCoverage } from '../common/metrics';
import { ETS_MINIMUM_LENGTH, etsForecast } from './ets-forecaster';
import type { EtsFit } from './ets';
import { seasonalNaiveForecast } from './seasonal-naive';
import type {
  CalibrationReport,
  CandidateName,
  CandidateReport,
  ForecasterKind,
  ForecastOptions,
  ForecastResult,
  ForecastSeries,
  SeriesBacktest,
  SeriesForecast,
  SeriesHoldoutReport,
} from './types';
import { assertMinimumLength, validateForecastConfig, validateSeries } from './validate-input';
import { chooseLookback, minimumLookback, minimumTrainingLength } from './windows';
import { WindowedMlpForecaster } from './windowed-mlp';

/** Candidates in report order; on a tie the earlier (simpler) one wins. */
const CANDIDATES: readonly CandidateName[] = ['seasonal_naive', 'ets', 'neural', 'ensemble'];
const BASE_MODELS: readonly ForecasterKind[] = ['seasonal_naive', 'ets', 'neural'];
/** Nominal coverage of the [p10, p90] band. */
const NOMINAL = 0.8;
/** Residuals per horizon step needed to calibrate each step on its own (else pooled). */
const PER_STEP_MIN_RESIDUALS = 40;
/**
 * Epochs of the final neural refit, which continues from the backtest networks on all data: a
 * quarter of the fresh-fit budget, at least 10.
 */
function refineEpochs(epochs: number | undefined): number {
  return Math.max(10, Math.round((epochs ?? 100) / 4));
}
/** Share of the ensemble weights that stays on the equal ETS/neural mix. */
const SHRINK = 0.5;

type Band = Omit<SeriesForecast, 'id'>;
type Weights = Partial<Record<ForecasterKind, number>>;

interface SeriesPlan {
  origins: number;
  step: number;
}

interface BacktestPlan {
  /** Per series: rolling origins and their spacing. */
  series: SeriesPlan[];
  neural: boolean;
  lookback: number;
}

/**
 * Plans the rolling-origin backtest. The neural model is kept when the shortest series can train
 * it from one origin; then each series gets as many origins (≤ requested) as its length allows,
 * spaced by the horizon or, when that does not fit, closer, such that its oldest training part
 * still fits every kept candidate. Long series thus keep a full backtest next to short ones.
 */
function planBacktest(
  lengths: readonly number[],
  horizon: number,
  seasonality: number,
  minimumFit: number,
  requestedOrigins: number,
  requestedLookback: number | undefined,
): BacktestPlan {
  const shortest = Math.min(...lengths);
  const neural =
    chooseLookback(horizon, seasonality, shortest - horizon, requestedLookback) !== null;
  const need = neural
    ? Math.max(
        minimumFit,
        minimumTrainingLength(requestedLookback ?? minimumLookback(horizon, seasonality), horizon),
      )
    : minimumFit;
  const plans = lengths.map((length): SeriesPlan => {
    for (let origins = requestedOrigins; origins > 1; origins -= 1) {
      for (let step = horizon; step >= 1; step -= 1) {
        if (length - horizon - (origins - 1) * step >= need) return { origins, step };
      }
    }
    return { origins: 1, step: horizon };
  });
  const oldest = Math.min(
    ...lengths.map((length, s) => {
      const plan = plans[s] as SeriesPlan;
      return length - horizon - (plan.origins - 1) * plan.step;
    }),
  );
  const lookback = neural
    ? (chooseLookback(horizon, seasonality, oldest, requestedLookback) ?? 0)
    : 0;
  if (neural && lookback === 0)
    throw new Error('planBacktest: no lookback fits the planned origins');
  return { series: plans, neural, lookback };
}

/**
 * Ensemble weights of the base models for one series: half from their mean backtest MAE (weights
 * ∝ 1/MAE), half an equal ETS/neural mix, so that a few origins cannot make the weights extreme
 * (forecast combinations with near-equal weights are hard to beat). Models without a finite error
 * get 0; with no origins the weights are the equal mix.
 */
export function ensembleWeights(
  errors: Partial<Record<ForecasterKind, number>>,
  origins: number,
): Weights {
  const available = BASE_MODELS.filter((kind) => Number.isFinite(errors[kind]));
  const prior: Weights = {};
  const priorModels = available.filter((kind) => kind !== 'seasonal_naive');
  const priorSet = priorModels.length > 0 ? priorModels : available;
  for (const kind of priorSet) prior[kind] = 1 / priorSet.length;
  if (origins === 0) return prior;
  const best = Math.min(...available.map((kind) => errors[kind] as number));
  const floor = Math.max(best * 0.05, 1e-12);
  const raw = available.map((kind) => 1 / Math.max(errors[kind] as number, floor));
  const total = raw.reduce((a, b) => a + b, 0);
  const shrink = SHRINK;
  const weights: Weights = {};
  available.forEach((kind, i) => {
    weights[kind] = (1 - shrink) * ((raw[i] as number) / total) + shrink * (prior[kind] ?? 0);
  });
  return weights;
}

function combine(
  bands: Partial<Record<ForecasterKind, Band>>,
  weights: Weights,
  horizon: number,
): Band {
  const out: Band = {
    p10: new Array<number>(horizon).fill(0),
    p50: new Array<number>(horizon).fill(0),
    p90: new Array<number>(horizon).fill(0),
  };
  for (const kind of BASE_MODELS) {
    const w = weights[kind] ?? 0;
    const band = bands[kind];
    if (w === 0 || band === undefined) continue;
    for (let h = 0; h < horizon; h += 1) {
      out.p10[h] = (out.p10[h] as number) + w * (band.p10[h] as number);
      out.p50[h] = (out.p50[h] as number) + w * (band.p50[h] as number);
      out.p90[h] = (out.p90[h] as number) + w * (band.p90[h] as number);
    }
  }
  return out;
}

/** Conformal quantile: the ⌈(n+1)·level⌉-th smallest score (the largest when n is small). */
function conformalQuantile(scores: readonly number[], level: number): number {
  if (scores.length === 0) return 1;
  const sorted = scores.slice().sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.ceil((sorted.length + 1) * level));
  return sorted[rank - 1] as number;
}

/**
 * Conformal scale factors of a band's half-widths, one per horizon step, from nonconformity
 * scores (|residual| / half-width on the residual's side; a score ≤ f means a band scaled by f
 * covers the point). Per step when every step has ≥ 40 scores, else one factor pooled over all
 * steps. Also returns the share of scores the factors cover (≈ nominal by construction).
 */
export function conformalFactors(
  scoresPerStep: readonly (readonly number[])[],
  nominal = NOMINAL,
): { factors: number[]; pooled: boolean; coverage: number } {
  const pooled = scoresPerStep.some((scores) => scores.length < PER_STEP_MIN_RESIDUALS);
  const pooledFactor = conformalQuantile(scoresPerStep.flat(), nominal);
  const factors = scoresPerStep.map((scores) =>
    pooled ? pooledFactor : conformalQuantile(scores.slice(), nominal),
  );
  let covered = 0;
  let total = 0;
  scoresPerStep.forEach((scores, h) => {
    for (const score of scores) {
      total += 1;
      if (score <= (factors[h] as number)) covered += 1;
    }
  });
  return { factors, pooled, coverage: total > 0 ? covered / total : Number.NaN };
}

/**
 * Half-widths of a band below and above p50, floored at a tenth of the series' naive error
 * (× √step) so a degenerate (zero-width) band can still be scaled.
 */
function halfWidths(band: Band, h: number, floor: number): [number, number] {
  const p50 = band.p50[h] as number;
  const minimum = floor * Math.sqrt(h + 1);
  return [
    Math.max(p50 - (band.p10[h] as number), minimum),
    Math.max((band.p90[h] as number) - p50, minimum),
  ];
}

function widthFloor(values: readonly number[], seasonality: number): number {
  const scale = values.length > 1 ? naiveScale(values, seasonality) : 0;
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

interface OriginResult {
  actual: number[];
  training: number[];
  bands: Partial<Record<CandidateName, Band>>;
}

/**
 * The forecast task end to end.
 *
 * 1. Rolling-origin backtest: up to `backtestOrigins` (default 3) origins per series, spaced by
 *    the horizon (closer or fewer for short series), each forecasting `horizon` steps from the
 *    data before it. Seasonal naive and ETS are refitted per series at every origin; the global
 *    neural model is trained once on the data before the oldest origin and predicts from each
 *    origin (leak-free, and half the training time).
 * 2. Ensemble: per series, a weighted mix of the three models with inverse-error weights shrunk
 *    half-way towards an equal ETS/neural mix; its backtest score at each origin uses weights from
 *    the other origins only, so it is not flattered by its own fit.
 * 3. Choice: the candidate with the lowest geometric mean (over series) of MASE relative to
 *    seasonal naive on the backtest; ties go to the simpler one.
 * 4. Calibration: the chosen candidate's p10/p90 half-widths are scaled per horizon step (pooled
 *    over steps when there are few residuals) by the conformal quantile of |residual| / half-width,
 *    so that 80% of backtest points would have been covered.
 * 5. Refit of every candidate on all data; final forecasts, calibrated band, per-series backtest
 *    residuals and an ETS trend/season decomposition for charts.
 *
 * Uses whatever tf backend is active (call `selectBackend()` first). Throws ForecastInputError
 * for series that are too short or contain non-finite values, naming them and the points needed.
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
  const seasonality = validateForecastConfig(options);
  validateSeries(series);
  const { horizon } = options;
  const m = seasonality;
  const minimumFit = Math.max(ETS_MINIMUM_LENGTH, m + 2);
  assertMinimumLength(
    series,
    horizon + minimumFit,
    `a backtest with horizon ${horizon} and seasonality ${m} (${horizon} held out + ${minimumFit} to fit)`,
  );
  const requestedOrigins = Math.max(1, Math.floor(options.backtestOrigins ?? 3));
  const shortest = Math.min(...series.map((entry) => entry.values.length));
  const plan = planBacktest(
    series.map((entry) => entry.values.length),
    horizon,
    m,
    minimumFit,
    requestedOrigins,
    options.neural?.lookback,
  );
  const notes: string[] = [];
  if (!plan.neural) {
    notes.push(
      `the neural model was skipped: the shortest series (${shortest} points) is too short to train it with horizon ${horizon}`,
    );
  }
  const reduced = series.filter((_entry, s) => {
    const p = plan.series[s] as SeriesPlan;
    return p.origins < requestedOrigins || p.step < horizon;
  });
  if (reduced.length > 0) {
    const list = reduced
      .slice(0, 5)
      .map(({ id, values }) => {
        const p = plan.series[series.findIndex((entry) => entry.id === id)] as SeriesPlan;
        return `"${id}" (${values.length} points): ${p.origins} origin(s) ${p.step} step(s) apart`;
      })
      .join('; ');
    notes.push(
      `shorter backtest for ${reduced.length} series: ${list}${reduced.length > 5 ? '; …' : ''}`,
    );
  }
  await tf.ready();
  const progress = options.onProgress;
  const originIndex = (s: number, length: number, k: number): number => {
    const p = plan.series[s] as SeriesPlan;
    return length - horizon - (p.origins - 1 - k) * p.step;
  };

  // Per series × origin: actuals, training part, each base model's band.
  const results: OriginResult[][] = series.map(({ values }, s) =>
    Array.from({ length: (plan.series[s] as SeriesPlan).origins }, (_, k) => {
      const origin = originIndex(s, values.length, k);
      return {
        actual: values.slice(origin, origin + horizon),
        training: values.slice(0, origin),
        bands: {},
      };
    }),
  );
  const fitMs: Record<CandidateName, number> = {
    seasonal_naive: 0,
    ets: 0,
    neural: 0,
    ensemble: 0,
  };
  const refitMs: Record<CandidateName, number> = {
    seasonal_naive: 0,
    ets: 0,
    neural: 0,
    ensemble: 0,
  };

  // 1. Backtest.
  progress?.({ phase: 'backtest:seasonal_naive' });
  let started = performance.now();
  for (const perOrigin of results) {
    for (const r of perOrigin)
      r.bands.seasonal_naive = seasonalNaiveForecast(r.training, horizon, m);
  }
  fitMs.seasonal_naive = performance.now() - started;

  progress?.({ phase: 'backtest:ets' });
  started = performance.now();
  for (const perOrigin of results) {
    for (const r of perOrigin) {
      options.signal?.throwIfAborted();
      const { p10, p50, p90 } = etsForecast(r.training, horizon, m);
      r.bands.ets = { p10, p50, p90 };
    }
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  fitMs.ets = performance.now() - started;

  const neuralConfig = {
    ...options.neural,
    horizon,
    seasonality: m,
    lookback: plan.lookback,
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    ...(options.epochs === undefined ? {} : { epochs: options.epochs }),
  };
  const fitOptions = (phase: string) => ({
    phase,
    ...(progress ? { onProgress: progress } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  // The backtest network is kept and refined on all data for the final forecast.
  if (plan.neural) {
    progress?.({ phase: 'backtest:neural' });
    started = performance.now();
    const forecaster = new WindowedMlpForecaster(neuralConfig);
    owner.neural = forecaster;
    try {
      const oldest = series.map((entry, s) => ({
        ...entry,
        values: (results[s] as OriginResult[])[0]!.training,
      }));
      await forecaster.fit(oldest, fitOptions('backtest:neural'));
      // One batch over every (series, origin): ids must be unique, so number them.
      const slots = results.flatMap((perOrigin, s) => perOrigin.map((r, k) => ({ s, k, r })));
      const predicted = await forecaster.predict(
        slots.map(({ s, k, r }) => ({
          id: `${s}#${k}`,
          values: r.training,
          ...(series[s]?.seasonPhase === undefined ? {} : { seasonPhase: series[s].seasonPhase }),
        })),
      );
      predicted.forEach(({ p10, p50, p90 }, index) => {
        (slots[index] as (typeof slots)[number]).r.bands.neural = { p10, p50, p90 };
      });
    } catch (error) {
      forecaster.dispose();
      throw error;
    }
    fitMs.neural = performance.now() - started;
  }
  fitMs.ensemble = fitMs.ets + fitMs.neural;
  const available: Record<CandidateName, boolean> = {
    seasonal_naive: true,
    ets: true,
    neural: plan.neural,
    ensemble: true,
  };

  // 2. Ensemble, scored leave-one-origin-out.
  const maeOf = (r: OriginResult, kind: ForecasterKind): number => {
    const band = r.bands[kind];
    return band === undefined ? Number.NaN : mae(r.actual, band.p50);
  };
  const baseErrors = (perOrigin: OriginResult[], skip: number): Weights => {
    const errors: Weights = {};
    for (const kind of BASE_MODELS) {
      if (!available[kind]) continue;
      const list = perOrigin.filter((_, k) => k !== skip).map((r) => maeOf(r, kind));
      errors[kind] = list.length === 0 ? Number.NaN : mean(list);
    }
    return errors;
  };
  for (const perOrigin of results) {
    perOrigin.forEach((r, k) => {
      const others = perOrigin.length - 1;
      const errors = baseErrors(perOrigin, k);
      const weights =
        others > 0
          ? ensembleWeights(errors, others)
          : ensembleWeights({ ets: 1, ...(available.neural ? { neural: 1 } : {}) }, 0);
      r.bands.ensemble = combine(r.bands, weights, horizon);
    });
  }

  // Scores per series and candidate.
  const seriesMase = (perOrigin: OriginResult[], kind: CandidateName): number => {
    if (!available[kind]) return Number.NaN;
    return mean(perOrigin.map((r) => mase(r.actual, r.bands[kind]!.p50, r.training, m)));
  };
  const seriesRelative = (perOrigin: OriginResult[], kind: CandidateName): number => {
    if (!available[kind]) return Number.NaN;
    const own = mean(perOrigin.map((r) => mae(r.actual, r.bands[kind]!.p50)));
    const naive = mean(perOrigin.map((r) => mae(r.actual, r.bands.seasonal_naive!.p50)));
    if (naive === 0) return own === 0 ? 1 : Number.NaN;
    return own === 0 ? 1e-6 : own / naive;
  };
  const candidates: CandidateReport[] = CANDIDATES.map((name) => {
    if (!available[name]) {
      return {
        name,
        mase: Number.NaN,
        relativeMase: Number.NaN,
        smape: Number.NaN,
        coverage80: null,
        fitMs: 0,
        refitMs: 0,
        available: false,
      };
    }
    const perSeriesMase = results.map((perOrigin) => seriesMase(perOrigin, name));
    const finiteMase = perSeriesMase.filter((v) => Number.isFinite(v));
    const all = results.flat();
    return {
      name,
      mase: mean(finiteMase),
      relativeMase: geometricMean(results.map((perOrigin) => seriesRelative(perOrigin, name))),
      smape: mean(all.map((r) => smape(r.actual, r.bands[name]!.p50))),
      coverage80: mean(
        all.map((r) => intervalCoverage(r.actual, r.bands[name]!.p10, r.bands[name]!.p90)),
      ),
      fitMs: fitMs[name],
      refitMs: 0,
      available: true,
    };
  });

  // 3. Choice.
  let chosen = candidates[0] as CandidateReport;
  for (const candidate of candidates) {
    if (candidate.available && candidate.relativeMase < chosen.relativeMase - 1e-9)
      chosen = candidate;
  }
  const chosenName = chosen.name;

  // 4. Calibration on the chosen candidate's backtest residuals.
  const floors = results.map((perOrigin) => widthFloor(perOrigin[0]!.training, m));
  const perStepScores: number[][] = Array.from({ length: horizon }, () => []);
  let coveredBefore = 0;
  let total = 0;
  results.forEach((perOrigin, s) => {
    for (const r of perOrigin) {
      const band = r.bands[chosenName]!;
      for (let h = 0; h < horizon; h += 1) {
        const residual = (r.actual[h] as number) - (band.p50[h] as number);
        const [below, above] = halfWidths(band, h, floors[s] as number);
        perStepScores[h]!.push(residual >= 0 ? residual / above : -residual / below);
        const a = r.actual[h] as number;
        if (a >= (band.p10[h] as number) && a <= (band.p90[h] as number)) coveredBefore += 1;
        total += 1;
      }
    }
  });
  const { factors, pooled, coverage } = conformalFactors(perStepScores);
  const calibration: CalibrationReport = {
    coverageBefore: total > 0 ? coveredBefore / total : Number.NaN,
    coverageAfter: coverage,
    factors,
    pooled,
    residuals: total,
  };

  // 5. Refit every candidate on all data.
  const finalBands: Partial<Record<CandidateName, Band>>[] = series.map(() => ({}));
  progress?.({ phase: 'refit:seasonal_naive' });
  started = performance.now();
  series.forEach(({ values }, s) => {
    finalBands[s]!.seasonal_naive = seasonalNaiveForecast(values, horizon, m);
  });
  refitMs.seasonal_naive = performance.now() - started;

  progress?.({ phase: 'refit:ets' });
  started = performance.now();
  const etsFits: EtsFit[] = [];
  for (const [s, { values }] of series.entries()) {
    options.signal?.throwIfAborted();
    const { p10, p50, p90, fit } = etsForecast(values, horizon, m);
    finalBands[s]!.ets = { p10, p50, p90 };
    etsFits.push(fit);
  }
  refitMs.ets = performance.now() - started;

  if (owner.neural !== null) {
    progress?.({ phase: 'refit:neural' });
    started = performance.now();
    const forecaster = owner.neural;
    try {
      await forecaster.refine(series, refineEpochs(options.epochs), fitOptions('refit:neural'));
      const predicted = await forecaster.predict(series);
      predicted.forEach(({ p10, p50, p90 }, s) => {
        finalBands[s]!.neural = { p10, p50, p90 };
      });
    } finally {
      forecaster.dispose();
    }
    refitMs.neural = performance.now() - started;
  }
  const finalWeights = results.map((perOrigin) =>
    ensembleWeights(baseErrors(perOrigin, -1), perOrigin.length),
  );
  series.forEach((_, s) => {
    finalBands[s]!.ensemble = combine(finalBands[s]!, finalWeights[s]!, horizon);
  });
  refitMs.ensemble = refitMs.ets + refitMs.neural;
  for (const candidate of candidates)
    candidate.refitMs = candidate.available ? refitMs[candidate.name] : 0;

  const nonNegative = series.map(({ values }) => values.every((v) => v >= 0));
  const forecasts: SeriesForecast[] = series.map(({ id, values }, s) => {
    const band = finalBands[s]![chosenName]!;
    const floor = widthFloor(values, m);
    const p10: number[] = [];
    const p90: number[] = [];
    for (let h = 0; h < horizon; h += 1) {
      const [below, above] = halfWidths(band, h, floor);
      const factor = factors[h] as number;
      p10.push((band.p50[h] as number) - factor * below);
      p90.push((band.p50[h] as number) + factor * above);
    }
    const calibrated = { p10, p50: band.p50.slice(), p90 };
    return { id, ...(nonNegative[s] ? clampNonNegative(calibrated) : calibrated) };
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
    origins: results[s]!.map((_, k) => originIndex(s, values.length, k)),
    residuals: results[s]!.map((r) =>
      r.actual.map((a, h) => a - (r.bands[chosenName]!.p50[h] as number)),
    ),
  }));

  const perSeries: SeriesHoldoutReport[] = series.map(({ id }, s) => {
    const perOrigin = results[s]!;
    const weights: Weights = chosenName === 'ensemble' ? finalWeights[s]! : { [chosenName]: 1 };
    return {
      id,
      mase: {
        seasonal_naive: seriesMase(perOrigin, 'seasonal_naive'),
        ets: seriesMase(perOrigin, 'ets'),
        neural: seriesMase(perOrigin, 'neural'),
        ensemble: seriesMase(perOrigin, 'ensemble'),
      },
      weights,
      ets: etsFits[s]!.params,
    };
  });

  progress?.({ phase: 'done' });
  return {
    forecasts,
    report: {
      chosen: chosenName,
      candidates,
      backend: tf.getBackend(),
      holdoutHorizon: horizon,
      backtestOrigins: Math.min(...plan.series.map((p) => p.origins)),
      backtestStep: Math.min(...plan.series.map((p) => p.step)),
      seasonality: m,
      lookback: plan.lookback,
      perSeries,
      calibration,
      refitMs: refitMs.seasonal_naive + refitMs.ets + refitMs.neural,
      notes,
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
