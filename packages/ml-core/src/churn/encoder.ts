/**
 * Turns typed feature columns into a dense standardised matrix: numerics (log1p when heavily
 * right-skewed, clipped to the 0.5–99.5% range, median-imputed with a missing indicator,
 * standardised), categoricals one-hot over their frequent levels (+ `other`, + `missing`) and, for
 * high-cardinality ones, a smoothed out-of-fold target encoding. Everything is fitted on the
 * training rows only.
 */
import type { Random } from '../common/random';
import {
  outOfFoldTargetMeans,
  smoothedTargetMean,
  TARGET_FOLDS,
  targetStats,
  type TargetStats,
} from './target-encoding';
import type { ChurnFeatureType } from './types';

export interface FeatureColumn {
  name: string;
  type: ChurnFeatureType;
  /** numeric, boolean, date and derived columns: NaN = missing. */
  numbers?: Float64Array;
  /** categorical columns: null = missing. */
  strings?: (string | null)[];
}

/** One input feature's block of encoded columns: [start, end). */
export interface FeatureGroup {
  name: string;
  start: number;
  end: number;
}

/** Where a categorical feature's one-hot slots and target encoding sit in the encoded matrix. */
export interface CategoricalBlock {
  /** Index of the feature in `groups`. */
  group: number;
  /** The one-hot slots (frequent levels, then `other`, then `missing`): columns [start, end). */
  slotStart: number;
  slotEnd: number;
  /** The (standardised) target-encoding column of a high-cardinality feature, else −1. */
  targetColumn: number;
}

export interface Encoder {
  width: number;
  groups: FeatureGroup[];
  /** The categorical features' blocks, in feature order. */
  categoricals: CategoricalBlock[];
  /** Fold (0..TARGET_FOLDS−1) of each training row in the out-of-fold target encodings. */
  trainFolds: Int32Array;
  /** Encoded column names, e.g. `plan=basic`, `tenure`, `tenure (missing)`. */
  columnNames: string[];
  /** Encoded columns holding a standardised numeric value (not indicators or one-hots). */
  numericColumns: number[];
  /** Mean of each encoded column over the training rows (the reference of driver attributions). */
  means: Float32Array;
  /** The training rows' matrix (target encodings out-of-fold). */
  trainMatrix: Float32Array;
  /** Encodes `rows` of `columns` (same columns as at fit), row-major rows × width. */
  encode(columns: readonly FeatureColumn[], rows: ArrayLike<number>): Float32Array;
}

/** Most one-hot levels per categorical column; rarer levels share `other`. */
export const MAX_ONE_HOT_LEVELS = 30;
const MIN_LEVEL_COUNT = 5;

interface NumericSpec {
  kind: 'numeric';
  log: boolean;
  lo: number;
  hi: number;
  median: number;
  mean: number;
  std: number;
  missingIndicator: boolean;
}

interface CategoricalSpec {
  kind: 'categorical';
  levels: Map<string, number>;
  other: boolean;
  missing: boolean;
  target: (TargetStats<string> & { mean: number; std: number }) | null;
}

type Spec = NumericSpec | CategoricalSpec;

function sortedQuantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return 0;
  const position = q * (sorted.length - 1);
  const lower = Math.floor(position);
  const upper = Math.min(lower + 1, sorted.length - 1);
  return (
    (sorted[lower] as number) +
    ((sorted[upper] as number) - (sorted[lower] as number)) * (position - lower)
  );
}

