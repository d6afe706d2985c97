// What an alert rule watches, in words. No server imports: the web's "Alert me" form shows the
// same sentence it will be listed under (`@foresight/api/alert-text`).
import type { AlertKind, MetricSubject, RuleSpec } from '@foresight/alerts/rules';

const number = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
const percent = (p: number) => `${number.format(Math.round(p * 1000) / 10)}%`;

/** What each rule kind is called where people read it. */
export const ALERT_KIND_LABEL: Record<AlertKind, string> = {
  metric_anomaly: 'Unusual value',
  forecast_breach: 'Forecast missed',
  runway: 'Runway',
  churn_growth: 'More customers at risk',
  threshold: 'Crosses a value',
};

/** The dataset kinds as the upload wizard names them. */
export const DATASET_KIND_LABEL: Record<string, string> = {
  market: 'market data',
  financials: 'financials',
  events: 'user events',
  customers: 'customers',
};

/** The number a metric rule watches: the market series' name, or the behaviour metric. */
export function metricLabel(subject: MetricSubject): string {
  if (subject.source === 'market') return subject.series;
  return subject.metric === 'active_users' ? 'daily active users' : 'daily event volume';
}

const plural = (subject: MetricSubject) =>
  subject.source === 'behaviour' && subject.metric === 'active_users';

/** The unit a metric's value is counted in; empty for a market series (the file's own unit). */
export function metricUnit(subject: MetricSubject): string {
  if (subject.source === 'market') return '';
  return subject.metric === 'active_users' ? 'users' : 'events';
}

function verb(subject: MetricSubject, singular: string, pluralForm: string) {
  return plural(subject) ? pluralForm : singular;
}

/**
 * The condition a rule fires on, as the end of "Tell me when …": "north leaves its usual range",
 * "the chance of running out of cash within 12 months rises above 20%".
 */
export function ruleCondition(rule: RuleSpec, options: { band?: boolean } = {}): string {
  switch (rule.kind) {
    case 'metric_anomaly': {
      const s = rule.subject;
      const what = metricLabel(s);
      const its = verb(s, 'its', 'their');
      const band =
        options.band === false
          ? ''
          : ` (outside the ${percent(rule.params.coverage)} range of ${its} next-period forecast)`;
      if (rule.params.direction === 'up')
        return `${what} ${verb(s, 'rises', 'rise')} above ${its} usual range${band}`;
      if (rule.params.direction === 'down')
        return `${what} ${verb(s, 'falls', 'fall')} below ${its} usual range${band}`;
      return `${what} ${verb(s, 'leaves', 'leave')} ${its} usual range${band}`;
    }
    case 'forecast_breach': {
      const k = rule.params.consecutive;
      return `${rule.subject.series} lands outside its forecast's 80% range (p10–p90) ${
        k === 1 ? 'in a period' : `${k} periods in a row`
      }`;
    }
    case 'runway':
      return rule.params.when === 'cash_out_probability'
        ? `the chance of running out of cash within ${rule.params.months} months rises above ${percent(rule.params.probability)}`
        : `the median runway falls below ${number.format(rule.params.months)} months`;
    case 'churn_growth':
      return `the number of customers above the churn alert threshold grows by more than ${number.format(rule.params.percent)}% since the last check`;
    case 'threshold': {
      const s = rule.subject;
      const unit = metricUnit(s);
      const value = `${number.format(rule.params.value)}${unit ? ` ${unit}` : ''}`;
      return rule.params.direction === 'above'
        ? `${metricLabel(s)} ${verb(s, 'rises', 'rise')} above ${value}`
        : `${metricLabel(s)} ${verb(s, 'falls', 'fall')} below ${value}`;
    }
  }
}

/** "Tell me when north leaves its usual range …" */
export function ruleSentence(rule: RuleSpec): string {
  return `Tell me when ${ruleCondition(rule)}`;
}

/**
 * A rule's default name: its condition without the band's explanation, at most 120 characters;
 * our own words are capitalised, a series name is kept as the file spells it.
 */
export function defaultRuleName(rule: RuleSpec): string {
  const text = ruleCondition(rule, { band: false });
  const ours = /^(the|daily) /.test(text);
  const name = ours ? text.charAt(0).toUpperCase() + text.slice(1) : text;
  return name.length > 120 ? `${name.slice(0, 119)}…` : name;
}
