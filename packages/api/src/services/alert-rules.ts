import { RULE_DATASET_KINDS, ZRuleSpec, type RuleSpec } from '@foresight/alerts/rules';
import {
  createAlertRule,
  getAlertRule,
  getDataset,
  marketSeriesExists,
  updateAlertRule,
  type AlertRuleRecord,
} from '@foresight/db';
import { TRPCError } from '@trpc/server';
import type { z } from 'zod';
import {
  ALERT_KIND_LABEL,
  DATASET_KIND_LABEL,
  defaultRuleName,
  ruleCondition,
} from '../alert-text';
import type { ZAlertRule, ZCreateAlertRequest, ZUpdateAlertRequest } from '../schemas/alerts';
import type { OrgContext } from '../trpc';

type AlertRuleView = z.input<typeof ZAlertRule>;

/** A stored rule as the API shows it: its spec checked again, and the condition in words. */
export function toAlertRuleView(record: AlertRuleRecord): AlertRuleView {
  const rule = ZRuleSpec.parse({
    kind: record.kind,
    subject: record.subject,
    params: record.params,
  });
  return {
    id: record.id,
    name: record.name,
    rule,
    description: ruleCondition(rule),
    datasetId: record.datasetId,
    datasetName: record.datasetName,
    datasetKind: record.datasetKind,
    email: record.email,
    enabled: record.enabled,
    createdAt: record.createdAt,
    lastEvaluatedAt: record.lastEvaluatedAt,
    lastState: (record.lastState as AlertRuleView['lastState']) ?? null,
    lastFiredAt: record.lastFiredAt,
    firedCount: record.firedCount,
  };
}

const badRequest = (message: string) => new TRPCError({ code: 'BAD_REQUEST', message });

const listOf = (words: readonly string[]) =>
  words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} or ${words.at(-1)}`;

/**
 * Refuses a rule its dataset cannot answer, naming the dataset: a kind the rule does not watch, a
 * market series on an events dataset (or the reverse), a series the dataset does not have.
 */
async function checkRuleFitsDataset(
  ctx: OrgContext,
  dataset: { id: string; name: string; kind: string },
  rule: RuleSpec,
): Promise<void> {
  const allowed = RULE_DATASET_KINDS[rule.kind];
  const holds = DATASET_KIND_LABEL[dataset.kind] ?? dataset.kind;
  if (!allowed.includes(dataset.kind)) {
    throw badRequest(
      `“${dataset.name}” holds ${holds}; a “${ALERT_KIND_LABEL[rule.kind]}” alert watches ${listOf(
        allowed.map((k) => DATASET_KIND_LABEL[k] ?? k),
      )}. Pick a dataset of that kind.`,
    );
  }
  const subject = rule.kind === 'metric_anomaly' || rule.kind === 'threshold' ? rule.subject : null;
  if (subject?.source === 'behaviour' && dataset.kind !== 'events') {
    throw badRequest(
      `Daily active users and event volume come from user events; “${dataset.name}” holds ${holds}.`,
    );
  }
  if (subject?.source === 'market' && dataset.kind !== 'market') {
    throw badRequest(
      `“${dataset.name}” holds ${holds}, not market series; watch its daily active users or event volume instead.`,
    );
  }
  const series =
    subject?.source === 'market'
      ? subject.series
      : rule.kind === 'forecast_breach'
        ? rule.subject.series
        : null;
  if (series !== null && !(await marketSeriesExists(ctx.db, ctx.org.id, dataset.id, series))) {
    throw badRequest(`“${dataset.name}” has no series named “${series}”.`);
  }
}

/** Asks the trainer to evaluate the organization's enabled rules on a dataset (or all) now. */
export async function queueEvaluation(ctx: OrgContext, datasetId: string | null): Promise<void> {
  await ctx.queue.send('evaluateAlerts', {
    organizationId: ctx.org.id,
    datasetId,
    reason: 'manual',
  });
}

export async function createRule(
  ctx: OrgContext,
  input: z.output<typeof ZCreateAlertRequest>,
): Promise<AlertRuleView> {
  const dataset = await getDataset(ctx.db, ctx.org.id, input.datasetId);
  await checkRuleFitsDataset(ctx, dataset, input.rule);
  const record = await createAlertRule(ctx.db, ctx.org.id, ctx.actor.userId, {
    kind: input.rule.kind,
    name: input.name ?? defaultRuleName(input.rule),
    datasetId: dataset.id,
    subject: input.rule.subject,
    params: input.rule.params,
    email: input.email,
  });
  // So the rules list soon shows what the rule sees. The rule exists either way: if the queue
  // refuses the job, the scheduled sweep evaluates every enabled rule.
  await queueEvaluation(ctx, dataset.id).catch(() => {});
  return toAlertRuleView(record);
}

export async function updateRule(
  ctx: OrgContext,
  input: z.output<typeof ZUpdateAlertRequest>,
): Promise<AlertRuleView> {
  const current = await getAlertRule(ctx.db, ctx.org.id, input.id);
  let params: object | undefined;
  if (input.params) {
    const checked = ZRuleSpec.safeParse({
      kind: current.kind,
      subject: current.subject,
      params: input.params,
    });
    if (!checked.success) {
      const message = checked.error.issues
        .map((i) => (i.path.length > 0 ? `${i.path.join('.')}: ${i.message}` : i.message))
        .join('; ');
      throw new TRPCError({ code: 'BAD_REQUEST', message, cause: checked.error });
    }
    params = checked.data.params;
  }
  const record = await updateAlertRule(ctx.db, ctx.org.id, input.id, {
    name: input.name,
    params,
    enabled: input.enabled,
    email: input.email,
  });
  // New params or a rule switched back on: its state is stale (a failed send: see createRule).
  if (params || (input.enabled && !current.enabled)) {
    await queueEvaluation(ctx, record.datasetId).catch(() => {});
  }
  return toAlertRuleView(record);
}
