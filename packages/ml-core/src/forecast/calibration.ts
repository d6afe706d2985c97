/**
 * Calibration of a forecast's p10–p90 band on rolling-origin backtest errors.
 *
 * Each backtest point gets a nonconformity score: |actual − p50| divided by the band's half-width
 * on that side (a score ≤ f means the band scaled by f covers the point). The calibrated
 * half-width at step h of series s is the model's own half-width times
 *
 *     F · g(h) · G_s
 *
 * - F: the conformal 80% quantile of all scores after removing the step trend g — the pool that
 *   short series of a dataset lean on — itself shrunk (on the log scale) towards a prior factor
 *   by how few independent backtest windows there are: windows of one series that overlap count
 *   as a fraction of a window, and a lone short series leans on the prior. The prior (1.3: model
 *   bands typically cover too little, since they ignore that the model itself is uncertain) was
 *   set on the repository's generated series (bench/generate-series.ts), not on real data;
 * - g(h) = h^β: how the model's band under- or over-grows with the step ahead, fitted from the
 *   early and late steps' quantiles (β = 0 when there are too few residuals). Steps beyond the
 *   backtest horizon keep growing with the model's own band and, when β > 0, with h^β as well —
 *   the model's measured error growth, extrapolated rather than refused;
 * - G_s: the series' own quantile relative to the pool, shrunk towards 1 by how many backtest
 *   windows the series has (K/(K + 4)): a random walk among smooth series gets its own, wider band.
 *
 * `measured` is the honest figure: every backtest window is checked against a calibration fitted
 * without it (leave-one-window-out), so it is not 80% by construction.
 */
import type { Band } from './statistical-models';

/** Nominal coverage of the [p10, p90] band. */
export const NOMINAL_COVERAGE = 0.8;
/** Scores needed before a step trend is fitted. */
const MIN_SCORES_FOR_GROWTH = 24;
/** Backtest windows a series' own factor is worth as much as the pool. */
const SERIES_PRIOR_WINDOWS = 4;
/** Factor the pooled F is shrunk towards, and how many independent windows that prior is worth. */
const PRIOR_FACTOR = 1.3;
const PRIOR_WINDOWS = 3;
/** Most windows checked one by one for the measured coverage (evenly spread). */
const MAX_HELD_OUT_WINDOWS = 240;
const GROWTH_MIN = -0.5;
const GROWTH_MAX = 1;

/** One backtest window of one series: the actuals and the band forecast for them. */
export interface CalibrationWindow {
  actual: readonly number[];
  band: Band;
}

export interface CalibrationInput {
  /** Per series, its backtest windows (oldest first). */
  windows: readonly (readonly CalibrationWindow[])[];
  /** Per series, the smallest half-width a band may have at step 1 (grown √h). */
  floors: readonly number[];
  /**
   * Per series, how much of a new window each further window is (origin spacing ÷ window
   * length, at most 1; default 1): overlapping windows share most of their errors.
   */
  spacing?: readonly number[];
}

interface Score {
  series: number;
  window: number;
  /** Unique id of the (series, window) pair. */
  id: number;
  /** 1-based step ahead. */
  step: number;
  value: number;
}

export interface Calibration {
  /** Pooled factor F. */
  factor: number;
  /** Step exponent β. */
  growth: number;
  /** Per series G_s. */
  seriesFactors: number[];
  /** Backtest horizon (longest window). */
  steps: number;
  pooled: boolean;
}

/** Half-widths below and above p50 at step index h (0-based), floored at floor·√(h+1). */
export function halfWidths(band: Band, h: number, floor: number): [number, number] {
  const p50 = band.p50[h] as number;
  const minimum = floor * Math.sqrt(h + 1);
  return [
    Math.max(p50 - (band.p10[h] as number), minimum),
    Math.max((band.p90[h] as number) - p50, minimum),
  ];
}

/** Conformal quantile: the ⌈(n+1)·level⌉-th smallest value (the largest when n is small). */
export function conformalQuantile(values: readonly number[], level: number): number {
  if (values.length === 0) return 1;
  const sorted = values.slice().sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.ceil((sorted.length + 1) * level));
  return sorted[rank - 1] as number;
}

function scoresOf(input: CalibrationInput): Score[] {
  const scores: Score[] = [];
  let id = 0;
  input.windows.forEach((windows, series) => {
    const floor = input.floors[series] as number;
    windows.forEach(({ actual, band }, window) => {
      actual.forEach((a, h) => {
        const residual = a - (band.p50[h] as number);
        const [below, above] = halfWidths(band, h, floor);
        const value = residual >= 0 ? residual / above : -residual / below;
        scores.push({ series, window, id, step: h + 1, value });
      });
      id += 1;
    });
  });
  return scores;
}

