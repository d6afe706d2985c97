import { latestRisk } from '@foresight/db';
import type { RuleOf } from '../rule-schema';
import { stateOnly, type EvaluatorInput, type RuleOutcome } from './types';
import { formatMonths, formatPercent } from './wording';

/**
 * Reads the latest risk assessment as the Risk page does (P(cash out within N months) from its
 * cumulative probabilities, the median runway from its runway quantiles, null = beyond the
 * simulated horizon) and fires when the probability is above the rule's, or the median runway
 * below its months. Nothing is re-simulated. Period: the assessment (its model id), so each
 * assessment fires at most once.
 */
export async function evaluateRunway({
  db,
  rule,
  spec,
}: EvaluatorInput<RuleOf<'runway'>>): Promise<RuleOutcome> {
  if (rule.datasetKind !== 'financials') {
    return { skipped: `"${rule.datasetName}" is not a financials dataset any more.` };
  }
  const risk = await latestRisk(db, rule.organizationId, rule.datasetId);
  if (!risk) return stateOnly('No runway assessment yet; this rule starts once one is made.');
  const m = risk.metrics;
  const runway = m.runway;
  const median = formatMonths(runway.p50, runway.horizon);
  const common = {
    modelId: risk.modelId,
    version: risk.version,
    asOf: m.asOf,
    horizon: m.horizon,
    runwayP10: runway.p10,
    runwayP50: runway.p50,
    runwayP90: runway.p90,
  };
  const params = spec.params;

  if (params.when === 'cash_out_probability') {
    const { months, probability } = params;
    const p = m.probabilityCashOut.find((x) => x.month === months)?.p ?? null;
    if (p === null) {
      return stateOnly(
        `The assessment as of ${m.asOf} simulates ${m.horizon} months, not ${months}; retrain with a longer horizon or lower the rule's months.`,
        common,
      );
    }
    const values = { ...common, months, probability: p, threshold: probability };
    const state = {
      text: `P(cash out within ${months} months) ${formatPercent(p)} as of ${m.asOf} (alert above ${formatPercent(probability)}); median runway ${median}.`,
      values,
    };
    if (!(p > probability)) return { state, fire: null };
    return {
      state,
      fire: {
        periodKey: risk.modelId,
        summary: `The chance of running out of cash within ${months} months is ${formatPercent(p)} in the assessment as of ${m.asOf}, above your ${formatPercent(probability)} line (median runway ${median}).`,
        values,
      },
    };
  }

  const { months } = params;
  const values = { ...common, months };
  const state = {
    text: `Median runway ${median} as of ${m.asOf} (alert below ${months} months).`,
    values,
  };
  if (!(runway.p50 !== null && runway.p50 < months)) return { state, fire: null };
  return {
    state,
    fire: {
      periodKey: risk.modelId,
      summary: `Median runway is ${median} in the assessment as of ${m.asOf}, below your ${months}-month line (80% of simulated paths: ${formatMonths(runway.p10, runway.horizon)} to ${formatMonths(runway.p90, runway.horizon)}).`,
      values,
    },
  };
}
