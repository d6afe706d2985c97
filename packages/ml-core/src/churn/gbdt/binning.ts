/**
 * Feature binning for histogram gradient boosting: each column of a row-major float matrix gets
 * at most `maxBins − 1` value bins cut at training quantiles (every distinct value its own bin
 * when there are few), plus bin 0 for missing values (NaN). Trees split on bin indices while
 * training and on the stored upper edges (raw values) when predicting, so scoring needs no
 * binning.
 */

/** Most bins per feature, the missing bin included (a bin index fits in a byte). */
export const MAX_BINS = 256;
/** Bin index of missing (NaN) values. */
export const MISSING_BIN = 0;

export interface FeatureBins {
  /**
   * Per feature, ascending upper edges: a present value v lies in bin 1 + (number of edges < v),
   * so bin b (1-based) holds edges[b−2] < v ≤ edges[b−1]; the last bin is open above.
   */
  edges: Float64Array[];
  /** Bins per feature including the missing bin: edges.length + 2. */
  counts: Int32Array;
  width: number;
}

/** Smallest index k with sorted[k] ≥ v (binary search), i.e. the number of entries < v. */
function countBelow(sorted: Float64Array, v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] as number) < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Upper bin edges of one column's present values, ascending: midpoints between neighbouring
 * distinct values, all of them when there are at most `valueBins` distinct values, else at
 * count quantiles (a heavy value keeps a bin of its own).
 */
function columnEdges(sorted: Float64Array, valueBins: number): Float64Array {
  const n = sorted.length;
  if (n === 0) return new Float64Array(0);
  const distinct: number[] = [];
  const counts: number[] = [];
  for (let i = 0; i < n; i += 1) {
    const v = sorted[i] as number;
    if (distinct.length > 0 && v === distinct[distinct.length - 1]) {
      counts[counts.length - 1] = (counts[counts.length - 1] as number) + 1;
    } else {
      distinct.push(v);
      counts.push(1);
    }
  }
  const edges: number[] = [];
  const midpoint = (k: number): number =>
    ((distinct[k] as number) + (distinct[k + 1] as number)) / 2;
  if (distinct.length <= valueBins) {
    for (let k = 0; k + 1 < distinct.length; k += 1) edges.push(midpoint(k));
    return Float64Array.from(edges);
  }
  // Greedy quantile cuts over distinct values: close a bin once it holds ≥ n / valueBins rows.
  const target = n / valueBins;
  let inBin = 0;
  let remaining = n;
  for (let k = 0; k + 1 < distinct.length; k += 1) {
    const count = counts[k] as number;
    inBin += count;
    remaining -= count;
    const binsLeft = valueBins - edges.length - 1;
    if (binsLeft <= 0) break;
    // Cut when this bin is full, or when the next value alone would overfill it.
    if (inBin >= target || inBin + (counts[k + 1] as number) > 2 * target) {
      edges.push(midpoint(k));
      inBin = 0;
    }
    if (remaining <= 0) break;
  }
  return Float64Array.from(edges);
}

/**
 * Fits bin edges on `rows` rows of the row-major `rows × width` matrix `x` (NaN = missing).
 * `maxBins` counts the missing bin, so at most `maxBins − 1` value bins per feature.
 */
export function fitBins(
  x: Float32Array,
  rows: number,
  width: number,
  maxBins = MAX_BINS,
): FeatureBins {
  if (maxBins < 3 || maxBins > MAX_BINS) {
    throw new RangeError(`fitBins: maxBins must be in 3..${MAX_BINS}, got ${maxBins}`);
  }
  const edges: Float64Array[] = [];
  const counts = new Int32Array(width);
  const column = new Float64Array(rows);
  for (let j = 0; j < width; j += 1) {
    let present = 0;
    for (let i = 0; i < rows; i += 1) {
      const v = x[i * width + j] as number;
      if (v === v) {
        column[present] = v;
        present += 1;
      }
    }
    const sorted = column.subarray(0, present).sort();
    const e = columnEdges(sorted, maxBins - 1);
    edges.push(e);
    counts[j] = e.length + 2;
  }
  return { edges, counts, width };
}

/** Bin index of value `v` of feature `j` (0 for NaN). */
export function binOf(bins: FeatureBins, j: number, v: number): number {
  if (v !== v) return MISSING_BIN;
  return 1 + countBelow(bins.edges[j] as Float64Array, v);
}

/** Bins a row-major `rows × width` matrix into a row-major byte matrix of bin indices. */
export function binMatrix(bins: FeatureBins, x: Float32Array, rows: number): Uint8Array {
  const { width } = bins;
  const out = new Uint8Array(rows * width);
  for (let j = 0; j < width; j += 1) {
    const e = bins.edges[j] as Float64Array;
    const n = e.length;
    // Few edges: a linear scan beats the binary search.
    for (let i = 0; i < rows; i += 1) {
      const v = x[i * width + j] as number;
      let b: number;
      if (v !== v) b = MISSING_BIN;
      else if (n <= 8) {
        b = 1;
        while (b - 1 < n && (e[b - 1] as number) < v) b += 1;
      } else b = 1 + countBelow(e, v);
      out[i * width + j] = b;
    }
  }
  return out;
}
