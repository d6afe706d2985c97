// The "Alert me" form's logic: which numbers each rule kind asks for, as text, and the rule they
// make (no React, so it is tested on its own).
import { ALERT_KIND_LABEL, metricUnit, type ruleSentence } from '@foresight/api/alert-text';
import { parseNumber } from '@foresight/ingest/numbers';

/** What a rule watches and when it fires (`@foresight/alerts/rules`' RuleSpec). */
export type RuleSpec = Parameters<typeof ruleSentence>[0];

/** The choice's name in the form: the rule kind, or for runway which number it watches. */
export function choiceLabel(rule: RuleSpec): string {
  if (rule.kind === 'runway') {
    return rule.params.when === 'cash_out_probability'
      ? 'Chance of running out of cash'
      : 'Median runway';
  }
  return ALERT_KIND_LABEL[rule.kind];
}

/** A number the form asks for, typed as text ("20", "1,500", "2.5"). */
export interface NumberField {
  key: string;
  label: string;
  unit: string;
  min: number;
  max: number;
  integer?: boolean;
}

export function fieldsOf(rule: RuleSpec): NumberField[] {
  switch (rule.kind) {
    case 'forecast_breach':
      return [
        { key: 'consecutive', label: 'Periods in a row', unit: '', min: 1, max: 12, integer: true },
      ];
    case 'runway':
      return rule.params.when === 'cash_out_probability'
        ? [
            { key: 'months', label: 'Within', unit: 'months', min: 1, max: 60, integer: true },
            { key: 'probability', label: 'Chance above', unit: '%', min: 0.1, max: 99.9 },
          ]
        : [{ key: 'months', label: 'Runway below', unit: 'months', min: 0.5, max: 120 }];
    case 'churn_growth':
      return [{ key: 'percent', label: 'Growth above', unit: '%', min: 0.1, max: 1000 }];
    case 'threshold':
      return [
        { key: 'value', label: 'Value', unit: metricUnit(rule.subject), min: -1e15, max: 1e15 },
      ];
    case 'metric_anomaly':
      return [];
  }
}

const shown = (v: number) => (Number.isFinite(v) ? String(Math.round(v * 1000) / 1000) : '');

/** The form's text for each number of a rule (a NaN preset shows an empty field to fill in). */
export function textsOf(rule: RuleSpec): Record<string, string> {
  switch (rule.kind) {
    case 'forecast_breach':
      return { consecutive: shown(rule.params.consecutive) };
    case 'runway':
      return rule.params.when === 'cash_out_probability'
        ? { months: shown(rule.params.months), probability: shown(rule.params.probability * 100) }
        : { months: shown(rule.params.months) };
    case 'churn_growth':
      return { percent: shown(rule.params.percent) };
    case 'threshold':
      return { value: shown(rule.params.value) };
    case 'metric_anomaly':
      return {};
  }
}

/** The rule with the typed numbers in it, or what is wrong with them. */
export function withNumbers(
  rule: RuleSpec,
  texts: Record<string, string>,
): { rule: RuleSpec; problems: string[] } {
  const problems: string[] = [];
  const n: Record<string, number> = {};
  for (const f of fieldsOf(rule)) {
    const value = parseNumber(texts[f.key] ?? '', { percent: 'points' });
    const unit = f.unit === '%' ? '%' : f.unit ? ` ${f.unit}` : '';
    if (value === null) problems.push(`Enter a number for “${f.label}”`);
    else if (value < f.min || value > f.max)
      problems.push(`“${f.label}” must be between ${f.min}${unit} and ${f.max}${unit}`);
    else if (f.integer && !Number.isInteger(value))
      problems.push(`“${f.label}” must be a whole number`);
    else n[f.key] = value;
  }
  if (problems.length > 0) return { rule, problems };
  switch (rule.kind) {
    case 'forecast_breach':
      return { rule: { ...rule, params: { consecutive: n.consecutive! } }, problems };
    case 'runway':
      return {
        rule: {
          ...rule,
          params:
            rule.params.when === 'cash_out_probability'
              ? {
                  when: 'cash_out_probability',
                  months: n.months!,
                  probability: n.probability! / 100,
                }
              : { when: 'median_runway_below', months: n.months! },
        },
        problems,
      };
    case 'churn_growth':
      return { rule: { ...rule, params: { percent: n.percent! } }, problems };
    case 'threshold':
      return { rule: { ...rule, params: { ...rule.params, value: n.value! } }, problems };
    case 'metric_anomaly':
      return { rule, problems };
  }
}
