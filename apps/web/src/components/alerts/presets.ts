import type { RuleSpec } from './rule-form';

/** A round line near a value for a threshold preset (NaN: the field starts empty). */
const near = (v: number | null | undefined) =>
  v === null || v === undefined || !Number.isFinite(v) ? NaN : Number(v.toPrecision(3));

/** Trends: one market series leaves its usual range, misses its forecast, or crosses a value. */
export function seriesAlerts(series: string, latest: number | undefined): RuleSpec[] {
  return [
    {
      kind: 'metric_anomaly',
      subject: { source: 'market', series },
      params: { coverage: 0.9, direction: 'both' },
    },
    { kind: 'forecast_breach', subject: { series }, params: { consecutive: 2 } },
    {
      kind: 'threshold',
      subject: { source: 'market', series },
      params: { value: near(latest), direction: 'above' },
    },
  ];
}

/**
 * Risk: the chance of running out of cash within a year passes 20%, or the median runway falls
 * below three quarters of today's (6 months when it is beyond the horizon).
 */
export function runwayAlerts(medianMonths: number | null): RuleSpec[] {
  const below = medianMonths === null ? 6 : Math.max(1, Math.round(medianMonths * 0.75));
  return [
    {
      kind: 'runway',
      subject: {},
      params: { when: 'cash_out_probability', months: 12, probability: 0.2 },
    },
    { kind: 'runway', subject: {}, params: { when: 'median_runway_below', months: below } },
  ];
}

/** Churn: 20% more customers above the alert threshold than at the previous run. */
export function churnAlerts(): RuleSpec[] {
  return [{ kind: 'churn_growth', subject: {}, params: { percent: 20 } }];
}

/** Behaviour: daily active users or event volume leave their usual range, or fall below a value. */
export function behaviourAlerts(
  metric: 'active_users' | 'event_volume',
  latestDaily: number | null,
): RuleSpec[] {
  const subject = { source: 'behaviour', metric } as const;
  return [
    { kind: 'metric_anomaly', subject, params: { coverage: 0.9, direction: 'both' } },
    { kind: 'threshold', subject, params: { value: near(latestDaily), direction: 'below' } },
  ];
}
