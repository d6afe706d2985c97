/**
 * Probability calibration of a classifier's log-odds on validation data: Platt scaling (a logistic
 * fit on the log-odds) or isotonic regression (pool-adjacent-violators), chosen — together with
 * "none" — by cross-fitted log-loss on the validation rows so the reported calibrated log-loss is
 * not measured on the rows the calibrator was fitted on.
 */
import type { Random } from '../common/random';
import { logLoss } from './metrics';

export type CalibrationMethod = 'none' | 'platt' | 'isotonic';

/** Maps a model's log-odds to a probability. */
export type Calibrator = (logit: number) => number;

export function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

function plattLoss(
  logits: ArrayLike<number>,
  labels: ArrayLike<number>,
  a: number,
  b: number,
): number {
  let loss = 0.5e-6 * (a - 1) ** 2;
  for (let i = 0; i < logits.length; i += 1) {
    const z = a * (logits[i] as number) + b;
    const softplus = z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
    loss += softplus - (labels[i] as number) * z;
  }
  return loss;
}

/** Platt scaling: P = σ(a·z + b), fitted by damped Newton steps with a tiny ridge on a. */
export function fitPlatt(logits: ArrayLike<number>, labels: ArrayLike<number>): Calibrator {
  const { a, b } = fitPlattCoefficients(logits, labels);
  return (z) => sigmoid(a * z + b);
}

/** The (a, b) of Platt scaling σ(a·z + b): the calibrated log-odds are a·z + b. */
export function fitPlattCoefficients(
  logits: ArrayLike<number>,
  labels: ArrayLike<number>,
): { a: number; b: number } {
  let a = 1;
  let b = 0;
  const n = logits.length;
  let loss = plattLoss(logits, labels, a, b);
  for (let iteration = 0; iteration < 100; iteration += 1) {
    let ga = 1e-6 * (a - 1);
    let gb = 0;
    let haa = 1e-6;
    let hab = 0;
    let hbb = 1e-9;
    for (let i = 0; i < n; i += 1) {
      const z = logits[i] as number;
      const p = sigmoid(a * z + b);
      const r = p - (labels[i] as number);
      const w = p * (1 - p);
      ga += r * z;
      gb += r;
      haa += w * z * z;
      hab += w * z;
      hbb += w;
    }
    const det = haa * hbb - hab * hab;
    if (!(Math.abs(det) > 1e-18)) break;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    let step = 1;
    let next = Number.POSITIVE_INFINITY;
    for (let tries = 0; tries < 30; tries += 1) {
      next = plattLoss(logits, labels, a - step * da, b - step * db);
      if (next <= loss) break;
      step *= 0.5;
    }
    if (!(next <= loss)) break;
    a -= step * da;
    b -= step * db;
    const improvement = loss - next;
    loss = next;
    if (improvement < 1e-10 * Math.max(1, loss)) break;
  }
  return { a, b };
}

/**
 * Isotonic regression of labels on log-odds (PAV), linearly interpolated between block centres and
 * lightly smoothed towards the base rate so no probability is exactly 0 or 1.
 */
export function fitIsotonic(logits: ArrayLike<number>, labels: ArrayLike<number>): Calibrator {
  const n = logits.length;
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (i, j) => (logits[i] as number) - (logits[j] as number),
  );
  let positives = 0;
  for (let i = 0; i < n; i += 1) positives += labels[i] as number;
  const prior = positives / Math.max(n, 1);
  const sums: number[] = [];
  const counts: number[] = [];
  const xSums: number[] = [];
  for (const index of order) {
    sums.push(labels[index] as number);
    counts.push(1);
    xSums.push(logits[index] as number);
    while (sums.length > 1) {
      const last = sums.length - 1;
      if (
        (sums[last - 1] as number) / (counts[last - 1] as number) <
        (sums[last] as number) / (counts[last] as number)
      )
        break;
      sums[last - 1] = (sums[last - 1] as number) + (sums.pop() as number);
      counts[last - 1] = (counts[last - 1] as number) + (counts.pop() as number);
      xSums[last - 1] = (xSums[last - 1] as number) + (xSums.pop() as number);
    }
  }
  const centres = xSums.map((s, k) => s / (counts[k] as number));
  const values = sums.map((s, k) => (s + prior) / ((counts[k] as number) + 1));
  return (z) => {
    if (centres.length === 0) return prior;
    if (z <= (centres[0] as number)) return values[0] as number;
    const last = centres.length - 1;
    if (z >= (centres[last] as number)) return values[last] as number;
    let lo = 0;
    let hi = last;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if ((centres[mid] as number) <= z) lo = mid;
      else hi = mid;
    }
    const x0 = centres[lo] as number;
    const x1 = centres[hi] as number;
    const t = x1 > x0 ? (z - x0) / (x1 - x0) : 0;
    return (values[lo] as number) + t * ((values[hi] as number) - (values[lo] as number));
  };
}

