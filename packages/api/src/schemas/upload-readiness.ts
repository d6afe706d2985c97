import type { ReadinessRequest } from '@foresight/imports';
import { ZImportFields } from '@foresight/imports';
import { ZKindRoles, type DataKind } from '@foresight/ingest';
import { z } from 'zod';
import { ZTask } from './common';

/**
 * `uploads.readiness` input: a received file's confirmed mapping as `uploads.ingest` takes it,
 * without the target (the answer is about the file's rows).
 */
export const ZReadinessRequest = ZImportFields.omit({ target: true })
  .extend({ uploadId: z.string().uuid() })
  .transform((input, ctx) => {
    const roles = ZKindRoles[input.kind].safeParse(input.roles);
    if (!roles.success) {
      for (const issue of roles.error.issues)
        ctx.addIssue({ code: 'custom', message: issue.message, path: ['roles', ...issue.path] });
      return z.NEVER;
    }
    return { ...input, roles: roles.data } as ReadinessRequest<DataKind>;
  });

/** The counts a task's minimum is about (`TrainingStats` of packages/db). */
export const ZTrainingStats = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('market'),
    series: z.number(),
    shortest: z.object({ series: z.string(), points: z.number() }).nullable(),
  }),
  z.object({ kind: z.literal('financials'), periods: z.number() }),
  z.object({
    kind: z.literal('events'),
    spanDays: z.number(),
    usersWithTwoItems: z.number(),
    items: z.number(),
  }),
  z.object({
    kind: z.literal('customers'),
    label: z.string().nullable(),
    labelCounts: z.record(z.string(), z.number()),
  }),
]);

/** `uploads.readiness`: what the file is enough for, before it is imported. */
export const ZReadinessPreview = z.object({
  kind: z.enum(['market', 'events', 'financials', 'customers']),
  /** One per task the kind feeds with this mapping (none: customers without a churn label). */
  tasks: z.array(
    z.object({
      task: ZTask,
      label: z.string(),
      /** Enough for the task, on the rows read. */
      ready: z.boolean(),
      /** False when only the first rows were read and the rest could change the answer. */
      certain: z.boolean(),
      /** When not ready, why: as the import will say it. */
      reason: z.string().nullable(),
      /** "at least 6 months of revenue and expenses" */
      minimum: z.string(),
      /** "the file has 3 months" */
      has: z.string(),
    }),
  ),
  stats: ZTrainingStats,
  rowsRead: z.number(),
  rowsSkipped: z.number(),
  /** The whole file was read (false: stopped at the row cap or at a bad row under 'reject'). */
  complete: z.boolean(),
  /** Why the import would store nothing; null when it would store rows. */
  problem: z.string().nullable(),
});
