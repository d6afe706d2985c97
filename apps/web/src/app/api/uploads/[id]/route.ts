import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { appRouter, createCallerFactory } from '@foresight/api';
import { TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { apiContext } from '~/server/api-context';

export const dynamic = 'force-dynamic';

const createCaller = createCallerFactory(appRouter);

/**
 * PUT /api/uploads/:id — the raw bytes of a file announced with `uploads.create`. The body is
 * streamed to storage (never held whole in memory); the answer is the upload with its detection
 * (delimiter, header, column types, proposed mapping), or `{ message }` with a 4xx status.
 */
export async function PUT(req: Request, { params }: { params: Promise<{ id: string }> }) {
  const ctx = await apiContext(req);
  if (ctx instanceof Response) return ctx;
  const { id } = await params;
  if (!req.body) return Response.json({ message: 'The request has no file body' }, { status: 400 });
  try {
    const body = Readable.fromWeb(req.body as WebReadableStream<Uint8Array>);
    const view = await createCaller(ctx).uploads.receive({ id, body });
    return Response.json(view);
  } catch (error) {
    if (error instanceof TRPCError) {
      const message =
        error.code === 'BAD_REQUEST' && error.cause && 'issues' in error.cause
          ? 'Unknown upload id'
          : error.message;
      return Response.json({ message }, { status: getHTTPStatusCodeFromError(error) });
    }
    console.error('[uploads] receive failed:', error);
    return Response.json(
      { message: 'The upload failed on the server; try again' },
      { status: 500 },
    );
  }
}