const FITTERS: Record<
  CalibrationMethod,
  (logits: ArrayLike<number>, labels: ArrayLike<number>) => Calibrator
> = {
  none: () => sigmoid,
  platt: fitPlatt,
  isotonic: fitIsotonic,
};

export interface CalibrationChoice {
  method: CalibrationMethod;
  /** Fitted on all the given rows. */
  calibrator: Calibrator;
  /** Cross-fitted calibrated probabilities of the given rows (each from a calibrator that did not see it). */
  outOfFold: Float64Array;
  logLoss: number;
  logLossUncalibrated: number;
  /** Cross-fitted log-loss of every method tried. */
  tried: Record<CalibrationMethod, number>;
}

/**
 * Picks none / Platt / isotonic by `folds`-fold stratified cross-fitted log-loss on (logits, labels)
 * and refits the winner on all rows. Isotonic is only tried with at least 50 rows of each class.
 */
export function chooseCalibration(
  logits: Float64Array,
  labels: Float64Array,
  random: Random,
  folds = 5,
): CalibrationChoice {
  const n = logits.length;
  const { fold, positives, negatives } = stratifiedFolds(labels, random, folds);
  const methods: CalibrationMethod[] = ['none', 'platt'];
  if (Math.min(positives.length, negatives.length) >= 50) methods.push('isotonic');
  const tried = { none: Number.NaN, platt: Number.NaN, isotonic: Number.NaN };
  const outOfFold: Record<CalibrationMethod, Float64Array> = {
    none: Float64Array.from(logits, sigmoid),
    platt: new Float64Array(n),
    isotonic: new Float64Array(n),
  };
  tried.none = logLoss(labels, outOfFold.none);
  for (const method of methods) {
    if (method === 'none') continue;
    for (let f = 0; f < folds; f += 1) {
      const fitRows: number[] = [];
      for (let i = 0; i < n; i += 1) if (fold[i] !== f) fitRows.push(i);
      const calibrator = FITTERS[method](
        fitRows.map((i) => logits[i] as number),
        fitRows.map((i) => labels[i] as number),
      );
      for (let i = 0; i < n; i += 1)
        if (fold[i] === f) outOfFold[method][i] = calibrator(logits[i] as number);
    }
    tried[method] = logLoss(labels, outOfFold[method]);
  }
  let method: CalibrationMethod = 'none';
  for (const candidate of methods) if (tried[candidate] < tried[method]) method = candidate;
  return {
    method,
    calibrator: FITTERS[method](logits, labels),
    outOfFold: outOfFold[method],
    logLoss: tried[method],
    logLossUncalibrated: tried.none,
    tried,
  };
}

/** Stratified fold of each row (positives and negatives dealt round-robin after a shuffle). */
export function stratifiedFolds(
  labels: ArrayLike<number>,
  random: Random,
  folds: number,
): { fold: Int32Array; positives: number[]; negatives: number[] } {
  const n = labels.length;
  const fold = new Int32Array(n);
  const positives: number[] = [];
  const negatives: number[] = [];
  for (let i = 0; i < n; i += 1) ((labels[i] as number) > 0.5 ? positives : negatives).push(i);
  for (const group of [positives, negatives]) {
    random.shuffle(group);
    group.forEach((row, k) => (fold[row] = k % folds));
  }
  return { fold, positives, negatives };
}

/**
 * Platt scaling fitted on all rows (`a`, `b`) and cross-fitted: `outOfFold[i]` is row i's
 * calibrated log-odds from a fit on the other folds — honest validation inputs for a model built
 * on top of calibrated outputs (the ensemble).
 */
export function crossFittedPlatt(
  logits: Float64Array,
  labels: Float64Array,
  random: Random,
  folds = 5,
): { a: number; b: number; outOfFold: Float64Array } {
  const n = logits.length;
  const { fold } = stratifiedFolds(labels, random, folds);
  const outOfFold = new Float64Array(n);
  for (let f = 0; f < folds; f += 1) {
    const fitRows: number[] = [];
    for (let i = 0; i < n; i += 1) if (fold[i] !== f) fitRows.push(i);
    const { a, b } = fitPlattCoefficients(
      fitRows.map((i) => logits[i] as number),
      fitRows.map((i) => labels[i] as number),
    );
    for (let i = 0; i < n; i += 1) if (fold[i] === f) outOfFold[i] = a * (logits[i] as number) + b;
  }
  return { ...fitPlattCoefficients(logits, labels), outOfFold };
}