function fitNumeric(values: Float64Array, rows: ArrayLike<number>): NumericSpec {
  const present: number[] = [];
  for (let i = 0; i < rows.length; i += 1) {
    const v = values[rows[i] as number] as number;
    if (Number.isFinite(v)) present.push(v);
  }
  const missingIndicator = present.length < rows.length;
  if (present.length === 0) {
    return {
      kind: 'numeric',
      log: false,
      lo: 0,
      hi: 0,
      median: 0,
      mean: 0,
      std: 1,
      missingIndicator,
    };
  }
  let min = Number.POSITIVE_INFINITY;
  let mean = 0;
  for (const v of present) {
    if (v < min) min = v;
    mean += v;
  }
  mean /= present.length;
  let m2 = 0;
  let m3 = 0;
  for (const v of present) {
    const d = v - mean;
    m2 += d * d;
    m3 += d * d * d;
  }
  m2 /= present.length;
  m3 /= present.length;
  const skew = m2 > 0 ? m3 / m2 ** 1.5 : 0;
  const log = min >= 0 && skew > 2;
  const transformed = Float64Array.from(present, (v) => (log ? Math.log1p(v) : v)).sort();
  const lo = sortedQuantile(transformed, 0.005);
  const hi = sortedQuantile(transformed, 0.995);
  const median = sortedQuantile(transformed, 0.5);
  let sum = 0;
  let sumSquares = 0;
  for (const raw of transformed) {
    const v = Math.min(Math.max(raw, lo), hi);
    sum += v;
    sumSquares += v * v;
  }
  const tMean = sum / transformed.length;
  const variance = sumSquares / transformed.length - tMean * tMean;
  const std = variance > 1e-12 ? Math.sqrt(variance) : 1;
  return { kind: 'numeric', log, lo, hi, median, mean: tMean, std, missingIndicator };
}

function encodeNumeric(spec: NumericSpec, raw: number): [number, number] {
  if (!Number.isFinite(raw)) return [(spec.median - spec.mean) / spec.std, 1];
  const t = spec.log ? Math.log1p(Math.max(raw, 0)) : raw;
  return [(Math.min(Math.max(t, spec.lo), spec.hi) - spec.mean) / spec.std, 0];
}

function fitCategorical(
  strings: readonly (string | null)[],
  rows: ArrayLike<number>,
  labels: Float64Array,
): CategoricalSpec {
  const counts = new Map<string, number>();
  let missing = false;
  for (let i = 0; i < rows.length; i += 1) {
    const key = strings[rows[i] as number] ?? null;
    if (key === null) missing = true;
    else counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const ranked = [...counts.entries()]
    .filter(([, count]) => count >= MIN_LEVEL_COUNT)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, MAX_ONE_HOT_LEVELS);
  const levels = new Map(ranked.map(([key], index) => [key, index]));
  const other = counts.size > levels.size;
  let target: CategoricalSpec['target'] = null;
  if (counts.size > MAX_ONE_HOT_LEVELS) {
    const keys = Array.from({ length: rows.length }, (_, i) => strings[rows[i] as number] ?? null);
    const y = Float64Array.from(
      { length: rows.length },
      (_, i) => labels[rows[i] as number] as number,
    );
    target = { ...targetStats(keys, y), mean: 0, std: 1 };
  }
  return { kind: 'categorical', levels, other, missing, target };
}

function specWidth(spec: Spec): number {
  if (spec.kind === 'numeric') return spec.missingIndicator ? 2 : 1;
  return spec.levels.size + (spec.other ? 1 : 0) + (spec.missing ? 1 : 0) + (spec.target ? 1 : 0);
}

function specNames(name: string, spec: Spec): string[] {
  if (spec.kind === 'numeric') return spec.missingIndicator ? [name, `${name} (missing)`] : [name];
  const names = [...spec.levels.keys()].map((level) => `${name}=${level}`);
  if (spec.other) names.push(`${name}=(other)`);
  if (spec.missing) names.push(`${name}=(missing)`);
  if (spec.target) names.push(`${name} (churn rate)`);
  return names;
}

/** Writes one categorical value into `out` at `offset`; `targetOverride` replaces the encoding. */
function writeCategorical(
  spec: CategoricalSpec,
  key: string | null,
  out: Float32Array,
  offset: number,
  targetOverride?: number,
): void {
  const width = specWidth(spec);
  out.fill(0, offset, offset + width);
  if (key === null) {
    if (spec.missing) out[offset + spec.levels.size + (spec.other ? 1 : 0)] = 1;
  } else {
    const level = spec.levels.get(key);
    if (level !== undefined) out[offset + level] = 1;
    else if (spec.other) out[offset + spec.levels.size] = 1;
  }
  if (spec.target) {
    const raw = targetOverride ?? smoothedTargetMean(spec.target, key);
    out[offset + width - 1] = (raw - spec.target.mean) / spec.target.std;
  }
}

/**
 * Fits the encoder on `trainRows` of `columns` (labels feed the target encodings of
 * high-cardinality categoricals, out-of-fold on the training rows) and encodes those rows.
 */
