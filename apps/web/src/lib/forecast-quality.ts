import type { RouterOutputs } from '@foresight/api';
import { modelName } from './model-names';

type RiskMetrics = NonNullable<RouterOutputs['risk']['latest']['risk']>['metrics'];
export type SeriesQuality = NonNullable<RiskMetrics['forecastQuality']>[number];

/** A percentage already in % (6.2 → "6.2%", 12.4 → "12%"). */
export const formatPct = (v: number) =>
  `${Math.abs(v) >= 10 || Number.isInteger(v) ? Math.round(v) : v.toFixed(1)}%`;

/** A share 0–1 as a whole percentage (0.784 → "78%"). */
export const formatShare = (v: number) => `${Math.round(v * 100)}%`;

const SUBJECT: Record<SeriesQuality['series'], string> = {
  revenue: 'Revenue',
  expenses: 'Expense',
};

/** "40% lower than assuming no growth", "12% higher …", or null when there is nothing to compare. */
export function versusNoGrowth(errorPct: number, noGrowthErrorPct: number | null): string | null {
  if (noGrowthErrorPct === null || noGrowthErrorPct <= 0) return null;
  const change = Math.round((errorPct / noGrowthErrorPct - 1) * 100);
  if (change === 0) return 'about the same as assuming no growth';
  return `${Math.abs(change)}% ${change < 0 ? 'lower' : 'higher'} than assuming no growth`;
}

/**
 * One series' forecast quality in a founder's words: "Revenue forecast error 6% a month on the
 * last 6 months, 40% lower than assuming no growth (model: Exponential smoothing)."
 */
export function qualitySentence(q: SeriesQuality): string {
  const model = `(model: ${modelName(q.model, { label: q.model })})`;
  if (q.errorPct === null) {
    return `${SUBJECT[q.series]} forecast: too little history to measure its error ${model}.`;
  }
  const months = q.backtestMonths === 1 ? 'month' : `${q.backtestMonths} months`;
  const versus = versusNoGrowth(q.errorPct, q.noGrowthErrorPct);
  return (
    `${SUBJECT[q.series]} forecast error ${formatPct(q.errorPct)} a month on the last ${months}` +
    `${versus ? `, ${versus}` : ''} ${model}.`
  );
}

/** "The 80% range held the actual value 78% of the time in the backtest (target 80%)." */
export function coverageSentence(coverage: number | null, nominal = 0.8): string | null {
  if (coverage === null) return null;
  return (
    `The ${formatShare(nominal)} range held the actual value ${formatShare(coverage)} of the ` +
    `time in the backtest (target ${formatShare(nominal)}).`
  );
}

/**
 * Said when the backtest was shorter than the forecast: which months were checked and which are
 * extrapolated. Null when the whole horizon was checked (or the model does not say).
 */
export function backtestHorizonSentence(
  backtestHorizon: number | null | undefined,
  horizon: number,
  unit: { one: string; many: string } = { one: 'month', many: 'months' },
): string | null {
  if (backtestHorizon === null || backtestHorizon === undefined || backtestHorizon >= horizon) {
    return null;
  }
  const checked = backtestHorizon === 1 ? unit.one : `${backtestHorizon} ${unit.many}`;
  const beyond =
    backtestHorizon + 1 === horizon
      ? `${unit.one} ${horizon} ahead is`
      : `${unit.many} ${backtestHorizon + 1}–${horizon} ahead are`;
  return (
    `The history is too short to check the whole forecast: it was checked on the last ` +
    `${checked} only, so ${beyond} extrapolated, with a range that widens further out.`
  );
}
