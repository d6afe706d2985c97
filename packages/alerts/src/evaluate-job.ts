import {
  fireAlert,
  recordRuleState,
  rulesToEvaluate,
  type AlertRuleRecord,
  type DbHandle,
} from '@foresight/db';
import type { JobPayload, JobSender } from '@foresight/queue';
import { evaluateRule, isSkipped, ruleLink, type RuleOutcome } from './evaluate';
import { ZRuleSpec } from './rule-schema';

export interface EvaluateAlertsDeps {
  db: DbHandle;
  /** Where the delivery jobs of a fired alert go (the trainer's queue; a recorder in tests). */
  queue: JobSender;
  log?: (message: string, error?: unknown) => void;
}

export interface EvaluateAlertsSummary {
  /** Rules evaluated (fired or not). */
  evaluated: number;
  /** Alerts fired by this run (a period that already fired does not count again). */
  fired: number;
  /** Rules that could not be evaluated (settings that no longer parse, a series gone). */
  skipped: number;
}

/** Some rules failed to evaluate (database errors): the job should be retried. */
export class AlertEvaluationError extends Error {
  constructor(
    readonly failures: { ruleId: string; error: unknown }[],
    readonly summary: EvaluateAlertsSummary,
  ) {
    super(
      `${failures.length} alert rule(s) could not be evaluated (${failures.map((f) => f.ruleId).join(', ')}); ${summary.fired} fired before that`,
    );
    this.name = 'AlertEvaluationError';
  }
}

/**
 * The `evaluateAlerts` job: evaluates the enabled rules in scope (one organization or all, one
 * dataset or all), records what each saw as its state, and fires what is news — each alert once
 * per rule and period however often this runs (a retried job, two trainers at once): the event,
 * its notification and webhook deliveries are written in one transaction that a second writer of
 * the same period finds already done. Only the run that wrote a fire queues its deliveries: one
 * `deliverWebhook` per endpoint and, when the rule asks for e-mail, one `emailNotification`.
 * A rule that fails (a database error) does not stop the others; the job then throws
 * AlertEvaluationError so the queue retries it.
 */
export async function evaluateAlerts(
  deps: EvaluateAlertsDeps,
  payload: JobPayload<'evaluateAlerts'>,
): Promise<EvaluateAlertsSummary> {
  const { db } = deps;
  const rules = await rulesToEvaluate(db, {
    organizationId: payload.organizationId,
    datasetId: payload.datasetId,
  });
  const summary: EvaluateAlertsSummary = { evaluated: 0, fired: 0, skipped: 0 };
  const failures: { ruleId: string; error: unknown }[] = [];
  for (const rule of rules) {
    try {
      const fired = await evaluateOne(deps, rule);
      if (fired === 'skipped') summary.skipped += 1;
      else {
        summary.evaluated += 1;
        if (fired) summary.fired += 1;
      }
    } catch (error) {
      deps.log?.(`alert rule ${rule.id} could not be evaluated`, error);
      failures.push({ ruleId: rule.id, error });
    }
  }
  if (failures.length > 0) throw new AlertEvaluationError(failures, summary);
  return summary;
}

/** Evaluates, records and (when news) fires one rule; true when this call fired it. */
async function evaluateOne(
  deps: EvaluateAlertsDeps,
  rule: AlertRuleRecord,
): Promise<boolean | 'skipped'> {
  const { db, queue } = deps;
  const parsed = ZRuleSpec.safeParse({
    kind: rule.kind,
    subject: rule.subject,
    params: rule.params,
  });
  const outcome: RuleOutcome = parsed.success
    ? await evaluateRule(db, rule, parsed.data)
    : {
        skipped: `This rule's settings are no longer valid (${parsed.error.issues
          .map((i) => `${i.path.join('.') || 'rule'}: ${i.message}`)
          .join('; ')}); edit it or delete it.`,
      };
  if (isSkipped(outcome)) {
    await recordRuleState(db, rule.id, { text: outcome.skipped, values: { skipped: true } });
    return 'skipped';
  }
  await recordRuleState(db, rule.id, outcome.state);
  if (!outcome.fire || !parsed.success) return false;
  const fired = await fireAlert(db, rule, outcome.fire, {
    title: rule.name,
    body: outcome.fire.summary,
    link: ruleLink(rule, parsed.data),
  });
  if (!fired) return false;
  for (const deliveryId of fired.deliveryIds) {
    await queue.send('deliverWebhook', { deliveryId });
  }
  if (rule.email) await queue.send('emailNotification', { notificationId: fired.notificationId });
  return true;
}
