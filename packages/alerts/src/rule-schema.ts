import { z } from 'zod';

/**
 * What an alert rule watches and when it fires, per kind. The subject names the number (a market
 * series, or a behaviour metric of an event log); the params say when it counts as news.
 */
export const ALERT_KINDS = [
  'metric_anomaly',
  'forecast_breach',
  'runway',
  'churn_growth',
  'threshold',
] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

/** A number over time that anomaly and threshold rules watch. */
export const ZMetricSubject = z.discriminatedUnion('source', [
  /** One series of a market dataset (its only one when the file has no series column). */
  z.object({ source: z.literal('market'), series: z.string().min(1).max(200) }),
  /** Daily active users or daily event volume of an events dataset. */
  z.object({ source: z.literal('behaviour'), metric: z.enum(['active_users', 'event_volume']) }),
]);
export type MetricSubject = z.infer<typeof ZMetricSubject>;

export const ZRuleSpec = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('metric_anomaly'),
    subject: ZMetricSubject,
    params: z.object({
      /** The one-step-ahead band's coverage, checked on the series' own history. */
      coverage: z.union([z.literal(0.8), z.literal(0.9), z.literal(0.95)]).default(0.9),
      direction: z.enum(['both', 'up', 'down']).default('both'),
    }),
  }),
  z.object({
    kind: z.literal('forecast_breach'),
    subject: z.object({ series: z.string().min(1).max(200) }),
    params: z.object({
      /** Periods in a row outside the last forecast's p10–p90. */
      consecutive: z.number().int().min(1).max(12).default(2),
    }),
  }),
  z.object({
    kind: z.literal('runway'),
    subject: z.object({}).strict().default({}),
    params: z.discriminatedUnion('when', [
      z.object({
        when: z.literal('cash_out_probability'),
        /** P(cash runs out within `months`) rises above `probability`. */
        months: z.number().int().min(1).max(60),
        probability: z.number().gt(0).lt(1),
      }),
      z.object({
        when: z.literal('median_runway_below'),
        /** The p50 runway falls below `months`. */
        months: z.number().min(0.5).max(120),
      }),
    ]),
  }),
  z.object({
    kind: z.literal('churn_growth'),
    subject: z.object({}).strict().default({}),
    params: z.object({
      /** Growth of the number of customers above the alert threshold since the last run, in %. */
      percent: z.number().gt(0).max(1000).default(20),
    }),
  }),
  z.object({
    kind: z.literal('threshold'),
    subject: ZMetricSubject,
    params: z.object({
      value: z.number().finite(),
      /** Fires when the newest value crosses to this side of `value`. */
      direction: z.enum(['above', 'below']),
    }),
  }),
]);
export type RuleSpec = z.infer<typeof ZRuleSpec>;
export type RuleOf<K extends AlertKind> = Extract<RuleSpec, { kind: K }>;

/** The dataset kind each rule kind watches. */
export const RULE_DATASET_KINDS: Record<AlertKind, readonly string[]> = {
  metric_anomaly: ['market', 'events'],
  forecast_breach: ['market'],
  runway: ['financials'],
  churn_growth: ['events', 'customers'],
  threshold: ['market', 'events'],
};

/** What one evaluation of a rule saw, and whether that is news. */
export interface Evaluation {
  /** Shown beside the rule ("now 4.2 months"); stored as the rule's last state. */
  state: { text: string; values: Record<string, number | string | null> };
  /** Set when the rule fires for `periodKey` (at most once per rule and period). */
  fire: {
    periodKey: string;
    summary: string;
    values: Record<string, number | string | null>;
  } | null;
}
