/** Empirical quantile (linear interpolation between order statistics, "type 7") of sorted values. */
export function quantileOfSorted(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) throw new RangeError('quantileOfSorted: no values');
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantileOfSorted: q must be in [0, 1], got ${q}`);
  const position = q * (sorted.length - 1);
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  const lower = sorted[below] as number;
  const upper = sorted[above] as number;
  return lower + (upper - lower) * (position - below);
}

/** Empirical quantile of unsorted values (copies, does not mutate). */
export function quantile(values: ArrayLike<number>, q: number): number {
  return quantileOfSorted(Float64Array.from(values).sort(), q);
}