export function fitEncoder(
  columns: readonly FeatureColumn[],
  trainRows: Int32Array,
  labels: Float64Array,
  random: Random,
): Encoder {
  const specs: Spec[] = columns.map((column) =>
    column.strings
      ? fitCategorical(column.strings, trainRows, labels)
      : fitNumeric(column.numbers as Float64Array, trainRows),
  );
  const groups: FeatureGroup[] = [];
  const columnNames: string[] = [];
  let width = 0;
  specs.forEach((spec, c) => {
    const name = (columns[c] as FeatureColumn).name;
    groups.push({ name, start: width, end: width + specWidth(spec) });
    columnNames.push(...specNames(name, spec));
    width += specWidth(spec);
  });

  // Out-of-fold target encodings for the training rows, then their mean/std for scaling.
  const folds = new Int32Array(trainRows.length);
  const order = random.permutation(trainRows.length);
  for (let i = 0; i < order.length; i += 1) folds[order[i] as number] = i % TARGET_FOLDS;
  const outOfFold = new Map<number, Float64Array>();
  const yTrain = Float64Array.from(trainRows, (row) => labels[row] as number);
  specs.forEach((spec, c) => {
    if (spec.kind !== 'categorical' || spec.target === null) return;
    const strings = (columns[c] as FeatureColumn).strings as (string | null)[];
    const target = spec.target;
    const values = outOfFoldTargetMeans(
      Array.from(trainRows, (row) => strings[row] ?? null),
      yTrain,
      folds,
      TARGET_FOLDS,
      target,
    );
    let mean = 0;
    for (const v of values) mean += v;
    mean /= values.length;
    let variance = 0;
    for (const v of values) variance += (v - mean) ** 2;
    variance /= values.length;
    target.mean = mean;
    target.std = variance > 1e-12 ? Math.sqrt(variance) : 1;
    outOfFold.set(c, values);
  });

  const encodeRows = (
    cols: readonly FeatureColumn[],
    rows: ArrayLike<number>,
    useOutOfFold: boolean,
  ): Float32Array => {
    const out = new Float32Array(rows.length * width);
    specs.forEach((spec, c) => {
      const column = cols[c] as FeatureColumn;
      const offset = (groups[c] as FeatureGroup).start;
      if (spec.kind === 'numeric') {
        const numbers = column.numbers as Float64Array;
        for (let i = 0; i < rows.length; i += 1) {
          const [value, isMissing] = encodeNumeric(spec, numbers[rows[i] as number] as number);
          out[i * width + offset] = value;
          if (spec.missingIndicator) out[i * width + offset + 1] = isMissing;
        }
      } else {
        const strings = column.strings as (string | null)[];
        const oof = useOutOfFold ? outOfFold.get(c) : undefined;
        for (let i = 0; i < rows.length; i += 1) {
          writeCategorical(
            spec,
            strings[rows[i] as number] ?? null,
            out,
            i * width + offset,
            oof?.[i],
          );
        }
      }
    });
    return out;
  };

  const trainMatrix = encodeRows(columns, trainRows, true);
  const means = new Float32Array(width);
  const n = trainRows.length;
  for (let i = 0; i < n; i += 1) {
    for (let j = 0; j < width; j += 1)
      means[j] = (means[j] as number) + (trainMatrix[i * width + j] as number);
  }
  for (let j = 0; j < width; j += 1) means[j] = (means[j] as number) / Math.max(n, 1);

  const numericColumns: number[] = [];
  const categoricals: CategoricalBlock[] = [];
  specs.forEach((spec, c) => {
    const { start, end } = groups[c] as FeatureGroup;
    if (spec.kind === 'numeric') numericColumns.push(start);
    else {
      const targetColumn = spec.target ? end - 1 : -1;
      categoricals.push({
        group: c,
        slotStart: start,
        slotEnd: spec.target ? end - 1 : end,
        targetColumn,
      });
    }
  });
  return {
    width,
    groups,
    categoricals,
    trainFolds: folds,
    columnNames,
    numericColumns,
    means,
    trainMatrix,
    encode: (cols, rows) => encodeRows(cols, rows, false),
  };
}
