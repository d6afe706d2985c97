import { churnAtRiskCounts } from '@foresight/db';
import type { RuleOf } from '../rule-schema';
import { stateOnly, type EvaluatorInput, type RuleOutcome } from './types';
import { formatPercent } from './wording';

const customers = (n: number) => `${n.toLocaleString('en-US')} customer${n === 1 ? '' : 's'}`;

/**
 * Counts the customers at or above the alert threshold in the newest churn model's scores and in
 * the previous model's, with the newest model's threshold for both (growth means customers moving
 * into risk, not a recalibrated bar), and fires when the count grew by more than the rule's
 * percent (from none to some counts as growth). Period: the newest model.
 */
export async function evaluateChurnGrowth({
  db,
  rule,
  spec,
}: EvaluatorInput<RuleOf<'churn_growth'>>): Promise<RuleOutcome> {
  if (rule.datasetKind !== 'events' && rule.datasetKind !== 'customers') {
    return { skipped: `"${rule.datasetName}" is not an events or customers dataset any more.` };
  }
  const { threshold, models } = await churnAtRiskCounts(db, rule.organizationId, rule.datasetId);
  const [latest, previous] = models;
  if (!latest || threshold === null) {
    return stateOnly('No churn scores yet; this rule starts once a churn model is trained.');
  }
  const bar = `score ≥ ${formatPercent(threshold)}`;
  if (!previous) {
    return stateOnly(
      `${customers(latest.atRisk)} at risk (${bar}) of ${latest.scored.toLocaleString('en-US')} in churn model v${latest.version}; the next run is compared with it.`,
      { modelId: latest.modelId, version: latest.version, atRisk: latest.atRisk, threshold },
    );
  }
  const growth =
    previous.atRisk > 0 ? ((latest.atRisk - previous.atRisk) / previous.atRisk) * 100 : null;
  const values = {
    modelId: latest.modelId,
    version: latest.version,
    previousModelId: previous.modelId,
    previousVersion: previous.version,
    atRisk: latest.atRisk,
    previousAtRisk: previous.atRisk,
    threshold,
    growthPercent: growth,
    percent: spec.params.percent,
  };
  const change =
    growth === null
      ? latest.atRisk > 0
        ? 'up from none'
        : 'none before either'
      : `${growth >= 0 ? '+' : ''}${Math.round(growth)}% from ${previous.atRisk.toLocaleString('en-US')}`;
  const state = {
    text: `${customers(latest.atRisk)} at risk (${bar}) in churn model v${latest.version}, ${change} in v${previous.version} (alert above +${spec.params.percent}%).`,
    values,
  };
  const grew = growth === null ? latest.atRisk > 0 : growth > spec.params.percent;
  if (!grew) return { state, fire: null };
  return {
    state,
    fire: {
      periodKey: latest.modelId,
      summary:
        growth === null
          ? `${customers(latest.atRisk)} ${latest.atRisk === 1 ? 'is' : 'are'} now at high churn risk (${bar}), up from none in the previous run.`
          : `Customers at high churn risk rose ${Math.round(growth)}% since the previous run: ${latest.atRisk.toLocaleString('en-US')} now against ${previous.atRisk.toLocaleString('en-US')} (${bar}).`,
      values,
    },
  };
}
