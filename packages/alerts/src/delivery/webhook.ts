import { createHmac, timingSafeEqual } from 'node:crypto';
import {
  deliveryToSend,
  recordDeliveryAttempt,
  type DbHandle,
  type DeliveryToSend,
} from '@foresight/db';
import { decryptSecret } from './secret';
import { webhookUrlProblem } from './url';

// Webhook delivery: one POST of one notification to one endpoint per try, signed Stripe-style so
// a receiver can check it came from us and refuse replays. The body and the signature are
// documented for receivers in docs/webhooks.md; keep the two in step.

/** The JSON body POSTed to an endpoint (docs/webhooks.md). */
export interface WebhookPayload {
  /** The delivery's id: the same on every retry of it (receivers de-duplicate on it). */
  id: string;
  type: 'alert.fired' | 'digest.weekly';
  organizationId: string;
  /** When the notification was created (ISO 8601, UTC). */
  createdAt: string;
  title: string;
  body: string;
  /** Where to look in Foresight (absolute URL). */
  link: string;
  /** The numbers behind the notification (an alert's values, or the digest's sections). */
  data: Record<string, unknown>;
  /** Title, body and link in Slack mrkdwn: a Slack incoming webhook posts it as is. */
  text: string;
}

export const SIGNATURE_HEADER = 'Foresight-Signature';
export const DELIVERY_HEADER = 'Foresight-Delivery';
/** How long one try waits for the endpoint's answer. */
export const WEBHOOK_TIMEOUT_MS = 10_000;
/** The most of `body` carried in `text` (Slack shows about this much before "Show more"). */
const SLACK_BODY_LIMIT = 3_000;

/** Slack mrkdwn control characters as entities (https://api.slack.com/reference/surfaces/formatting). */
function slackEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The link of a notification as an absolute URL on the app's public origin. */
export function absoluteLink(link: string | null, baseUrl: string): string {
  return new URL(link ?? '/', baseUrl).toString();
}

export function webhookPayload(delivery: DeliveryToSend, baseUrl: string): WebhookPayload {
  const n = delivery.notification;
  const link = absoluteLink(n.link, baseUrl);
  const body =
    n.body.length > SLACK_BODY_LIMIT ? `${n.body.slice(0, SLACK_BODY_LIMIT - 1)}…` : n.body;
  return {
    id: delivery.id,
    type: n.kind === 'digest' ? 'digest.weekly' : 'alert.fired',
    organizationId: delivery.organizationId,
    createdAt: new Date(n.createdAt).toISOString(),
    title: n.title,
    body: n.body,
    link,
    data: n.data,
    text: `*${slackEscape(n.title)}*\n${slackEscape(body)}\n<${link}|Open in Foresight>`,
  };
}

function hmacHex(secret: string, timestamp: number, rawBody: string | Buffer): string {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest('hex');
}

/** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>" keyed with the endpoint secret>`. */
export function signWebhook(rawBody: string, secret: string, timestampSeconds: number): string {
  const t = Math.floor(timestampSeconds);
  return `t=${t},v1=${hmacHex(secret, t, rawBody)}`;
}

/**
 * For receivers: whether `header` (the Foresight-Signature value) signs exactly `rawBody` (the
 * bytes received, before any JSON parsing) with `secret`, within `toleranceSeconds` of now
 * (older or future-dated signatures are refused, so a captured request cannot be replayed
 * later). Several v1 entries are accepted, any one matching.
 */
export function verifyWebhookSignature(
  rawBody: string | Buffer,
  header: string | null | undefined,
  secret: string,
  toleranceSeconds = 300,
  nowSeconds = Date.now() / 1000,
): boolean {
  if (!header) return false;
  let timestamp: number | null = null;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const [key, value] = part.trim().split('=', 2);
    if (key === 't' && value && /^\d+$/.test(value)) timestamp = Number(value);
    else if (key === 'v1' && value) signatures.push(value);
  }
  if (timestamp === null || signatures.length === 0) return false;
  if (Math.abs(nowSeconds - timestamp) > toleranceSeconds) return false;
  const expected = Buffer.from(hmacHex(secret, timestamp, rawBody), 'hex');
  return signatures.some((s) => {
    const given = Buffer.from(s, 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}

export interface WebhookDeps {
  db: DbHandle;
  /** `webhookKey(BETTER_AUTH_SECRET)`: decrypts the endpoints' signing secrets. */
  secretKey: Buffer;
  /** The app's public origin (BETTER_AUTH_URL), for the absolute `link`. */
  baseUrl: string;
  /** FORESIGHT_ALLOW_LOCAL_WEBHOOKS=1: http:// to localhost is allowed (as when creating endpoints). */
  allowLocalHttp: boolean;
  /** The clock of the signature's timestamp (tests). */
  now?: () => Date;
}

/** Which try of the queue job this is: pg-boss's retryCount + 1, and whether none follows. */
export interface WebhookTry {
  tryNumber: number;
  lastTry: boolean;
}

export type WebhookOutcome =
  | { status: 'delivered'; statusCode: number }
  | { status: 'failed'; statusCode: number | null; error: string }
  | { status: 'skipped'; reason: string };

/** A try that failed and will be retried: thrown so that the queue retries the job. */
export class WebhookTryError extends Error {
  constructor(
    readonly deliveryId: string,
    readonly statusCode: number | null,
    reason: string,
  ) {
    super(`Webhook delivery ${deliveryId} failed (${reason}); it will be retried`);
    this.name = 'WebhookTryError';
  }
}

/** Up to `limit` characters of a response body, for the delivery log. */
async function snippet(response: Response, limit = 200): Promise<string> {
  try {
    const text = (await response.text()).replace(/\s+/g, ' ').trim();
    return text.length > limit ? `${text.slice(0, limit)}…` : text;
  } catch {
    return '';
  }
}

function networkError(error: unknown): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return `no answer within ${WEBHOOK_TIMEOUT_MS / 1000} s`;
  }
  const cause = (error as { cause?: { code?: string; message?: string } } | null)?.cause;
  const detail = cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : '');
  return `could not reach the endpoint${detail ? `: ${detail}` : ''}`;
}

