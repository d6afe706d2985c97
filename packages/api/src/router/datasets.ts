import { deleteDataset, getDataset, listDatasets, readMarketSeries } from '@foresight/db';
import type { TRPCRouterRecord } from '@trpc/server';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { uploadMarketDataset } from '../services/upload-market';
import { orgProcedure } from '../trpc';

export const MAX_UPLOAD_BYTES = 200 * 1024 * 1024;

const ZUploadMarketFields = z.object({
  name: z.string().trim().min(1, 'Give the dataset a name').max(120),
  dateColumn: z.string().min(1, 'Pick the date column'),
  valueColumn: z.string().min(1, 'Pick the value column'),
  seriesColumn: z
    .string()
    .optional()
    .transform((v) => (v ? v : null)),
});

const ZById = z.object({ id: z.string().uuid() });

export const datasetsRouter = {
  all: orgProcedure.query(({ ctx }) => listDatasets(ctx.db, ctx.org.id)),

  byId: orgProcedure
    .input(ZById)
    .query(({ ctx, input }) => getDataset(ctx.db, ctx.org.id, input.id)),

  /** Every series of a market dataset (dates + values), for charts. */
  series: orgProcedure.input(ZById).query(async ({ ctx, input }) => {
    await getDataset(ctx.db, ctx.org.id, input.id);
    return readMarketSeries(ctx.db, ctx.org.id, input.id);
  }),

  /** multipart/form-data: file, name, dateColumn, valueColumn, seriesColumn? */
  uploadMarket: orgProcedure.input(z.instanceof(FormData)).mutation(async ({ ctx, input }) => {
    const file = input.get('file');
    if (!(file instanceof File) || file.size === 0) {
      throw new TRPCError({
        code: 'BAD_REQUEST',
        message: 'Choose a non-empty CSV file to upload',
      });
    }
    if (file.size > MAX_UPLOAD_BYTES) {
      throw new TRPCError({
        code: 'PAYLOAD_TOO_LARGE',
        message: `The file is ${(file.size / 1e6).toFixed(0)} MB; the limit is ${MAX_UPLOAD_BYTES / 1e6} MB`,
      });
    }
    const fields = ZUploadMarketFields.parse(
      Object.fromEntries([...input.entries()].filter(([k]) => k !== 'file')),
    );
    return uploadMarketDataset({
      db: ctx.db,
      queue: ctx.queue,
      organizationId: ctx.org.id,
      userId: ctx.session.userId,
      name: fields.name,
      fileName: file.name || null,
      file: file.stream() as never,
      mapping: { date: fields.dateColumn, value: fields.valueColumn, series: fields.seriesColumn },
    });
  }),

  delete: orgProcedure.input(ZById).mutation(async ({ ctx, input }) => {
    await deleteDataset(ctx.db, ctx.org.id, input.id);
    return { id: input.id };
  }),
} satisfies TRPCRouterRecord;
