import { checkNewestPoint, minimumBandPoints } from '@foresight/ml-core/anomaly';
import type { Evaluation, RuleOf } from '../rule-schema';
import { readSubject, withUnit } from './subject';
import { stateOnly, type EvaluatorInput, type RuleOutcome } from './types';
import { formatCoverage, formatNumber, formatPercent, formatRange, sentenceStart } from './wording';

const SIDE_WORDS = { above: 'above', below: 'below' } as const;

/**
 * Fires when the subject's newest point lies outside the calibrated one-step-ahead band its own
 * past gives it, on a side the rule watches. Period: the newest point's date (per subject).
 */
export async function evaluateMetricAnomaly({
  db,
  rule,
  spec,
}: EvaluatorInput<RuleOf<'metric_anomaly'>>): Promise<RuleOutcome> {
  const series = await readSubject(db, rule, spec.subject);
  if ('outcome' in series) return series.outcome;
  const { coverage, direction } = spec.params;
  const needed = minimumBandPoints(coverage);
  const n = series.values.length;
  if (n < needed) {
    return stateOnly(
      `${n} point${n === 1 ? '' : 's'} so far; a ${formatCoverage(coverage)} band needs at least ${needed} to judge the newest one.`,
      { points: n, needed },
    );
  }
  const check = checkNewestPoint(series.values, {
    coverage,
    seasonality: series.seasonality,
  });
  if (!check) {
    return stateOnly(`Not enough history to calibrate a ${formatCoverage(coverage)} band yet.`, {
      points: n,
    });
  }
  const date = series.dates[n - 1]!;
  const resolution = Math.max((check.upper - check.lower) / 20, Number.MIN_VALUE);
  const value = formatNumber(check.value, resolution);
  const range = formatRange(check.lower, check.upper);
  const held =
    check.measuredCoverage === null
      ? ''
      : `; it held ${formatPercent(check.measuredCoverage)} of the last ${check.checkedPoints} points`;
  const values: Evaluation['state']['values'] = {
    subject: series.key,
    date,
    value: check.value,
    expected: check.expected,
    lower: check.lower,
    upper: check.upper,
    coverage,
    measuredCoverage: check.measuredCoverage,
    outside: check.outside,
  };
  const position = check.outside ? `${SIDE_WORDS[check.outside]} its` : 'within its';
  const state = {
    text: `Latest ${withUnit(value, series)} on ${date}, ${position} usual range ${range} (${formatCoverage(coverage)} band${held}).`,
    values,
  };
  const watched =
    check.outside !== null &&
    (direction === 'both' || (direction === 'up') === (check.outside === 'above'));
  if (!watched) return { state, fire: null };
  return {
    state,
    fire: {
      periodKey: `${series.key}:${date}`,
      summary: `${sentenceStart(series.label)} was ${withUnit(value, series)} on ${date}, ${SIDE_WORDS[check.outside!]} its usual range of ${range} (the ${formatCoverage(coverage)} band from its own history; expected about ${formatNumber(check.expected, resolution)}).`,
      values,
    },
  };
}
