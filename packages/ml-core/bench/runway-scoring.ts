/**
 * Scores a runway assessment against a startup's true future: the realised runway (the product's
 * definition), whether it lies inside [p10, p90] with censoring at the horizon handled, the p50
 * and constant-burn errors, and the revenue/expense forecast error relative to carrying the last
 * observed value forward.
 */
import type { RunwayAssessment } from '../src/risk/types';
import { geometricMean, median, share } from './bench-stats';
import type { Startup } from './generate-startups';

/** Monthly revenue growth above which a company counts as growing. */
export const GROWING_RATE = 0.02;

export interface CompanyScore {
  id: string;
  profile: string;
  /** Observed monthly revenue growth: mean of the last 3 vs the first 3 months, compounded. */
  observedGrowth: number;
  growing: boolean;
  currentCash: number;
  /** Runway the generator aimed the cash at (the realised one is this or later). */
  targetRunway: number;
  /** Realised runway in months, or null when cash lasts beyond the horizon (censored). */
  realised: number | null;
  runway: { p10: number | null; p50: number | null; p90: number | null };
  /** Realised runway inside [p10, p90]; a null quantile is "beyond the horizon". */
  inside: boolean;
  p50Error: number | null;
  constantBurn: number | null;
  constantBurnError: number | null;
  /** |min(x, H) − min(realised, H)| with null = H: comparable over every company. */
  p50CappedError: number;
  constantBurnCappedError: number;
  /** Forecast MAE over the future ÷ MAE of the last observed value carried forward. */
  revenueRatio: number;
  expenseRatio: number;
  seconds: number;
}

/**
 * Months until the balance first goes below zero, interpolated inside the crossing month exactly
 * like the product (`h + balance / (balance − next)`); null when it stays >= 0 (censored).
 */
export function realisedRunway(
  currentCash: number,
  revenue: readonly number[],
  expenses: readonly number[],
): number | null {
  let balance = currentCash;
  if (balance < 0) return 0;
  for (let h = 0; h < revenue.length; h += 1) {
    const cost = expenses[h] as number;
    const next = balance + (revenue[h] as number) - (cost > 0 ? cost : 0);
    if (next < 0) return h + balance / (balance - next);
    balance = next;
  }
  return null;
}

/** Inside [p10, p90] where null bounds mean "beyond the horizon" and null realised is too. */
export function insideBand(
  realised: number | null,
  p10: number | null,
  p90: number | null,
): boolean {
  if (realised === null) return p90 === null;
  return p10 !== null && p10 <= realised && (p90 === null || realised <= p90);
}

function observedGrowth(revenue: readonly number[]): number {
  const avg = (values: readonly number[]): number =>
    values.reduce((a, b) => a + b, 0) / values.length;
  const first = avg(revenue.slice(0, 3));
  const last = avg(revenue.slice(-3));
  return first > 0 && last > 0 ? (last / first) ** (1 / (revenue.length - 3)) - 1 : Number.NaN;
}

/** MAE of `forecast` over `actual` ÷ MAE of repeating `last`. */
function ratioToLastValue(forecast: readonly number[], actual: readonly number[], last: number) {
  let model = 0;
  let naive = 0;
  actual.forEach((a, h) => {
    model += Math.abs(a - (forecast[h] ?? Number.NaN));
    naive += Math.abs(a - last);
  });
  return naive > 0 ? model / naive : Number.NaN;
}

const capped = (value: number | null, horizon: number): number =>
  value === null ? horizon : Math.min(value, horizon);
const absError = (a: number | null, b: number | null): number | null =>
  a === null || b === null ? null : Math.abs(a - b);

/** Scores `assessment` on the first `horizon` months of the startup's true future. */
export function scoreCompany(
  startup: Startup,
  assessment: RunwayAssessment,
  horizon: number,
  seconds: number,
): CompanyScore {
  const { history, currentCash } = startup;
  const future = {
    revenue: startup.future.revenue.slice(0, horizon),
    expenses: startup.future.expenses.slice(0, horizon),
  };
  const realised = realisedRunway(currentCash, future.revenue, future.expenses);
  const { p10, p50, p90 } = assessment.runway;
  const constantBurn = assessment.constantBurn.runwayMonths;
  const growth = observedGrowth(history.revenue);
  return {
    id: startup.id,
    profile: startup.profile,
    observedGrowth: growth,
    growing: growth > GROWING_RATE,
    currentCash,
    targetRunway: startup.targetRunway,
    realised,
    runway: { p10, p50, p90 },
    inside: insideBand(realised, p10, p90),
    p50Error: absError(p50, realised),
    constantBurn,
    constantBurnError: absError(constantBurn, realised),
    p50CappedError: Math.abs(capped(p50, horizon) - capped(realised, horizon)),
    constantBurnCappedError: Math.abs(capped(constantBurn, horizon) - capped(realised, horizon)),
    revenueRatio: ratioToLastValue(
      assessment.forecast.revenue,
      future.revenue,
      history.revenue.at(-1) as number,
    ),
    expenseRatio: ratioToLastValue(
      assessment.forecast.expenses,
      future.expenses,
      history.expenses.at(-1) as number,
    ),
    seconds,
  };
}

const present = (values: readonly (number | null)[]): number[] =>
  values.filter((v): v is number => v !== null);

/** Forecast error ratios to last-value-carried-forward: median and geometric mean. */
function ratios(scores: readonly CompanyScore[]) {
  const summary = (pick: (s: CompanyScore) => number) => ({
    median: median(scores.map(pick)),
    geometricMean: geometricMean(scores.map(pick)),
  });
  return {
    companies: scores.length,
    revenue: summary((s) => s.revenueRatio),
    expenses: summary((s) => s.expenseRatio),
  };
}

export function summariseCompanies(scores: readonly CompanyScore[]) {
  const within = scores.filter((s) => s.realised !== null);
  const both = scores.filter((s) => s.p50Error !== null && s.constantBurnError !== null);
  const widths = present(
    scores.map((s) =>
      s.runway.p10 !== null && s.runway.p90 !== null ? s.runway.p90 - s.runway.p10 : null,
    ),
  );
  return {
    companies: scores.length,
    realisedWithinHorizon: within.length,
    coverageWithinHorizon: share(within.map((s) => s.inside)),
    coverageAll: share(scores.map((s) => s.inside)),
    p50: {
      medianAbsError: median(present(scores.map((s) => s.p50Error))),
      companies: present(scores.map((s) => s.p50Error)).length,
    },
    constantBurn: {
      medianAbsError: median(present(scores.map((s) => s.constantBurnError))),
      companies: present(scores.map((s) => s.constantBurnError)).length,
    },
    sameCompanies: {
      companies: both.length,
      p50MedianAbsError: median(both.map((s) => s.p50Error as number)),
      constantBurnMedianAbsError: median(both.map((s) => s.constantBurnError as number)),
    },
    cappedAtHorizon: {
      p50MedianAbsError: median(scores.map((s) => s.p50CappedError)),
      constantBurnMedianAbsError: median(scores.map((s) => s.constantBurnCappedError)),
    },
    bandWidth: { median: median(widths), companies: widths.length },
    forecastVsLastValue: {
      growing: ratios(scores.filter((s) => s.growing)),
      all: ratios(scores),
    },
  };
}

export type RunwaySummary = ReturnType<typeof summariseCompanies>;
