import { encryptSecret, newWebhookSecret, webhookKey, webhookUrlProblem } from '@foresight/alerts';
import { createWebhookEndpoint, type WebhookEndpointRecord } from '@foresight/db';
import { TRPCError } from '@trpc/server';
import type { OrgContext } from '../trpc';

/**
 * Adds a webhook endpoint after checking its URL (https, or http to localhost when the server
 * allows it), with a new signing secret stored encrypted under the app secret; the secret itself
 * is returned this once.
 */
export async function createEndpoint(
  ctx: OrgContext,
  input: { url: string; description: string },
): Promise<{ secret: string; endpoint: WebhookEndpointRecord }> {
  const problem = webhookUrlProblem(input.url, { allowLocalHttp: ctx.allowLocalWebhooks ?? false });
  if (problem) throw new TRPCError({ code: 'BAD_REQUEST', message: problem });
  if (!ctx.appSecret) {
    throw new TRPCError({
      code: 'INTERNAL_SERVER_ERROR',
      message: 'Webhooks need the app secret: the server was started without BETTER_AUTH_SECRET',
    });
  }
  const { secret, prefix } = newWebhookSecret();
  const endpoint = await createWebhookEndpoint(ctx.db, ctx.org.id, ctx.actor.userId, {
    url: input.url,
    description: input.description,
    secretCiphertext: encryptSecret(secret, webhookKey(ctx.appSecret)),
    secretPrefix: prefix,
  });
  return { secret, endpoint };
}
