import { scaleFloor, standardize, windowScale, type WindowScale } from '../common/scaling';

/**
 * Sliding windows for a global forecaster. A window with forecast origin t has inputs
 * values[t−L, t) and targets values[t, t+H), both standardised by the mean and std of the inputs.
 *
 * Validation is time-ordered per series: the last k origins of each series are validation windows;
 * training windows are those whose targets end before the first validation target, so no training
 * target overlaps a validation target (H−1 origins in between are dropped).
 */

/** Training windows each series must give at least. */
export const MIN_TRAIN_WINDOWS = 4;
/** Share of a series' usable origins kept for validation (at least 1, at most `horizon`). */
const VALIDATION_SHARE = 0.2;

export interface WindowSet {
  /** count × lookback, row-major. */
  inputs: Float32Array;
  /** count × horizon, row-major. */
  targets: Float32Array;
  count: number;
}

export interface TrainingWindows {
  lookback: number;
  horizon: number;
  train: WindowSet;
  val: WindowSet;
}

/** Shortest lookback worth training: one season and one horizon, and at least 4 points. */
export function minimumLookback(horizon: number, seasonality: number): number {
  return Math.max(horizon, seasonality, 4);
}

/** Preferred lookback: two seasons and two horizons, and at least 8 points. */
export function defaultLookback(horizon: number, seasonality: number): number {
  return Math.max(2 * horizon, 2 * seasonality, 8);
}

/** Points a series needs to give MIN_TRAIN_WINDOWS training windows plus one validation window. */
export function minimumTrainingLength(lookback: number, horizon: number): number {
  return lookback + 2 * horizon + MIN_TRAIN_WINDOWS - 1;
}

/**
 * Lookback to use when the shortest training series has `shortestLength` points: the requested
 * one if given, else the default capped so the shortest series still trains. Null when even the
 * minimum lookback does not fit.
 */
export function chooseLookback(
  horizon: number,
  seasonality: number,
  shortestLength: number,
  requested?: number,
): number | null {
  const longestFitting = shortestLength - 2 * horizon - (MIN_TRAIN_WINDOWS - 1);
  if (requested !== undefined) return requested <= longestFitting ? requested : null;
  const lookback = Math.min(defaultLookback(horizon, seasonality), longestFitting);
  return lookback >= minimumLookback(horizon, seasonality) ? lookback : null;
}

function validationCount(length: number, lookback: number, horizon: number): number {
  const usableOrigins = length - lookback - 2 * horizon + 2;
  const wanted = Math.round(VALIDATION_SHARE * usableOrigins);
  return Math.max(1, Math.min(wanted, horizon, usableOrigins - MIN_TRAIN_WINDOWS));
}

function fillWindow(
  values: readonly number[],
  origin: number,
  lookback: number,
  horizon: number,
  floor: number,
  set: WindowSet,
  row: number,
): void {
  const scale = windowScale(values, origin - lookback, origin, floor);
  const inputOffset = row * lookback;
  for (let i = 0; i < lookback; i += 1) {
    set.inputs[inputOffset + i] = standardize(values[origin - lookback + i] as number, scale);
  }
  const targetOffset = row * horizon;
  for (let h = 0; h < horizon; h += 1) {
    set.targets[targetOffset + h] = standardize(values[origin + h] as number, scale);
  }
}

function emptySet(count: number, lookback: number, horizon: number): WindowSet {
  return {
    inputs: new Float32Array(count * lookback),
    targets: new Float32Array(count * horizon),
    count,
  };
}

/** Builds standardised training and validation windows from every series. */
export function buildTrainingWindows(
  series: readonly (readonly number[])[],
  lookback: number,
  horizon: number,
): TrainingWindows {
  const plans = series.map((values) => {
    const length = values.length;
    if (length < minimumTrainingLength(lookback, horizon)) {
      throw new RangeError(
        `buildTrainingWindows: a series of ${length} points is shorter than ${minimumTrainingLength(lookback, horizon)}`,
      );
    }
    const firstValOrigin = length - horizon - validationCount(length, lookback, horizon) + 1;
    return { values, length, firstValOrigin, floor: scaleFloor(values) };
  });

  const trainCount = plans.reduce((sum, p) => sum + (p.firstValOrigin - horizon - lookback + 1), 0);
  const valCount = plans.reduce((sum, p) => sum + (p.length - horizon - p.firstValOrigin + 1), 0);
  const train = emptySet(trainCount, lookback, horizon);
  const val = emptySet(valCount, lookback, horizon);

  let trainRow = 0;
  let valRow = 0;
  for (const { values, length, firstValOrigin, floor } of plans) {
    for (let origin = lookback; origin <= firstValOrigin - horizon; origin += 1) {
      fillWindow(values, origin, lookback, horizon, floor, train, trainRow);
      trainRow += 1;
    }
    for (let origin = firstValOrigin; origin <= length - horizon; origin += 1) {
      fillWindow(values, origin, lookback, horizon, floor, val, valRow);
      valRow += 1;
    }
  }
  return { lookback, horizon, train, val };
}

export interface InputWindows {
  /** count × lookback, row-major, standardised. */
  inputs: Float32Array;
  /** Per series, to map standardised outputs back. */
  scales: WindowScale[];
}

/** The last `lookback` values of each series, standardised, for forecasting after its end. */
export function buildInputWindows(
  series: readonly (readonly number[])[],
  lookback: number,
): InputWindows {
  const inputs = new Float32Array(series.length * lookback);
  const scales = series.map((values, row) => {
    const origin = values.length;
    const scale = windowScale(values, origin - lookback, origin, scaleFloor(values));
    for (let i = 0; i < lookback; i += 1) {
      inputs[row * lookback + i] = standardize(values[origin - lookback + i] as number, scale);
    }
    return scale;
  });
  return { inputs, scales };
}
