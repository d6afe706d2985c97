import { quantileOfSorted } from '../common/quantiles';
import type { NewestPointCheck, OneStepBandOptions, OneStepBands, OneStepModel } from './types';

/**
 * Calibrated one-step-ahead bands: is a new point of a series unusual given everything before it?
 *
 * Forecaster: additive exponential smoothing with a damped trend and an optional season, whose
 * updates use the one-step error clipped at ±2.5 robust standard deviations (robust exponential
 * smoothing, after Gelper, Fried & Croux 2010), so one spike barely moves the level the next
 * points are judged against. Its smoothing constants come from a small grid, picked by the mean
 * absolute one-step error over the history without the newest point.
 *
 * Band: split-conformal on a rolling window. The point at t gets the forecast from the points
 * before it, shifted by the median past error (the forecaster's bias) and widened by the
 * ⌈(m + 1)·coverage⌉-th smallest of the m past absolute deviations from that median — the
 * finite-sample conformal quantile, so for exchangeable errors the band holds at least
 * `coverage` of new points; no normality assumed. Where m is too small for that order statistic
 * the band is not calibrated (NaN) rather than guessed. `checkNewestPoint` also reports the
 * coverage measured on the series' own history, so a band that did not hold can be seen.
 */

export const DEFAULT_BAND_WINDOW = 90;

/** Fewest points a series needs before its newest point is judged at all. */
export const MIN_BAND_POINTS = 12;

/** Clip one-step errors at this many robust standard deviations in the updates. */
const CLIP_K = 2.5;
/** E[min(Z², k²)] for a standard normal Z and k = 2.5: debiases the clipped variance update. */
const CLIPPED_VARIANCE = 0.9776;
/** Weight of each new squared error in the running robust scale. */
const SCALE_RATE = 0.1;
/** Errors the robust scale starts from (their median absolute value). */
const SCALE_START = 5;
/** 1 / Φ⁻¹(0.75): a median absolute deviation in normal standard deviations. */
const MAD_TO_SIGMA = 1.482602218505602;

const ALPHAS = [0.1, 0.2, 0.35, 0.5, 0.7, 0.9];
const BETAS = [0, 0.02, 0.08];
const GAMMAS = [0.05, 0.15];
const PHI = 0.9;

function assertCoverage(coverage: number): void {
  if (!(coverage > 0 && coverage < 1)) {
    throw new RangeError(`coverage must be between 0 and 1 (e.g. 0.9), got ${coverage}`);
  }
}

/**
 * Past errors a band needs at this coverage: the conformal order statistic ⌈(m + 1)·c⌉ must be
 * at most m.
 */
function errorsNeeded(coverage: number): number {
  let m = 1;
  while (Math.ceil((m + 1) * coverage - 1e-9) > m) m += 1;
  return m;
}

/**
 * Points a series needs before its newest one can be judged at this coverage: at least
 * MIN_BAND_POINTS, and enough past errors to calibrate the band (21 at 95 %).
 */
export function minimumBandPoints(coverage: number): number {
  assertCoverage(coverage);
  // Errors start at the second point; the newest point's own error is not one of its past errors.
  return Math.max(MIN_BAND_POINTS, errorsNeeded(coverage) + 2);
}

interface Run {
  expected: Float64Array;
  errors: Float64Array;
}

/** One pass of robust damped-trend (seasonal) smoothing: each point's forecast from its past. */
function runSmoother(values: ArrayLike<number>, model: OneStepModel): Run {
  const n = values.length;
  const expected = new Float64Array(n).fill(Number.NaN);
  const errors = new Float64Array(n).fill(Number.NaN);
  const m = model.seasonality > 1 ? model.seasonality : 0;
  const start = m > 0 ? m : 1;
  if (n <= start) return { expected, errors };

  let level: number;
  const season = new Float64Array(Math.max(m, 1));
  if (m > 0) {
    let sum = 0;
    for (let i = 0; i < m; i += 1) sum += values[i] as number;
    level = sum / m;
    for (let i = 0; i < m; i += 1) season[i] = (values[i] as number) - level;
  } else {
    level = values[0] as number;
  }
  let trend = 0;
  let scale = 0;
  const firstErrors: number[] = [];

  for (let t = start; t < n; t += 1) {
    const slot = m > 0 ? t % m : 0;
    const seasonal = m > 0 ? (season[slot] as number) : 0;
    const forecast = level + PHI * trend + seasonal;
    const error = (values[t] as number) - forecast;
    expected[t] = forecast;
    errors[t] = error;

    const limit = CLIP_K * scale;
    const clipped = scale > 0 ? Math.min(limit, Math.max(-limit, error)) : error;
    if (firstErrors.length < SCALE_START) {
      firstErrors.push(Math.abs(error));
      if (firstErrors.length === SCALE_START) {
        scale =
          MAD_TO_SIGMA *
          quantileOfSorted(
            [...firstErrors].sort((a, b) => a - b),
            0.5,
          );
      }
    } else {
      const squared = Math.min(error * error, limit * limit);
      scale = Math.sqrt(
        (1 - SCALE_RATE) * scale * scale + (SCALE_RATE * squared) / CLIPPED_VARIANCE,
      );
    }

    level = level + PHI * trend + model.alpha * clipped;
    trend = PHI * trend + model.beta * clipped;
    if (m > 0) season[slot] = seasonal + model.gamma * clipped;
  }
  return { expected, errors };
}

