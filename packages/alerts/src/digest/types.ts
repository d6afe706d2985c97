/**
 * The weekly digest of one organization: structured sections (stored as the notification's
 * `data` and sent in webhooks) and the same in plain text. JSON-safe: dates are strings.
 */
export interface WeeklyDigest {
  organizationId: string;
  organizationName: string;
  /** The ISO week covered, e.g. '2026-W49' (the notification's period key). */
  periodKey: string;
  /** Monday of the week covered, YYYY-MM-DD. */
  weekStart: string;
  /** Sunday of the week covered, YYYY-MM-DD (inclusive). */
  weekEnd: string;
  title: string;
  /** Only sections with data, in this order: market, behaviour, forecast, runway, churn, alerts. */
  sections: DigestSection[];
  /** The sections in plain text, numbers with units and words. */
  text: string;
}

export type DigestSection =
  MarketSection | BehaviourSection | ForecastSection | RunwaySection | ChurnSection | AlertsSection;

interface DatasetRef {
  datasetId: string;
  datasetName: string;
}

export interface SeriesChange {
  series: string;
  latest: { date: string; value: number };
  /** The latest value 7 or more days before `latest` (null: none that old). */
  previous: { date: string; value: number } | null;
  /** latest − previous, in the series' own unit. */
  change: number | null;
  /** Relative change in %, null when there is no previous value or it is 0. */
  changePct: number | null;
}

/** Key numbers of a market dataset: the series that moved most (by |change %|), at most 10. */
export interface MarketSection extends DatasetRef {
  kind: 'market';
  series: SeriesChange[];
  /** Series not listed. */
  moreSeries: number;
}

export interface WeekNumbers {
  weekStart: string;
  activeUsers: number;
  events: number;
}

/** Key numbers of an events dataset: its latest full week and the week before. */
export interface BehaviourSection extends DatasetRef {
  kind: 'behaviour';
  week: WeekNumbers;
  previous: WeekNumbers | null;
}

export interface ForecastCheck {
  series: string;
  /** Actual values compared with the forecast. */
  compared: number;
  /** Of those, inside the forecast's p10–p90 band. */
  inside: number;
  /** The most recent comparison. */
  latest: {
    date: string;
    actual: number;
    p10: number;
    p50: number;
    p90: number;
    position: 'inside' | 'above' | 'below';
  };
}

/** The newest forecast with actuals to compare: how the actuals fell against its band. */
export interface ForecastSection extends DatasetRef {
  kind: 'forecast';
  modelVersion: number;
  trainedAt: string;
  compared: number;
  inside: number;
  /** Series with their latest comparison, series outside the band first, at most 10. */
  series: ForecastCheck[];
  moreSeries: number;
}

export interface RunwayNumbers {
  modelVersion: number;
  assessedAt: string;
  /** Median runway in months; null when beyond the simulated horizon. */
  runwayP50Months: number | null;
  horizonMonths: number;
  /** P(cash runs out within 6 months), 0–1. */
  cashOut6: number | null;
}

/** The runway assessment now, and a week ago (or the previous one, when all are newer). */
export interface RunwaySection extends DatasetRef {
  kind: 'runway';
  now: RunwayNumbers;
  before: RunwayNumbers | null;
  /** What `before` is: the assessment current a week ago, or the one before `now`. */
  comparedWith: 'week-ago' | 'previous' | null;
  /** Whether `now` was made during the week (else nothing was re-assessed). */
  newThisWeek: boolean;
}

/** The customers most likely to churn, from the latest churn scores. */
export interface ChurnSection extends DatasetRef {
  kind: 'churn';
  modelVersion: number;
  scoredAt: string;
  /** The model's alert threshold on the score (0–1). */
  threshold: number;
  /** Customers scored, and how many at or above the threshold. */
  scored: number;
  atOrAboveThreshold: number;
  customers: { rank: number; id: string; score: number; reason: string | null }[];
}

/** Alerts fired during the week, newest first. */
export interface AlertsSection {
  kind: 'alerts';
  /** At most 20. */
  events: { ruleId: string; ruleName: string; kind: string; summary: string; firedAt: string }[];
  /** Fired but not listed. */
  more: number;
}
