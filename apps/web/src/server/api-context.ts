import 'server-only';
import type { ApiContext } from '@foresight/api';
import { authenticateApiKey } from '@foresight/db';
import { localUploadStorage, type UploadFiles } from '@foresight/imports';
import { readDbEnv } from '@foresight/db/env';
import { env } from '~/env';
import { invitationMailer } from '~/server/mailer';
import { apiKeyRateLimit, refuseOverLimit } from '~/server/rate-limit';
import { refusal } from '~/server/refusal';
import { db, events, queue } from '~/server/services';
import { sessionFromHeaders } from '~/server/session';

const g = globalThis as unknown as { foresightFiles?: UploadFiles };

function files(): UploadFiles {
  g.foresightFiles ??= {
    storage: localUploadStorage(env().FORESIGHT_DATA_DIR ?? readDbEnv().FORESIGHT_DATA_DIR),
    maxBytes: env().FORESIGHT_MAX_UPLOAD_BYTES,
  };
  return g.foresightFiles;
}

/** Cookie-authenticated writes must come from this app's own pages (CSRF), as browsers say in Origin. */
export function crossSiteWrite(req: Request): Response | null {
  if (req.method === 'GET' || req.method === 'HEAD' || req.headers.has('authorization'))
    return null;
  const origin = req.headers.get('origin');
  if (origin === null || origin === new URL(env().baseURL).origin) return null;
  return refusal('FORBIDDEN', 'Cross-site request refused');
}

/**
 * The API context of a request: services authenticate with `Authorization: Bearer <organization
 * API key>` (rate-limited per key), browsers with the session cookie. Returns a Response instead
 * when the request is refused before reaching a procedure.
 */
export async function apiContext(req: Request): Promise<ApiContext | Response> {
  const refused = crossSiteWrite(req);
  if (refused) return refused;
  const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.get('authorization') ?? '')?.[1];
  const apiKey = bearer ? await authenticateApiKey(db(), bearer, apiKeyRateLimit()) : null;
  const limited = refuseOverLimit(apiKey?.rate ?? null);
  if (limited) return limited;
  return {
    db: db(),
    events: await events(),
    queue: { send: async (name, payload) => (await queue()).send(name, payload) },
    files: files(),
    background: (task) => {
      task().catch((error: unknown) => console.error('[background]', error));
    },
    session: bearer ? null : await sessionFromHeaders(req.headers),
    apiKey,
    invalidApiKey: !!bearer && !apiKey,
    mailer: invitationMailer(),
    appSecret: env().BETTER_AUTH_SECRET,
    allowLocalWebhooks: env().FORESIGHT_ALLOW_LOCAL_WEBHOOKS === '1',
  };
}
