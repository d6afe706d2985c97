import type { AlertRuleRecord, DbHandle } from '@foresight/db';
import type { Evaluation } from '../rule-schema';

/** The rule as an evaluator needs it: whose, which dataset. */
export type RuleTarget = Pick<
  AlertRuleRecord,
  'organizationId' | 'datasetId' | 'datasetName' | 'datasetKind'
>;

/**
 * A rule that cannot be evaluated any more (its settings no longer parse, its dataset lost the
 * series, the dataset is of another kind): `reason` says why and what to do; stored as its state.
 */
export interface RuleSkipped {
  skipped: string;
}

export type RuleOutcome = Evaluation | RuleSkipped;

export const isSkipped = (outcome: RuleOutcome): outcome is RuleSkipped => 'skipped' in outcome;

/** What every evaluator takes. */
export interface EvaluatorInput<S> {
  db: DbHandle;
  rule: RuleTarget;
  spec: S;
}

/** An evaluation that is only a state: nothing to fire. */
export function stateOnly(text: string, values: Evaluation['state']['values'] = {}): Evaluation {
  return { state: { text, values }, fire: null };
}