function candidates(seasonality: number): OneStepModel[] {
  const models: OneStepModel[] = [];
  for (const gamma of seasonality > 1 ? [0, ...GAMMAS] : [0]) {
    for (const alpha of ALPHAS) {
      for (const beta of BETAS) {
        models.push({
          alpha,
          beta,
          phi: PHI,
          gamma,
          seasonality: gamma > 0 ? seasonality : 0,
        });
      }
    }
  }
  return models;
}

/** The candidate with the lowest mean absolute one-step error on [from, until). */
function chooseModel(
  values: ArrayLike<number>,
  seasonality: number,
  until: number,
): { model: OneStepModel; run: Run } {
  const from = seasonality > 1 ? 2 * seasonality : Math.min(3, Math.max(1, until - 1));
  let best: { model: OneStepModel; run: Run; score: number } | null = null;
  for (const model of candidates(seasonality)) {
    const run = runSmoother(values, model);
    let sum = 0;
    let count = 0;
    for (let t = from; t < until; t += 1) {
      const error = run.errors[t] as number;
      if (Number.isFinite(error)) {
        sum += Math.abs(error);
        count += 1;
      }
    }
    const score = count > 0 ? sum / count : Number.POSITIVE_INFINITY;
    if (!best || score < best.score) best = { model, run, score };
  }
  return best!;
}

/**
 * One-step-ahead bands at `coverage` for every point of a series, each from the points before it
 * only (the model's smoothing constants are chosen on all points but the newest). A season is
 * tried when the series spans at least four of them.
 */
export function oneStepBands(values: ArrayLike<number>, options: OneStepBandOptions): OneStepBands {
  assertCoverage(options.coverage);
  const n = values.length;
  for (let i = 0; i < n; i += 1) {
    if (!Number.isFinite(values[i] as number)) {
      throw new RangeError(`value ${i} is not a finite number (${values[i]})`);
    }
  }
  const window = Math.max(1, Math.floor(options.window ?? DEFAULT_BAND_WINDOW));
  const period = Math.floor(options.seasonality ?? 0);
  const seasonality = period > 1 && n - 1 >= 4 * period ? period : 0;
  const { model, run } = chooseModel(values, seasonality, n - 1);

  const lower = new Float64Array(n).fill(Number.NaN);
  const upper = new Float64Array(n).fill(Number.NaN);
  const past: number[] = [];
  for (let t = 0; t < n; t += 1) {
    const forecast = run.expected[t] as number;
    if (Number.isFinite(forecast) && past.length > 0) {
      const count = past.length;
      const rank = Math.ceil((count + 1) * options.coverage - 1e-9);
      if (rank <= count) {
        const sorted = Float64Array.from(past).sort();
        const bias = quantileOfSorted(sorted, 0.5);
        const deviations = Float64Array.from(past, (e) => Math.abs(e - bias)).sort();
        // A constant history has zero deviations: any change is then outside, but not rounding.
        const half = Math.max(
          deviations[rank - 1] as number,
          1e-9 * Math.max(1, Math.abs(forecast)),
        );
        lower[t] = forecast + bias - half;
        upper[t] = forecast + bias + half;
      }
    }
    const error = run.errors[t] as number;
    if (Number.isFinite(error)) {
      past.push(error);
      if (past.length > window) past.shift();
    }
  }
  return { expected: run.expected, lower, upper, model };
}

/**
 * Judges the newest value of a series against the calibrated one-step-ahead band its past gives
 * it; null when the series is shorter than `minimumBandPoints(coverage)`.
 */
export function checkNewestPoint(
  values: ArrayLike<number>,
  options: OneStepBandOptions,
): NewestPointCheck | null {
  const n = values.length;
  if (n < minimumBandPoints(options.coverage)) return null;
  const bands = oneStepBands(values, options);
  const last = n - 1;
  const value = values[last] as number;
  const lower = bands.lower[last] as number;
  const upper = bands.upper[last] as number;
  if (!Number.isFinite(lower) || !Number.isFinite(upper)) return null;

  const window = Math.max(1, Math.floor(options.window ?? DEFAULT_BAND_WINDOW));
  let inside = 0;
  let checked = 0;
  for (let t = Math.max(0, last - window); t < last; t += 1) {
    const lo = bands.lower[t] as number;
    const hi = bands.upper[t] as number;
    if (!Number.isFinite(lo)) continue;
    checked += 1;
    const v = values[t] as number;
    if (v >= lo && v <= hi) inside += 1;
  }

  const half = (upper - lower) / 2;
  const outside = value > upper ? 'above' : value < lower ? 'below' : null;
  const beyond = outside === 'above' ? value - upper : outside === 'below' ? lower - value : 0;
  return {
    value,
    expected: bands.expected[last] as number,
    lower,
    upper,
    outside,
    excess: half > 0 ? beyond / half : beyond > 0 ? Number.POSITIVE_INFINITY : 0,
    measuredCoverage: checked > 0 ? inside / checked : null,
    checkedPoints: checked,
    model: bands.model,
  };
}
