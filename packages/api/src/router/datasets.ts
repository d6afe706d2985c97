import { deleteDataset, getDataset, listDatasets, readMarketSeries } from '@foresight/db';
import type { TRPCRouterRecord } from '@trpc/server';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import {
  uploadCustomersDataset,
  uploadEventsDataset,
  uploadFinancialsDataset,
  uploadMarketDataset,
  type UploadOptions,
  type UploadResult,
} from '../services/upload-dataset';
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

const ZUploadFinancialsFields = z
  .object({
    name: z.string().trim().min(1, 'Give the dataset a name').max(120),
    dateColumn: z.string().min(1, 'Pick the period (date) column'),
    revenueColumn: z.string().min(1, 'Pick the revenue column'),
    expenseColumns: z
      .array(z.string().min(1), { error: 'Pick at least one expense column' })
      .min(1, 'Pick at least one expense column'),
    cashColumn: z
      .string()
      .optional()
      .transform((v) => (v ? v : null)),
    startingCash: z
      .string()
      .optional()
      .transform((v, ctx) => {
        if (!v || !v.trim()) return null;
        const n = Number(v.replace(/[,$€£\s]/g, ''));
        if (!Number.isFinite(n)) {
          ctx.addIssue({ code: 'custom', message: `Starting cash "${v}" is not a number` });
          return z.NEVER;
        }
        return n;
      }),
  })
  .refine((f) => f.cashColumn !== null || f.startingCash !== null, {
    message: 'Pick the cash balance column, or enter the cash at the start of the first period',
    path: ['cashColumn'],
  });

const optionalColumn = z
  .string()
  .optional()
  .transform((v) => (v ? v : null));

const ZUploadEventsFields = z.object({
  name: z.string().trim().min(1, 'Give the dataset a name').max(120),
  userColumn: z.string().min(1, 'Pick the user id column'),
  timeColumn: z.string().min(1, 'Pick the timestamp column'),
  eventColumn: optionalColumn,
  itemColumn: optionalColumn,
  valueColumn: optionalColumn,
});

const ZUploadCustomersFields = z.object({
  name: z.string().trim().min(1, 'Give the dataset a name').max(120),
  idColumn: z.string().min(1, 'Pick the customer id column'),
  labelColumn: optionalColumn,
  columns: z
    .array(z.string().min(1), { error: 'The header columns are missing' })
    .min(2, 'A customers file needs an id column and at least one attribute')
    .max(1000, 'At most 1,000 columns'),
});

const ZById = z.object({ id: z.string().uuid() });

/** The uploaded file of a multipart upload, checked for presence and size. */
function uploadedFile(form: FormData): File {
  const file = form.get('file');
  if (!(file instanceof File) || file.size === 0) {
    throw new TRPCError({ code: 'BAD_REQUEST', message: 'Choose a non-empty CSV file to upload' });
  }
  if (file.size > MAX_UPLOAD_BYTES) {
    throw new TRPCError({
      code: 'PAYLOAD_TOO_LARGE',
      message: `The file is ${(file.size / 1e6).toFixed(0)} MB; the limit is ${MAX_UPLOAD_BYTES / 1e6} MB`,
    });
  }
  return file;
}

/** Form fields that may repeat (multi-selects); the rest are single values. */
const LIST_FIELDS = new Set(['expenseColumns', 'columns']);

/** The form's text fields, lists for the multi-select ones. */
function formFields(form: FormData): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(form.keys())) {
    if (key === 'file') continue;
    const values = form.getAll(key).filter((v): v is string => typeof v === 'string');
    out[key] = LIST_FIELDS.has(key) ? values : (values[0] ?? '');
  }
  return out;
}

/**
 * A multipart upload mutation: checks the file, validates the form's fields with `fields`, and
 * hands the stream and the column mapping to the kind's upload service.
 */
function uploadMutation<F extends { name: string }, M>(
  fields: z.ZodType<F, unknown>,
  upload: (options: UploadOptions<M>) => Promise<UploadResult>,
  mappingOf: (fields: F) => M,
) {
  return orgProcedure.input(z.instanceof(FormData)).mutation(({ ctx, input }) => {
    const file = uploadedFile(input);
    const f = fields.parse(formFields(input));
    return upload({
      db: ctx.db,
      queue: ctx.queue,
      organizationId: ctx.org.id,
      userId: ctx.actor.userId,
      name: f.name,
      fileName: file.name || null,
      file: file.stream() as never,
      mapping: mappingOf(f),
    });
  });
}

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
  uploadMarket: uploadMutation(ZUploadMarketFields, uploadMarketDataset, (f) => ({
    date: f.dateColumn,
    value: f.valueColumn,
    series: f.seriesColumn,
  })),

  /** multipart/form-data: file, name, dateColumn, revenueColumn, expenseColumns (repeated), cashColumn? | startingCash? */
  uploadFinancials: uploadMutation(ZUploadFinancialsFields, uploadFinancialsDataset, (f) => ({
    date: f.dateColumn,
    revenue: f.revenueColumn,
    expenses: f.expenseColumns,
    cash: f.cashColumn,
    startingCash: f.startingCash,
  })),

  /** multipart/form-data: file, name, userColumn, timeColumn, eventColumn?, itemColumn?, valueColumn? */
  uploadEvents: uploadMutation(ZUploadEventsFields, uploadEventsDataset, (f) => ({
    user: f.userColumn,
    time: f.timeColumn,
    event: f.eventColumn,
    item: f.itemColumn,
    value: f.valueColumn,
  })),

  /** multipart/form-data: file, name, idColumn, labelColumn?, columns (repeated: the header) */
  uploadCustomers: uploadMutation(ZUploadCustomersFields, uploadCustomersDataset, (f) => ({
    id: f.idColumn,
    label: f.labelColumn,
    columns: f.columns,
  })),

  delete: orgProcedure.input(ZById).mutation(async ({ ctx, input }) => {
    await deleteDataset(ctx.db, ctx.org.id, input.id);
    return { id: input.id };
  }),
} satisfies TRPCRouterRecord;
