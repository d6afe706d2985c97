import { ALERT_KINDS, ZRuleSpec } from '@foresight/alerts/rules';
import { z } from 'zod';
import { ZTimestamp } from './common';

/** The numbers an evaluation saw or fired on, by name ("p50": 4.2, "date": "2026-11-30"). */
export const ZAlertValues = z.record(z.string(), z.union([z.number(), z.string(), z.null()]));

/** An alert rule with what its last evaluation saw. */
export const ZAlertRule = z.object({
  id: z.string(),
  name: z.string(),
  /** What it watches and when it fires (kind, subject, params; `@foresight/alerts/rules`). */
  rule: ZRuleSpec,
  /** The condition in words: "north leaves its usual range (…)". */
  description: z.string(),
  datasetId: z.string(),
  datasetName: z.string(),
  datasetKind: z.string(),
  /** Also e-mail the organization's admins (when SMTP is configured). */
  email: z.boolean(),
  enabled: z.boolean(),
  createdAt: ZTimestamp,
  lastEvaluatedAt: ZTimestamp.nullable(),
  /** What the last evaluation saw ("now 4.2 months"); null until the rule was evaluated. */
  lastState: z.object({ text: z.string(), values: ZAlertValues }).nullable(),
  lastFiredAt: ZTimestamp.nullable(),
  firedCount: z.number().int(),
});

/** `alerts.create`: the rule, on one of the organization's datasets. */
export const ZCreateAlertRequest = z.object({
  /** Default: the condition in words. */
  name: z.string().trim().min(1).max(120).optional(),
  datasetId: z.string().uuid(),
  rule: ZRuleSpec,
  email: z.boolean().default(false),
});

/** `alerts.update`: only the fields given change; `params` is checked against the rule's kind. */
export const ZUpdateAlertRequest = z.object({
  id: z.string().uuid(),
  name: z.string().trim().min(1).max(120).optional(),
  params: z.looseObject({}).optional(),
  enabled: z.boolean().optional(),
  email: z.boolean().optional(),
});

/** A fired alert, with the numbers that fired it. */
export const ZAlertEvent = z.object({
  id: z.string(),
  ruleId: z.string(),
  ruleName: z.string(),
  kind: z.enum(ALERT_KINDS),
  /** The period it fired for (once per rule and period), e.g. the date of the new point. */
  periodKey: z.string(),
  summary: z.string(),
  values: ZAlertValues,
  firedAt: ZTimestamp,
});

export const ZAlertHistoryRequest = z
  .object({
    /** Only this rule's alerts (NOT_FOUND when it is not the organization's). */
    ruleId: z.string().uuid().optional(),
    limit: z.number().int().min(1).max(500).default(100),
  })
  .default({ limit: 100 });

export const ZEvaluateNowRequest = z
  .object({
    /** Only the rules on this dataset; default: every rule of the organization. */
    datasetId: z.string().uuid().optional(),
  })
  .default({});

export const ZEvaluationQueued = z.object({
  queued: z.literal(true),
  datasetId: z.string().nullable(),
});

export const ZRemovedAlertRule = z.object({ id: z.string() });
