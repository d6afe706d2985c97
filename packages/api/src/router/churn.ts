import { getDataset, latestChurn, type ChurnOrder } from '@foresight/db';
import { TRPCError, type TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { ZChurnExportRow, ZChurnLatest } from '../schemas/churn';
import { ZJob } from '../schemas/jobs';
import { trainTask, withLatestJob } from '../services/task-results';
import { orgProcedure, type OrgContext } from '../trpc';

const ZDatasetId = z.object({ datasetId: z.string().uuid() });

// A page cursor is the last rank of the page and its order, base64url-encoded ("h:50" for highest
// risk first, "l:…" for lowest). Callers treat it as opaque; it is checked strictly on the way in.
const CURSOR = /^([hl]):([1-9]\d{0,9})$/;

function encodeCursor(order: ChurnOrder, rank: number): string {
  return Buffer.from(`${order === 'lowest' ? 'l' : 'h'}:${rank}`).toString('base64url');
}

function decodeCursor(cursor: string, order: ChurnOrder): number {
  const match = CURSOR.exec(Buffer.from(cursor, 'base64url').toString('latin1'));
  const rank = match ? Number(match[2]) : NaN;
  if (!match || !Number.isSafeInteger(rank) || encodeCursor(order, rank) !== cursor) {
    const other = match && (match[1] === 'l') !== (order === 'lowest');
    throw new TRPCError({
      code: 'BAD_REQUEST',
      message: other
        ? `This cursor belongs to the '${order === 'lowest' ? 'highest' : 'lowest'}' order: pass the same order as for the page it came from`
        : "Invalid cursor: pass a page's `nextCursor` unchanged, or leave it out for the first page",
    });
  }
  return rank;
}

/**
 * The users of an events dataset in ClickHouse who ever did `event` (null for a dataset in
 * PostgreSQL, whose per-user aggregates the churn query reads itself, or a customer table).
 */
async function usersWhoDid(
  ctx: OrgContext,
  datasetId: string,
  event: string,
): Promise<string[] | null> {
  const dataset = await getDataset(ctx.db, ctx.org.id, datasetId);
  if (dataset.kind !== 'events') return null;
  const scope = { organizationId: ctx.org.id, datasetId };
  const engine = await ctx.events.forDataset(scope);
  return engine.name === 'postgres' ? null : engine.usersWhoDid(scope, event);
}

export const churnRouter = {
  /**
   * The latest churn model of a customers or events dataset: quality report and a page of
   * scored customers by risk (pass `nextCursor` back as `cursor` for the next page).
   */
  latest: orgProcedure
    .input(
      ZDatasetId.extend({
        limit: z.number().int().min(1).max(500).default(50),
        /** The previous page's `nextCursor` (opaque); absent or null for the first page. */
        cursor: z.string().max(100).nullish(),
        /** 'highest' (default): highest risk first; 'lowest': lowest risk first. */
        order: z.enum(['highest', 'lowest']).default('highest'),
        /** Only users who never did this event (feature optimisation → at-risk non-adopters). */
        neverUsed: z.string().min(1).max(200).optional(),
      }),
    )
    .output(ZChurnLatest)
    .query(async ({ ctx, input }) => {
      const afterRank = input.cursor == null ? null : decodeCursor(input.cursor, input.order);
      const usedBy = input.neverUsed
        ? await usersWhoDid(ctx, input.datasetId, input.neverUsed)
        : null;
      const { result: churn, latestJob } = await withLatestJob(
        ctx,
        input.datasetId,
        'churn',
        latestChurn(ctx.db, ctx.org.id, input.datasetId, {
          limit: input.limit,
          order: input.order,
          afterRank,
          neverUsed: input.neverUsed,
          usedBy: usedBy ?? undefined,
        }),
      );
      if (!churn) return { churn: null, latestJob };
      const { scores, hasMore, ...model } = churn;
      const last = scores.at(-1);
      return {
        churn: {
          ...model,
          scores: {
            items: scores,
            nextCursor: hasMore && last ? encodeCursor(input.order, last.rank) : null,
          },
        },
        latestJob,
      };
    }),

  /** Every score of the latest model, highest risk first (for CSV export). */
  export: orgProcedure
    .input(ZDatasetId)
    .output(z.array(ZChurnExportRow))
    .query(async ({ ctx, input }) => {
      await getDataset(ctx.db, ctx.org.id, input.datasetId);
      const churn = await latestChurn(ctx.db, ctx.org.id, input.datasetId, { limit: 1_000_000 });
      return (churn?.scores ?? []).map((s) => ({
        id: s.id,
        rank: s.rank,
        score: s.score,
        topDriver: s.drivers[0]?.feature ?? '',
        drivers: s.drivers
          .slice(0, 3)
          .map((d) => d.text ?? d.feature)
          .join('; '),
      }));
    }),

  train: orgProcedure
    .input(ZDatasetId)
    .output(ZJob)
    .mutation(({ ctx, input }) => trainTask(ctx, input.datasetId, 'churn')),
} satisfies TRPCRouterRecord;
