import { quantileOfSorted } from '../common/quantiles';
import type { CashFanPoint, CashOutProbability, CashOutSummary, RunwayDistribution } from './types';

/** Months of the headline cash-out probabilities. */
export const CASH_OUT_SUMMARY_MONTHS = [3, 6, 12, 18] as const;

/**
 * Type-7 quantile of sorted values that may end in +Infinity ("never within the horizon"): null
 * when the quantile involves an infinite value.
 */
export function quantileOrNull(sorted: Float64Array, q: number): number | null {
  const position = q * (sorted.length - 1);
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  const lower = sorted[below] as number;
  const upper = sorted[above] as number;
  if (!Number.isFinite(lower)) return null;
  if (position === below) return lower;
  if (!Number.isFinite(upper)) return null;
  return lower + (upper - lower) * (position - below);
}

/** p10/p50/p90 of the balance at the end of each month, from path-major cash paths. */
export function cashFan(
  cash: Float64Array,
  paths: number,
  horizon: number,
  dates?: readonly string[],
): CashFanPoint[] {
  const column = new Float64Array(paths);
  const fan: CashFanPoint[] = [];
  for (let h = 0; h < horizon; h += 1) {
    for (let p = 0; p < paths; p += 1) column[p] = cash[p * horizon + h] as number;
    column.sort();
    const date = dates?.[h];
    fan.push({
      month: h + 1,
      ...(date === undefined ? {} : { date }),
      p10: quantileOfSorted(column, 0.1),
      p50: quantileOfSorted(column, 0.5),
      p90: quantileOfSorted(column, 0.9),
    });
  }
  return fan;
}

/** Runway quantiles from per-path runways (+Infinity = cash never below zero in the horizon). */
export function runwayDistribution(runways: Float64Array, horizon: number): RunwayDistribution {
  const sorted = Float64Array.from(runways).sort();
  let beyond = 0;
  for (const value of sorted) if (value === Number.POSITIVE_INFINITY) beyond += 1;
  return {
    p10: quantileOrNull(sorted, 0.1),
    p50: quantileOrNull(sorted, 0.5),
    p90: quantileOrNull(sorted, 0.9),
    shareBeyondHorizon: beyond / sorted.length,
    horizon,
  };
}

/**
 * P(cash < 0 at the end of some month <= m) for m = 1..horizon, from each path's first month
 * (1-based) with a negative balance (0 = already negative now, > horizon = never).
 */
export function cashOutProbabilities(
  firstNegativeMonth: Int32Array,
  horizon: number,
): CashOutProbability[] {
  const counts = new Float64Array(horizon + 1);
  for (const month of firstNegativeMonth) {
    const bucket = Math.min(Math.max(month, 1), horizon + 1) - 1;
    counts[bucket] = (counts[bucket] as number) + 1;
  }
  const probabilities: CashOutProbability[] = [];
  let cumulative = 0;
  for (let m = 1; m <= horizon; m += 1) {
    cumulative += counts[m - 1] as number;
    probabilities.push({ month: m, p: cumulative / firstNegativeMonth.length });
  }
  return probabilities;
}

/** The 3/6/12/18-month probabilities; null beyond the horizon. */
export function cashOutSummary(probabilities: readonly CashOutProbability[]): CashOutSummary {
  const at = (month: number): number | null => probabilities[month - 1]?.p ?? null;
  return { 3: at(3), 6: at(6), 12: at(12), 18: at(18) };
}
