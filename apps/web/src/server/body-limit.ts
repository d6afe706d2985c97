import { formatBytes } from '@foresight/imports';
import { refusal } from './refusal';

/**
 * Largest tRPC request body: room for `uploads.fromRows` at its row limit, far below what would
 * strain the server. Files go by `PUT /api/uploads/:id`, streamed, with their own limit.
 */
export const MAX_API_BODY_BYTES = 32 * 1024 * 1024;

/**
 * The request with its body read, refused with 413 past `maxBytes` (by Content-Length at once,
 * else while reading), so a caller cannot make the server buffer an unbounded body.
 */
export async function withBodyLimit(req: Request, maxBytes: number): Promise<Request | Response> {
  if (!req.body) return req;
  const tooLarge = () =>
    refusal(
      'PAYLOAD_TOO_LARGE',
      `The request body is larger than ${formatBytes(maxBytes)}; send rows in smaller batches`,
    );
  if (Number(req.headers.get('content-length') ?? 0) > maxBytes) return tooLarge();
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = req.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      return tooLarge();
    }
    chunks.push(value);
  }
  return new Request(req.url, {
    method: req.method,
    headers: req.headers,
    body: Buffer.concat(chunks),
  });
}