/** One POST; the status code and, when not 2xx, why in words. */
async function post(
  url: string,
  headers: Record<string, string>,
  rawBody: string,
): Promise<
  { ok: true; statusCode: number } | { ok: false; statusCode: number | null; error: string }
> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers,
      body: rawBody,
      redirect: 'manual',
      signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
    });
  } catch (error) {
    return { ok: false, statusCode: null, error: networkError(error) };
  }
  const statusCode = response.status;
  if (statusCode >= 200 && statusCode < 300) {
    await response.body?.cancel().catch(() => undefined);
    return { ok: true, statusCode };
  }
  if (statusCode >= 300 && statusCode < 400) {
    await response.body?.cancel().catch(() => undefined);
    const location = response.headers.get('location');
    return {
      ok: false,
      statusCode,
      error: `HTTP ${statusCode}: redirects are not followed${location ? ` (to ${location})` : ''}; use the final URL`,
    };
  }
  const text = await snippet(response);
  return {
    ok: false,
    statusCode,
    error: `HTTP ${statusCode}${response.statusText ? ` ${response.statusText}` : ''}${text ? `: ${text}` : ''}`,
  };
}

/**
 * The deliverWebhook job: one try of one delivery. Skips a delivery that is gone, already
 * delivered or failed, or whose endpoint is disabled; marks it failed at once, without sending,
 * when its URL is no longer allowed or its secret cannot be decrypted. A 2xx answer marks it delivered. Anything
 * else (non-2xx, redirect, network error, 10 s timeout) is recorded on the delivery (still
 * pending, with the status code or error) and thrown, so the queue retries with backoff; on the
 * last try it is marked failed instead and not thrown.
 */
export async function deliverWebhook(
  deps: WebhookDeps,
  payload: { deliveryId: string },
  attempt: WebhookTry,
): Promise<WebhookOutcome> {
  const delivery = await deliveryToSend(deps.db, payload.deliveryId);
  if (!delivery) return { status: 'skipped', reason: 'the delivery or its endpoint was deleted' };
  if (delivery.status !== 'pending') {
    return { status: 'skipped', reason: `already ${delivery.status}` };
  }
  if (delivery.endpointDisabled) return { status: 'skipped', reason: 'the endpoint is disabled' };

  const refused = webhookUrlProblem(delivery.url, { allowLocalHttp: deps.allowLocalHttp });
  if (refused) {
    // Not something a retry fixes.
    const error = `Not sent: ${refused}`;
    await recordDeliveryAttempt(deps.db, delivery.id, {
      status: 'failed',
      statusCode: null,
      error,
    });
    return { status: 'failed', statusCode: null, error };
  }

  let secret: string;
  try {
    secret = decryptSecret(delivery.secretCiphertext, deps.secretKey);
  } catch {
    // Not something a retry fixes either: the app secret changed since the endpoint was made.
    const error =
      "Not sent: the endpoint's signing secret cannot be decrypted (was BETTER_AUTH_SECRET changed?); delete the endpoint and add it again";
    await recordDeliveryAttempt(deps.db, delivery.id, {
      status: 'failed',
      statusCode: null,
      error,
    });
    return { status: 'failed', statusCode: null, error };
  }
  const rawBody = JSON.stringify(webhookPayload(delivery, deps.baseUrl));
  const now = (deps.now?.() ?? new Date()).getTime() / 1000;
  const result = await post(
    delivery.url,
    {
      'Content-Type': 'application/json',
      'User-Agent': 'Foresight-Webhooks/1',
      [SIGNATURE_HEADER]: signWebhook(rawBody, secret, now),
      [DELIVERY_HEADER]: delivery.id,
    },
    rawBody,
  );
  if (result.ok) {
    await recordDeliveryAttempt(deps.db, delivery.id, {
      status: 'delivered',
      statusCode: result.statusCode,
      error: null,
    });
    return { status: 'delivered', statusCode: result.statusCode };
  }
  const error = attempt.lastTry
    ? `${result.error} (try ${attempt.tryNumber}, the last; gave up)`
    : `${result.error} (try ${attempt.tryNumber})`;
  await recordDeliveryAttempt(deps.db, delivery.id, {
    status: attempt.lastTry ? 'failed' : 'pending',
    statusCode: result.statusCode,
    error,
  });
  if (attempt.lastTry) return { status: 'failed', statusCode: result.statusCode, error };
  throw new WebhookTryError(delivery.id, result.statusCode, result.error);
}
