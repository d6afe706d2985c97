import type { AppRouter, UploadView } from '@foresight/api';
import { createTRPCClient, httpBatchLink } from '@trpc/client';

export type { AppRouter, RouterInputs, RouterOutputs, UploadView } from '@foresight/api';

export interface ForesightClientOptions {
  /** Where Foresight runs, e.g. https://foresight.example.com */
  url: string;
  /** An organization API key (Settings → API keys): `fsk_…`. */
  apiKey: string;
}

/**
 * A typed client for the Foresight API, authenticated with an organization API key. Every
 * procedure the dashboard uses is available with its input and output types, e.g.
 * `client.forecasts.latest.query({ datasetId })`. Requests and answers are plain JSON (dates as
 * ISO strings). Rows already in memory go in one call, `uploads.fromRows`; a file is uploaded in
 * three steps: `uploads.create`, then `sendUpload` with its bytes, then `uploads.ingest` (see
 * examples/upload-train-forecast.ts).
 */
export function createForesightClient({ url, apiKey }: ForesightClientOptions) {
  return createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url: `${url.replace(/\/$/, '')}/api/trpc`,
        headers: { authorization: `Bearer ${apiKey}` },
      }),
    ],
  });
}

export type ForesightClient = ReturnType<typeof createForesightClient>;

/** An upload as `sendUpload` answers it: the same shape as `uploads.byId`. */
export type ReceivedUpload = UploadView;

/**
 * Sends a file announced with `uploads.create` to its `uploadUrl` (`PUT`, the raw bytes; a
 * stream is sent as it is read). Resolves with the upload and its detection: the columns, their
 * types and a proposed mapping per kind of data. Rejects with the server's message.
 */
export async function sendUpload(
  { url, apiKey }: ForesightClientOptions,
  uploadUrl: string,
  body: Blob | Uint8Array | ReadableStream<Uint8Array>,
): Promise<ReceivedUpload> {
  const target = /^https?:/.test(uploadUrl) ? uploadUrl : `${url.replace(/\/$/, '')}${uploadUrl}`;
  const res = await fetch(target, {
    method: 'PUT',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'text/csv' },
    body,
    duplex: 'half',
  } as RequestInit & { duplex: 'half' });
  const text = await res.text();
  let answer: unknown = null;
  try {
    answer = JSON.parse(text);
  } catch {
    /* not JSON: reported below */
  }
  if (!res.ok) {
    // The route answers `{ message }`; refusals before it (rate limit…) tRPC's `{ error }`.
    const body = (typeof answer === 'object' && answer !== null ? answer : {}) as {
      message?: unknown;
      error?: { message?: unknown };
    };
    const message = String(body.message ?? body.error?.message ?? text.slice(0, 300));
    throw new Error(`The upload failed (HTTP ${res.status}): ${message}`);
  }
  return answer as ReceivedUpload;
}
