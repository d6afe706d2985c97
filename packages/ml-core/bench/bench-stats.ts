/** Summary statistics the benchmarks share; each ignores non-finite values (NaN when none left). */

const finite = (values: readonly number[]): number[] => values.filter((v) => Number.isFinite(v));

export function mean(values: readonly number[]): number {
  const kept = finite(values);
  return kept.length === 0 ? Number.NaN : kept.reduce((a, b) => a + b, 0) / kept.length;
}

/** Geometric mean of the positive finite values. */
export function geometricMean(values: readonly number[]): number {
  const kept = finite(values).filter((v) => v > 0);
  if (kept.length === 0) return Number.NaN;
  return Math.exp(kept.reduce((a, v) => a + Math.log(v), 0) / kept.length);
}

export function median(values: readonly number[]): number {
  const sorted = finite(values).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** Share of `flags` that are true, or NaN for none. */
export function share(flags: readonly boolean[]): number {
  return flags.length === 0 ? Number.NaN : flags.filter(Boolean).length / flags.length;
}
