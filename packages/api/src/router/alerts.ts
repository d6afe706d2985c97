import {
  deleteAlertRule,
  getAlertRule,
  getDataset,
  listAlertEvents,
  listAlertRules,
} from '@foresight/db';
import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import {
  ZAlertEvent,
  ZAlertHistoryRequest,
  ZAlertRule,
  ZCreateAlertRequest,
  ZEvaluateNowRequest,
  ZEvaluationQueued,
  ZRemovedAlertRule,
  ZUpdateAlertRequest,
} from '../schemas/alerts';
import { createRule, queueEvaluation, toAlertRuleView, updateRule } from '../services/alert-rules';
import { adminProcedure, orgProcedure } from '../trpc';

const ZById = z.object({ id: z.string().uuid() });

export const alertsRouter = {
  /** The organization's alert rules, newest first, each with its last state and fired count. */
  list: orgProcedure
    .input(z.object({ datasetId: z.string().uuid().optional() }).default({}))
    .output(z.array(ZAlertRule))
    .query(async ({ ctx, input }) =>
      (await listAlertRules(ctx.db, ctx.org.id, input.datasetId ?? null)).map(toAlertRuleView),
    ),

  /**
   * A rule on one of the organization's datasets (of a kind the rule watches; a market series
   * must exist); it is evaluated at once, then after every upload and retrain and on schedule.
   */
  create: adminProcedure
    .input(ZCreateAlertRequest)
    .output(ZAlertRule)
    .mutation(({ ctx, input }) => createRule(ctx, input)),

  /** Renames a rule, changes its params, switches it or its e-mail on or off. */
  update: adminProcedure
    .input(ZUpdateAlertRequest)
    .output(ZAlertRule)
    .mutation(({ ctx, input }) => updateRule(ctx, input)),

  /** Deletes a rule and its history. */
  remove: adminProcedure
    .input(ZById)
    .output(ZRemovedAlertRule)
    .mutation(async ({ ctx, input }) => {
      await deleteAlertRule(ctx.db, ctx.org.id, input.id);
      return { id: input.id };
    }),

  /** Fired alerts, newest first, with the numbers that fired them (of one rule, or all). */
  history: orgProcedure
    .input(ZAlertHistoryRequest)
    .output(z.array(ZAlertEvent))
    .query(async ({ ctx, input }) => {
      if (input.ruleId) await getAlertRule(ctx.db, ctx.org.id, input.ruleId);
      const events = await listAlertEvents(ctx.db, ctx.org.id, {
        ruleId: input.ruleId,
        limit: input.limit,
      });
      // Stored as the evaluator's numbers (`Evaluation` in @foresight/alerts); the output schema checks them.
      return events as z.input<typeof ZAlertEvent>[];
    }),

  /** Evaluates the rules (on one dataset, or all) now instead of at the next upload or sweep. */
  evaluateNow: adminProcedure
    .input(ZEvaluateNowRequest)
    .output(ZEvaluationQueued)
    .mutation(async ({ ctx, input }) => {
      const datasetId = input.datasetId ?? null;
      if (datasetId) await getDataset(ctx.db, ctx.org.id, datasetId);
      await queueEvaluation(ctx, datasetId);
      return { queued: true as const, datasetId };
    }),
} satisfies TRPCRouterRecord;
