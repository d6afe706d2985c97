import { Readable } from 'node:stream';
import { getUpload } from '@foresight/db';
import { ZImportFields, ZImportTarget, withKindRoles } from '@foresight/imports';
import { DATA_KINDS, ZColumnSpec } from '@foresight/ingest';
import { previewUploadReadiness } from '@foresight/imports';
import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { ZReadinessPreview, ZReadinessRequest } from '../schemas/upload-readiness';
import { ZOpenedUpload, ZRowsUploaded, ZUpload } from '../schemas/uploads';
import { cancelUploadImport, queueImport } from '../services/ingest-upload';
import { openUpload, receiveUpload, uploadView } from '../services/receive-upload';
import { ingestRows } from '../services/rows-upload';
import { orgProcedure, type OrgContext } from '../trpc';

/** Most rows one `uploads.fromRows` call takes; send more as appends. */
export const MAX_JSON_ROWS = 50_000;

const ZById = z.object({ id: z.string().uuid() });

const ZTarget = ZImportTarget;

const ZIngest = ZImportFields.extend({ uploadId: z.string().uuid() }).transform(withKindRoles);

function ingestDeps(ctx: OrgContext) {
  return {
    db: ctx.db,
    events: ctx.events,
    queue: ctx.queue,
    files: ctx.files,
    organizationId: ctx.org.id,
    userId: ctx.actor.userId,
    log: (message: string, error?: unknown) => console.error(`[ingest] ${message}:`, error),
  };
}

export const uploadsRouter = {
  /**
   * Step 1: announce a file (name and size); too-large files are refused here. Then PUT its
   * bytes to `uploadUrl` (raw body, any content type), which answers with the detection.
   */
  create: orgProcedure
    .input(
      z.object({
        fileName: z.string().trim().min(1).max(255),
        sizeBytes: z.number().int().min(0),
      }),
    )
    .output(ZOpenedUpload)
    .mutation(({ ctx, input }) =>
      openUpload(ctx.db, ctx.files, {
        organizationId: ctx.org.id,
        userId: ctx.actor.userId,
        fileName: input.fileName,
        sizeBytes: input.sizeBytes,
      }),
    ),

  /** Step 2 (server side only: the HTTP route streams the request body into this). */
  receive: orgProcedure
    .input(z.object({ id: z.string().uuid(), body: z.instanceof(Readable) }))
    .output(ZUpload)
    .mutation(({ ctx, input }) =>
      receiveUpload(ctx.db, ctx.files, ctx.org.id, input.id, input.body),
    ),

  /** The upload: detection once received, then progress, result or problems while importing. */
  byId: orgProcedure
    .input(ZById)
    .output(ZUpload)
    .query(async ({ ctx, input }) => uploadView(await getUpload(ctx.db, ctx.org.id, input.id))),

  /**
   * Before importing: which tasks the file's rows are enough for under a mapping, each with its
   * minimum and what the file has. Reads the file as the import would (up to the first 200,000
   * rows) and stores nothing.
   */
  readiness: orgProcedure
    .input(ZReadinessRequest)
    .output(ZReadinessPreview)
    .query(({ ctx, input }) =>
      previewUploadReadiness({ db: ctx.db, files: ctx.files, organizationId: ctx.org.id }, input),
    ),

  /**
   * Step 3: import a received file with a confirmed mapping, into a new dataset or appended to /
   * replacing an existing one. Queues the import for the trainer and returns at once; poll
   * `byId` for progress and the outcome.
   */
  ingest: orgProcedure
    .input(ZIngest)
    .output(z.object({ uploadId: z.string() }))
    .mutation(async ({ ctx, input }) => {
      await queueImport(ingestDeps(ctx), input);
      return { uploadId: input.uploadId };
    }),

  /**
   * Cancels a queued or running import: nothing is stored, and the upload goes back to `staged`
   * (its file kept) to be mapped and imported again.
   */
  cancelImport: orgProcedure
    .input(ZById)
    .output(ZUpload)
    .mutation(async ({ ctx, input }) => {
      await cancelUploadImport(ctx.db, ctx.org.id, input.id);
      return uploadView(await getUpload(ctx.db, ctx.org.id, input.id));
    }),

  /**
   * For services: rows as JSON objects (column name → value), imported in one call with the same
   * detection, validation and all-or-nothing store as a file. Types and the mapping are detected
   * unless given. Answers once stored; refused rows throw BAD_REQUEST naming `rows[i]` and the
   * column, with every problem in the error's `data.rowsRejected`.
   */
  fromRows: orgProcedure
    .input(
      z.object({
        kind: z.enum(DATA_KINDS),
        target: ZTarget,
        rows: z
          .array(
            z.record(
              z.string().min(1).max(200),
              z.union([z.string().max(10_000), z.number(), z.boolean(), z.null()]),
            ),
          )
          .min(1, 'Send at least one row')
          .max(
            MAX_JSON_ROWS,
            `Send at most ${MAX_JSON_ROWS.toLocaleString('en-US')} rows per call`,
          ),
        roles: z.unknown().optional(),
        columns: z.array(ZColumnSpec).max(2000).optional(),
        badRows: z.enum(['reject', 'skip']).default('reject'),
        fileName: z.string().trim().min(1).max(255).optional(),
      }),
    )
    .output(ZRowsUploaded)
    .mutation(({ ctx, input }) => ingestRows(ingestDeps(ctx), input)),
} satisfies TRPCRouterRecord;
