import { appRouter } from '@foresight/api';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { apiContext } from '~/server/api-context';
import { MAX_API_BODY_BYTES, withBodyLimit } from '~/server/body-limit';

export const dynamic = 'force-dynamic';

async function handler(req: Request) {
  const ctx = await apiContext(req);
  if (ctx instanceof Response) return ctx;
  const limited = await withBodyLimit(req, MAX_API_BODY_BYTES);
  if (limited instanceof Response) return limited;
  return fetchRequestHandler({
    endpoint: '/api/trpc',
    router: appRouter,
    req: limited,
    createContext: () => ctx,
    // Queries with large inputs (uploads.readiness) come as POST; see the client's links.
    allowMethodOverride: true,
    // Answers are one organization's data: never kept by browsers or proxies.
    responseMeta: () => ({ headers: { 'cache-control': 'no-store' } }),
    onError({ path, error }) {
      if (error.code === 'INTERNAL_SERVER_ERROR') console.error(`[trpc] ${path ?? '?'}:`, error);
    },
  });
}

export { handler as GET, handler as POST };
