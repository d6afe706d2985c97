import {
  readDailyBehaviour,
  readSeriesValues,
  type DatedValues,
  type DbHandle,
} from '@foresight/db';
import type { MetricSubject } from '../rule-schema';
import { stateOnly, type RuleOutcome, type RuleTarget } from './types';

/** A watched number over time, with the words and page that go with it. */
export interface SubjectSeries extends DatedValues {
  /** Stable name of the subject within its dataset (part of period keys). */
  key: string;
  /** How a sentence names it: "Revenue", "daily active users". */
  label: string;
  /** What a value counts, after the number ("active users"), or '' for a market series. */
  unit: string;
  /** The page that shows the number. */
  link: string;
  /** Days of a weekly rhythm worth modelling (daily behaviour series), else 0. */
  seasonality: number;
}

const BEHAVIOUR = {
  active_users: { label: 'daily active users', unit: 'active users' },
  event_volume: { label: 'daily events', unit: 'events' },
} as const;

export function subjectLink(rule: Pick<RuleTarget, 'datasetId'>, subject: MetricSubject): string {
  const page = subject.source === 'market' ? 'trends' : 'behaviour';
  return `/${page}?dataset=${encodeURIComponent(rule.datasetId)}`;
}

/**
 * Reads the subject's values by date, or the outcome to record instead: skipped when the dataset
 * is of another kind or lost the series, a waiting state while behaviour aggregates rebuild.
 */
export async function readSubject(
  db: DbHandle,
  rule: RuleTarget,
  subject: MetricSubject,
): Promise<SubjectSeries | { outcome: RuleOutcome }> {
  const link = subjectLink(rule, subject);
  if (subject.source === 'market') {
    if (rule.datasetKind !== 'market') {
      return { outcome: { skipped: `"${rule.datasetName}" is not a market dataset any more.` } };
    }
    const series = await readSeriesValues(db, rule.organizationId, rule.datasetId, subject.series);
    if (!series) {
      return {
        outcome: {
          skipped: `"${rule.datasetName}" no longer has the series "${subject.series}"; edit the rule to pick another series, or delete it.`,
        },
      };
    }
    return {
      ...finite(series),
      key: subject.series,
      label: subject.series,
      unit: '',
      link,
      seasonality: 0,
    };
  }
  const daily = await readDailyBehaviour(db, rule.organizationId, rule.datasetId, subject.metric);
  if (!daily) {
    return { outcome: { skipped: `"${rule.datasetName}" is not an events dataset any more.` } };
  }
  if (daily.status === 'computing') {
    return {
      outcome: stateOnly(
        'Behaviour figures are being rebuilt from the latest upload; checked again when they are ready.',
      ),
    };
  }
  return {
    dates: daily.dates,
    values: daily.values,
    key: subject.metric,
    ...BEHAVIOUR[subject.metric],
    link,
    seasonality: 7,
  };
}

/** Drops points whose value is not a finite number (NaN stored from a file). */
function finite(series: DatedValues): DatedValues {
  const dates: string[] = [];
  const values: number[] = [];
  series.values.forEach((value, i) => {
    if (Number.isFinite(value)) {
      dates.push(series.dates[i]!);
      values.push(value);
    }
  });
  return { dates, values };
}

/** "1,204 active users" / "1,204". */
export function withUnit(number: string, series: Pick<SubjectSeries, 'unit'>): string {
  return series.unit ? `${number} ${series.unit}` : number;
}
