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
  /** count × inputSize (lookback values, then calendar features), row-major. */
  inputs: Float32Array;
  /** count × horizon, row-major. */
  targets: Float32Array;
  count: number;
}

export interface TrainingWindows {
  lookback: number;
  horizon: number;
  /** lookback + calendar features. */
  inputSize: number;
  train: WindowSet;
  val: WindowSet;
}

/**
 * Calendar features of a window: sin/cos of the season phase of its first target step (two
 * harmonics when the season has at least 4 steps). `phase` = position in the season of the
 * series' first value; a series' step t then sits at (phase + t) mod m.
 */
export interface CalendarOptions {
  seasonality: number;
  /** Per series, position in the season of its first value (0..m−1). Default 0 for every series. */
  phases?: readonly number[];
  /** Keep only the most recent training origins of each series (speed on long series). */
  maxOriginsPerSeries?: number;
}

/** Calendar features per window for season length m: 0, 2 or 4. */
export function calendarFeatureCount(seasonality: number): number {
  if (seasonality <= 1) return 0;
  return seasonality >= 4 ? 4 : 2;
}

function fillCalendar(
  target: Float32Array,
  offset: number,
  seasonality: number,
  position: number,
): void {
  const count = calendarFeatureCount(seasonality);
  const angle =
    (2 * Math.PI * (((position % seasonality) + seasonality) % seasonality)) / seasonality;
  for (let k = 0; k < count / 2; k += 1) {
    target[offset + 2 * k] = Math.sin((k + 1) * angle);
    target[offset + 2 * k + 1] = Math.cos((k + 1) * angle);
  }
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
  calendar: { seasonality: number; phase: number; inputSize: number },
): void {
  const scale = windowScale(values, origin - lookback, origin, floor);
  const inputOffset = row * calendar.inputSize;
  for (let i = 0; i < lookback; i += 1) {
    set.inputs[inputOffset + i] = standardize(values[origin - lookback + i] as number, scale);
  }
  fillCalendar(set.inputs, inputOffset + lookback, calendar.seasonality, calendar.phase + origin);
  const targetOffset = row * horizon;
  for (let h = 0; h < horizon; h += 1) {
    set.targets[targetOffset + h] = standardize(values[origin + h] as number, scale);
  }
}

function emptySet(count: number, inputSize: number, horizon: number): WindowSet {
  return {
    inputs: new Float32Array(count * inputSize),
    targets: new Float32Array(count * horizon),
    count,
  };
}

/** Builds standardised training and validation windows from every series. */
export function buildTrainingWindows(
  series: readonly (readonly number[])[],
  lookback: number,
  horizon: number,
  calendar: CalendarOptions = { seasonality: 1 },
): TrainingWindows {
  const inputSize = lookback + calendarFeatureCount(calendar.seasonality);
  const maxOrigins = calendar.maxOriginsPerSeries ?? Number.POSITIVE_INFINITY;
  const plans = series.map((values, index) => {
    const length = values.length;
    if (length < minimumTrainingLength(lookback, horizon)) {
      throw new RangeError(
        `buildTrainingWindows: a series of ${length} points is shorter than ${minimumTrainingLength(lookback, horizon)}`,
      );
    }
    const firstValOrigin = length - horizon - validationCount(length, lookback, horizon) + 1;
    const lastTrainOrigin = firstValOrigin - horizon;
    const firstTrainOrigin = Math.max(lookback, lastTrainOrigin - maxOrigins + 1);
    const phase = calendar.phases?.[index] ?? 0;
    return { values, length, firstValOrigin, firstTrainOrigin, floor: scaleFloor(values), phase };
  });

  const trainCount = plans.reduce(
    (sum, p) => sum + (p.firstValOrigin - horizon - p.firstTrainOrigin + 1),
    0,
  );
  const valCount = plans.reduce((sum, p) => sum + (p.length - horizon - p.firstValOrigin + 1), 0);
  const train = emptySet(trainCount, inputSize, horizon);
  const val = emptySet(valCount, inputSize, horizon);

  let trainRow = 0;
  let valRow = 0;
  for (const { values, length, firstValOrigin, firstTrainOrigin, floor, phase } of plans) {
    const cal = { seasonality: calendar.seasonality, phase, inputSize };
    for (let origin = firstTrainOrigin; origin <= firstValOrigin - horizon; origin += 1) {
      fillWindow(values, origin, lookback, horizon, floor, train, trainRow, cal);
      trainRow += 1;
    }
    for (let origin = firstValOrigin; origin <= length - horizon; origin += 1) {
      fillWindow(values, origin, lookback, horizon, floor, val, valRow, cal);
      valRow += 1;
    }
  }
  return { lookback, horizon, inputSize, train, val };
}

export interface InputWindows {
  /** count × inputSize, row-major, standardised values then calendar features. */
  inputs: Float32Array;
  /** Per series, to map standardised outputs back. */
  scales: WindowScale[];
}

/** The last `lookback` values of each series, standardised, for forecasting after its end. */
export function buildInputWindows(
  series: readonly (readonly number[])[],
  lookback: number,
  calendar: CalendarOptions = { seasonality: 1 },
): InputWindows {
  const inputSize = lookback + calendarFeatureCount(calendar.seasonality);
  const inputs = new Float32Array(series.length * inputSize);
  const scales = series.map((values, row) => {
    const origin = values.length;
    const scale = windowScale(values, origin - lookback, origin, scaleFloor(values));
    for (let i = 0; i < lookback; i += 1) {
      inputs[row * inputSize + i] = standardize(values[origin - lookback + i] as number, scale);
    }
    fillCalendar(
      inputs,
      row * inputSize + lookback,
      calendar.seasonality,
      (calendar.phases?.[row] ?? 0) + origin,
    );
    return scale;
  });
  return { inputs, scales };
}
