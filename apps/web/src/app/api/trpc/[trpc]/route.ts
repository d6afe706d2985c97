import { appRouter } from '@foresight/api';
import { authenticateApiKey } from '@foresight/db';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { env } from '~/env';
import { limitApiKey } from '~/server/rate-limit';
import { db, queue } from '~/server/services';
import { sessionFromHeaders } from '~/server/session';

export const dynamic = 'force-dynamic';

/** Cookie-authenticated writes must come from this app's own pages (CSRF), as browsers say in Origin. */
function crossSiteWrite(req: Request): boolean {
  if (req.method !== 'POST' || req.headers.has('authorization')) return false;
  const origin = req.headers.get('origin');
  return origin !== null && origin !== new URL(env().baseURL).origin;
}

async function handler(req: Request) {
  if (crossSiteWrite(req)) {
    return Response.json(
      { code: 'FORBIDDEN', message: 'Cross-site request refused' },
      { status: 403 },
    );
  }
  // Services authenticate with `Authorization: Bearer <organization API key>`; browsers with
  // the session cookie.
  const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.get('authorization') ?? '')?.[1];
  const apiKey = bearer ? await authenticateApiKey(db(), bearer) : null;
  if (apiKey) {
    const limited = await limitApiKey(apiKey.keyId);
    if (limited) return limited;
  }
  return fetchRequestHandler({
    endpoint: '/api/trpc',
    router: appRouter,
    req,
    createContext: async () => {
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
