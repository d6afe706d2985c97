import { appRouter } from '@foresight/api';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { db, queue } from '~/server/services';
import { sessionFromHeaders } from '~/server/session';

export const dynamic = 'force-dynamic';

function handler(req: Request) {
  return fetchRequestHandler({
    endpoint: '/api/trpc',
    router: appRouter,
    req,
    createContext: async () => ({
      db: db(),
      queue: { send: async (name, payload) => (await queue()).send(name, payload) },
      session: await sessionFromHeaders(req.headers),
    }),
    onError({ path, error }) {
      if (error.code === 'INTERNAL_SERVER_ERROR') console.error(`[trpc] ${path ?? '?'}:`, error);
    },
  });
}

export { handler as GET, handler as POST };
