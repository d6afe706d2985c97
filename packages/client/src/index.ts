import type { AppRouter } from '@foresight/api';
import {
  createTRPCClient,
  httpBatchLink,
  httpLink,
  isNonJsonSerializable,
  splitLink,
} from '@trpc/client';
import superjson from 'superjson';

export type { AppRouter, RouterInputs, RouterOutputs } from '@foresight/api';

export interface ForesightClientOptions {
  /** Where Foresight runs, e.g. https://foresight.example.com */
  url: string;
  /** An organization API key (Settings → API keys): `fsk_…`. */
  apiKey: string;
}

/**
 * A typed client for the Foresight API, authenticated with an organization API key. Every
 * procedure the dashboard uses is available with its input and output types, e.g.
 * `client.forecasts.latest.query({ datasetId })`. Uploads take FormData (sent unbatched).
 */
export function createForesightClient({ url, apiKey }: ForesightClientOptions) {
  const endpoint = `${url.replace(/\/$/, '')}/api/trpc`;
  const headers = { authorization: `Bearer ${apiKey}` };
  return createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => isNonJsonSerializable(op.input),
        true: httpLink({ url: endpoint, transformer: superjson, headers }),
        false: httpBatchLink({ url: endpoint, transformer: superjson, headers }),
      }),
    ],
  });
}

export type ForesightClient = ReturnType<typeof createForesightClient>;