function meanOf(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/** β from the 80% quantiles of the early and the late half of the steps. */
function fitGrowth(scores: readonly Score[], steps: number): number {
  if (steps < 2 || scores.length < MIN_SCORES_FOR_GROWTH) return 0;
  const split = (steps + 1) / 2;
  const early = scores.filter((s) => s.step < split);
  const late = scores.filter((s) => s.step >= split);
  if (early.length < 8 || late.length < 8) return 0;
  const qEarly = conformalQuantile(
    early.map((s) => s.value),
    NOMINAL_COVERAGE,
  );
  const qLate = conformalQuantile(
    late.map((s) => s.value),
    NOMINAL_COVERAGE,
  );
  if (!(qEarly > 0 && qLate > 0)) return 0;
  const logStep = (list: readonly Score[]) => meanOf(list.map((s) => Math.log(s.step)));
  const distance = logStep(late) - logStep(early);
  if (!(distance > 0)) return 0;
  const growth = Math.log(qLate / qEarly) / distance;
  return Math.min(Math.max(growth, GROWTH_MIN), GROWTH_MAX);
}

/** Independent windows in a score set: per series 1 + (windows − 1) × spacing. */
function independentWindows(scores: readonly Score[], spacing: readonly number[]): number {
  const windows = new Map<number, Set<number>>();
  for (const s of scores) {
    let set = windows.get(s.series);
    if (!set) windows.set(s.series, (set = new Set()));
    set.add(s.window);
  }
  let total = 0;
  for (const [series, set] of windows) total += 1 + (set.size - 1) * (spacing[series] ?? 1);
  return total;
}

function fitCalibration(
  scores: readonly Score[],
  seriesCount: number,
  steps: number,
  spacing: readonly number[],
): Calibration {
  const growth = fitGrowth(scores, steps);
  const normalised = scores.map((s) => s.value / s.step ** growth);
  const empirical = Math.max(conformalQuantile(normalised, NOMINAL_COVERAGE), 1e-6);
  const evidence = independentWindows(scores, spacing);
  const weight = evidence / (evidence + PRIOR_WINDOWS);
  const factor = Math.exp(weight * Math.log(empirical) + (1 - weight) * Math.log(PRIOR_FACTOR));
  const seriesFactors = new Array<number>(seriesCount).fill(1);
  if (seriesCount > 1) {
    const perSeries: number[][] = Array.from({ length: seriesCount }, () => []);
    const windowsSeen: Set<number>[] = Array.from({ length: seriesCount }, () => new Set());
    scores.forEach((s, i) => {
      perSeries[s.series]!.push((normalised[i] as number) / factor);
      windowsSeen[s.series]!.add(s.window);
    });
    perSeries.forEach((list, s) => {
      if (list.length === 0) return;
      const own = Math.max(conformalQuantile(list, NOMINAL_COVERAGE), 1e-3);
      const windows = windowsSeen[s]!.size;
      const weight = windows / (windows + SERIES_PRIOR_WINDOWS);
      seriesFactors[s] = Math.exp(weight * Math.log(own));
    });
  }
  return {
    factor,
    growth,
    seriesFactors,
    steps,
    pooled: growth === 0 && (steps < 2 || scores.length < MIN_SCORES_FOR_GROWTH),
  };
}

/** Multiplier of the model's half-width at 1-based `step` of series `series`. */
export function calibrationFactor(calibration: Calibration, series: number, step: number): number {
  const { factor, growth, steps } = calibration;
  const inside = Math.min(step, steps) ** growth;
  const beyond = step > steps ? (step / steps) ** Math.max(growth, 0) : 1;
  return factor * inside * beyond * (calibration.seriesFactors[series] ?? 1);
}

/** Applies the calibration to a band (any number of steps) of one series. */
export function calibrateBand(
  band: Band,
  calibration: Calibration,
  series: number,
  floor: number,
): Band {
  const p10: number[] = [];
  const p90: number[] = [];
  band.p50.forEach((p50, h) => {
    const [below, above] = halfWidths(band, h, floor);
    const f = calibrationFactor(calibration, series, h + 1);
    p10.push(p50 - f * below);
    p90.push(p50 + f * above);
  });
  return { p10, p50: band.p50.slice(), p90 };
}

function coverageOf(scores: readonly Score[], calibration: Calibration): number {
  if (scores.length === 0) return Number.NaN;
  let covered = 0;
  for (const s of scores) {
    if (s.value <= calibrationFactor(calibration, s.series, s.step)) covered += 1;
  }
  return covered / scores.length;
}

/** Leave-one-window-out coverage over (at most MAX_HELD_OUT_WINDOWS evenly spread) windows. */
function measuredCoverage(
  scores: readonly Score[],
  seriesCount: number,
  steps: number,
  spacing: readonly number[],
) {
  const windows = new Set(scores.map((s) => s.id)).size;
  if (windows < 2) return null;
  const stride = Math.max(1, windows / MAX_HELD_OUT_WINDOWS);
  let covered = 0;
  let total = 0;
  for (let i = 0; i < windows; i += stride) {
    const key = Math.floor(i);
    const held = scores.filter((s) => s.id === key);
    const rest = scores.filter((s) => s.id !== key);
    const calibration = fitCalibration(rest, seriesCount, steps, spacing);
    for (const s of held) {
      total += 1;
      if (s.value <= calibrationFactor(calibration, s.series, s.step)) covered += 1;
    }
  }
  return total > 0 ? covered / total : null;
}

export interface CalibrationResult {
  calibration: Calibration;
  coverageBefore: number;
  coverageAfter: number;
  measured: number | null;
  residuals: number;
}

/** Fits the calibration to the backtest windows and measures it honestly. */
export function calibrate(input: CalibrationInput): CalibrationResult {
  const scores = scoresOf(input);
  const steps = Math.max(1, ...input.windows.flat().map((w) => w.actual.length));
  const seriesCount = input.windows.length;
  const spacing = input.spacing ?? [];
  const calibration = fitCalibration(scores, seriesCount, steps, spacing);
  const before = scores.length === 0 ? Number.NaN : scores.filter((s) => s.value <= 1).length;
  return {
    calibration,
    coverageBefore: scores.length === 0 ? Number.NaN : before / scores.length,
    coverageAfter: coverageOf(scores, calibration),
    measured: measuredCoverage(scores, seriesCount, steps, spacing),
    residuals: scores.length,
  };
}
