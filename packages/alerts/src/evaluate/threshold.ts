import type { RuleOf } from '../rule-schema';
import { readSubject, withUnit } from './subject';
import { stateOnly, type EvaluatorInput, type RuleOutcome } from './types';
import { formatNear, formatNumber, sentenceStart } from './wording';

/**
 * Fires when the subject's newest value is on the rule's side of the line (strictly) and the value
 * before it was not: a crossing, once — staying above a line is not news again. Period: the
 * newest date (per subject).
 */
export async function evaluateThreshold({
  db,
  rule,
  spec,
}: EvaluatorInput<RuleOf<'threshold'>>): Promise<RuleOutcome> {
  const series = await readSubject(db, rule, spec.subject);
  if ('outcome' in series) return series.outcome;
  const { value: line, direction } = spec.params;
  const n = series.values.length;
  const fmt = (v: number) => withUnit(formatNear(v, line), series);
  if (n < 2) {
    return stateOnly(
      n === 0
        ? 'No values yet.'
        : `Only one value so far (${fmt(series.values[0]!)} on ${series.dates[0]}); a crossing needs two.`,
      { points: n },
    );
  }
  const latest = series.values[n - 1]!;
  const previous = series.values[n - 2]!;
  const date = series.dates[n - 1]!;
  const previousDate = series.dates[n - 2]!;
  const onSide = (v: number) => (direction === 'above' ? v > line : v < line);
  const values = {
    subject: series.key,
    date,
    value: latest,
    previousDate,
    previous,
    line,
    direction,
  };
  const where = onSide(latest) ? direction : direction === 'above' ? 'not above' : 'not below';
  const state = {
    text: `Latest ${fmt(latest)} on ${date}, ${where} ${formatNumber(line)} (previous ${fmt(previous)} on ${previousDate}).`,
    values,
  };
  if (!(onSide(latest) && !onSide(previous))) return { state, fire: null };
  return {
    state,
    fire: {
      periodKey: `${series.key}:${date}`,
      summary: `${sentenceStart(series.label)} ${direction === 'above' ? 'rose above' : 'fell below'} ${formatNumber(line)} on ${date}: ${fmt(latest)}, from ${fmt(previous)} on ${previousDate}.`,
      values,
    },
  };
}
