import { describe, expect, it } from 'vitest';
import { withBodyLimit } from '../src/server/body-limit';

function post(body: BodyInit, headers: Record<string, string> = {}) {
  return new Request('http://localhost/api/trpc/uploads.fromRows', {
    method: 'POST',
    headers,
    body,
    duplex: 'half',
  } as RequestInit & { duplex: 'half' });
}

function streamOf(chunks: number, size: number): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent++ === chunks) controller.close();
      else controller.enqueue(new Uint8Array(size).fill(120));
    },
  });
}

describe('withBodyLimit', () => {
  it('passes a body within the limit on, unchanged', async () => {
    const req = await withBodyLimit(
      post('{"rows":[]}', { 'content-type': 'application/json' }),
      100,
    );
    expect(req).toBeInstanceOf(Request);
    expect(await (req as Request).text()).toBe('{"rows":[]}');
    expect((req as Request).headers.get('content-type')).toBe('application/json');
  });

  it('refuses by Content-Length before reading, in tRPC error shape', async () => {
    const res = await withBodyLimit(post('x'.repeat(10), { 'content-length': '5000' }), 100);
    expect(res).toBeInstanceOf(Response);
    expect((res as Response).status).toBe(413);
    expect(await (res as Response).json()).toEqual({
      error: {
        message: 'The request body is larger than 100 bytes; send rows in smaller batches',
        code: -32013,
        data: { code: 'PAYLOAD_TOO_LARGE', httpStatus: 413 },
      },
    });
  });

  it('refuses a streamed body once it passes the limit', async () => {
    const res = await withBodyLimit(post(streamOf(10, 64)), 300);
    expect((res as Response).status).toBe(413);
  });

  it('leaves bodiless requests alone', async () => {
    const get = new Request('http://localhost/api/trpc/jobs.all');
    expect(await withBodyLimit(get, 1)).toBe(get);
  });
});
