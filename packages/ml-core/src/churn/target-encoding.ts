/**
 * Smoothed target (churn-rate) encoding of a categorical key: (sum + s·prior) / (count + s), so a
 * rare level is pulled towards the base rate. The training rows get out-of-fold values (each row's
 * encoding is computed without the rows of its fold, prior included) so a model cannot learn a
 * row's own label through its encoding. Shared by the encoder (high-cardinality columns) and the
 * tree features of the gradient-boosted candidate (every categorical column).
 */

/** Pseudo-count of the prior in the smoothed mean. */
export const TARGET_SMOOTHING = 20;
/** Folds of the out-of-fold encodings of the training rows. */
export const TARGET_FOLDS = 5;

export interface TargetStats<K> {
  /** Mean label over all rows (missing keys included). */
  prior: number;
  stats: Map<K, { sum: number; count: number }>;
}

/** Per-key label sums and counts over the rows; `null` keys count towards the prior only. */
export function targetStats<K>(keys: readonly (K | null)[], y: ArrayLike<number>): TargetStats<K> {
  const stats = new Map<K, { sum: number; count: number }>();
  let sum = 0;
  for (let i = 0; i < keys.length; i += 1) {
    const label = y[i] as number;
    sum += label;
    const key = keys[i] ?? null;
    if (key === null) continue;
    const stat = stats.get(key) ?? { sum: 0, count: 0 };
    stat.sum += label;
    stat.count += 1;
    stats.set(key, stat);
  }
  return { prior: keys.length > 0 ? sum / keys.length : 0, stats };
}

/** The smoothed churn rate of `key` (the prior for a missing or unseen key). */
export function smoothedTargetMean<K>(
  target: TargetStats<K>,
  key: K | null,
  smoothing = TARGET_SMOOTHING,
): number {
  const stat = key === null ? undefined : target.stats.get(key);
  return ((stat?.sum ?? 0) + smoothing * target.prior) / ((stat?.count ?? 0) + smoothing);
}

/**
 * Out-of-fold smoothed churn rates of the rows: row i is encoded from the rows of the other folds
 * (`folds[i]` in 0..nFolds−1), its prior from those rows too. `all` are the statistics of every
 * row (computed here when not given).
 */
export function outOfFoldTargetMeans<K>(
  keys: readonly (K | null)[],
  y: ArrayLike<number>,
  folds: Int32Array,
  nFolds = TARGET_FOLDS,
  all: TargetStats<K> = targetStats(keys, y),
  smoothing = TARGET_SMOOTHING,
): Float64Array {
  const n = keys.length;
  const foldStats = Array.from(
    { length: nFolds },
    () => new Map<K, { sum: number; count: number }>(),
  );
  const foldSums = new Float64Array(nFolds);
  const foldCounts = new Float64Array(nFolds);
  for (let i = 0; i < n; i += 1) {
    const fold = folds[i] as number;
    const label = y[i] as number;
    foldSums[fold] = (foldSums[fold] as number) + label;
    foldCounts[fold] = (foldCounts[fold] as number) + 1;
    const key = keys[i] ?? null;
    if (key === null) continue;
    const map = foldStats[fold] as Map<K, { sum: number; count: number }>;
    const stat = map.get(key) ?? { sum: 0, count: 0 };
    stat.sum += label;
    stat.count += 1;
    map.set(key, stat);
  }
  const values = new Float64Array(n);
  for (let i = 0; i < n; i += 1) {
    const fold = folds[i] as number;
    const key = keys[i] ?? null;
    const allStat = key === null ? undefined : all.stats.get(key);
    const foldStat =
      key === null
        ? undefined
        : (foldStats[fold] as Map<K, { sum: number; count: number }>).get(key);
    const sum = (allStat?.sum ?? 0) - (foldStat?.sum ?? 0);
    const count = (allStat?.count ?? 0) - (foldStat?.count ?? 0);
    const otherRows = n - (foldCounts[fold] as number);
    const prior =
      otherRows > 0 ? (all.prior * n - (foldSums[fold] as number)) / otherRows : all.prior;
    values[i] = (sum + smoothing * prior) / (count + smoothing);
  }
  return values;
}
