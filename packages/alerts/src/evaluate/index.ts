import type { DbHandle } from '@foresight/db';
import type { RuleSpec } from '../rule-schema';
import { evaluateChurnGrowth } from './churn-growth';
import { evaluateForecastBreach } from './forecast-breach';
import { evaluateMetricAnomaly } from './metric-anomaly';
import { evaluateRunway } from './runway';
import { subjectLink } from './subject';
import { evaluateThreshold } from './threshold';
import type { RuleOutcome, RuleTarget } from './types';

export { isSkipped, type RuleOutcome, type RuleSkipped, type RuleTarget } from './types';

/** Evaluates one parsed rule against its dataset now. */
export function evaluateRule(db: DbHandle, rule: RuleTarget, spec: RuleSpec): Promise<RuleOutcome> {
  switch (spec.kind) {
    case 'metric_anomaly':
      return evaluateMetricAnomaly({ db, rule, spec });
    case 'forecast_breach':
      return evaluateForecastBreach({ db, rule, spec });
    case 'runway':
      return evaluateRunway({ db, rule, spec });
    case 'churn_growth':
      return evaluateChurnGrowth({ db, rule, spec });
    case 'threshold':
      return evaluateThreshold({ db, rule, spec });
  }
}

/** The page that shows the number a rule watches (the notification's link). */
export function ruleLink(rule: Pick<RuleTarget, 'datasetId'>, spec: RuleSpec): string {
  const dataset = encodeURIComponent(rule.datasetId);
  switch (spec.kind) {
    case 'metric_anomaly':
    case 'threshold':
      return subjectLink(rule, spec.subject);
    case 'forecast_breach':
      return `/trends?dataset=${dataset}`;
    case 'runway':
      return `/risk?dataset=${dataset}`;
    case 'churn_growth':
      return `/churn?dataset=${dataset}`;
  }
}
