import { appRouter } from '@foresight/api';
import { authenticateApiKey } from '@foresight/db';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { db, queue } from '~/server/services';
import { sessionFromHeaders } from '~/server/session';

export const dynamic = 'force-dynamic';

function handler(req: Request) {
  return fetchRequestHandler({
    endpoint: '/api/trpc',
    router: appRouter,
    req,
    createContext: async () => {
      // Services authenticate with `Authorization: Bearer <organization API key>`; browsers with
      // the session cookie.
      const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.get('authorization') ?? '')?.[1];
      const apiKey = bearer ? await authenticateApiKey(db(), bearer) : null;
      return {
        db: db(),
        queue: { send: async (name, payload) => (await queue()).send(name, payload) },
        session: bearer ? null : await sessionFromHeaders(req.headers),
        apiKey,
        invalidApiKey: !!bearer && !apiKey,
      };
    },
    onError({ path, error }) {
      if (error.code === 'INTERNAL_SERVER_ERROR') console.error(`[trpc] ${path ?? '?'}:`, error);
    },
  });
}

export { handler as GET, handler as POST };
