import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createNotification,
  createWebhookEndpoint,
  listDeliveries,
  type DeliveryRecord,
} from '@foresight/db';
import { createTestDatabase, seedOrganization, type TestDatabase } from '@foresight/db/testing';
import { WEBHOOK_TRIES, jobDefinitions } from '@foresight/queue';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  WebhookTryError,
  deliverWebhook,
  signWebhook,
  verifyWebhookSignature,
  type WebhookDeps,
  type WebhookPayload,
} from '../src';
import { encryptSecret, newWebhookSecret, webhookKey } from '../src/delivery/secret';

/** A webhook receiver on 127.0.0.1: records each request and answers from `answers` in turn. */
interface Received {
  headers: http.IncomingHttpHeaders;
  rawBody: string;
  path: string;
}

function receiver() {
  const requests: Received[] = [];
  let answers: { status: number; headers?: Record<string, string> }[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests.push({
        headers: req.headers,
        rawBody: Buffer.concat(chunks).toString('utf8'),
        path: req.url ?? '',
      });
      const answer = answers.length > 1 ? answers.shift()! : (answers[0] ?? { status: 200 });
      res.writeHead(answer.status, answer.headers ?? { 'Content-Type': 'text/plain' });
      res.end(answer.status >= 400 ? 'receiver is down for maintenance' : 'ok');
    });
  });
  return new Promise<{
    url: string;
    requests: Received[];
    answer(list: { status: number; headers?: Record<string, string> }[]): void;
    close(): Promise<void>;
  }>((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}/foresight-hook`,
        requests,
        answer(list) {
          answers = [...list];
        },
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    }),
  );
}

let t: TestDatabase;
let hook: Awaited<ReturnType<typeof receiver>>;
let org: { organizationId: string; userId: string };
let deps: WebhookDeps;
const { secret, prefix } = newWebhookSecret();
const key = webhookKey('a'.repeat(40));

beforeAll(async () => {
  t = await createTestDatabase();
  hook = await receiver();
  org = await seedOrganization(t.db, 'hooks');
  deps = {
    db: t.db,
    secretKey: key,
    baseUrl: 'https://foresight.example.com',
    allowLocalHttp: true,
  };
});
afterAll(async () => {
  await hook.close();
  await t.drop();
});

let period = 0;
/** A fresh endpoint on the receiver (unless a URL is given) and one notification to it. */
async function oneDelivery(url = hook.url) {
  const endpoint = await createWebhookEndpoint(t.db, org.organizationId, org.userId, {
    url,
    description: 'test receiver',
    secretCiphertext: encryptSecret(secret, key),
    secretPrefix: prefix,
  });
  const notified = await createNotification(t.db, org.organizationId, {
    kind: 'alert',
    periodKey: `test-${++period}`,
    title: 'MRR fell below 10,000 <USD>',
    body: 'MRR is 9,500 USD & falling (threshold 10,000 USD).',
    link: '/trends?dataset=abc',
    data: { values: { mrr: 9500 } },
  });
  // Earlier endpoints of the organization get a delivery too; this test follows the new one.
  const deliveries = await listDeliveries(t.db, org.organizationId, endpoint.id);
  expect(deliveries).toHaveLength(1);
  expect(notified!.deliveryIds).toContain(deliveries[0]!.id);
  return { endpointId: endpoint.id, deliveryId: deliveries[0]!.id };
}

async function deliveryRow(endpointId: string): Promise<DeliveryRecord> {
  return (await listDeliveries(t.db, org.organizationId, endpointId))[0]!;
}

const firstTry = { tryNumber: 1, lastTry: false };

describe('deliverWebhook', () => {
  it('POSTs the documented body, signed, to the endpoint; the receiver verifies it', async () => {
    const { endpointId, deliveryId } = await oneDelivery();
    hook.answer([{ status: 204 }]);
    const before = hook.requests.length;
    await expect(deliverWebhook(deps, { deliveryId }, firstTry)).resolves.toEqual({
      status: 'delivered',
      statusCode: 204,
    });
    expect(hook.requests).toHaveLength(before + 1);
    const request = hook.requests.at(-1)!;
    expect(request.path).toBe('/foresight-hook');
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers['foresight-delivery']).toBe(deliveryId);
    const signature = request.headers['foresight-signature'] as string;
    expect(signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature(request.rawBody, signature, secret)).toBe(true);
    // Another secret, a changed body or a replay outside the tolerance are refused.
    expect(verifyWebhookSignature(request.rawBody, signature, newWebhookSecret().secret)).toBe(
      false,
    );
    expect(verifyWebhookSignature(request.rawBody.replace('9500', '9501'), signature, secret)).toBe(
      false,
    );
    const t0 = Number(/t=(\d+)/.exec(signature)![1]);
    expect(verifyWebhookSignature(request.rawBody, signature, secret, 300, t0 + 301)).toBe(false);
    expect(verifyWebhookSignature(request.rawBody, signature, secret, 300, t0 + 299)).toBe(true);
    expect(verifyWebhookSignature(request.rawBody, undefined, secret)).toBe(false);

    const body = JSON.parse(request.rawBody) as WebhookPayload;
    expect(body).toEqual({
      id: deliveryId,
      type: 'alert.fired',
      organizationId: org.organizationId,
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      title: 'MRR fell below 10,000 <USD>',
      body: 'MRR is 9,500 USD & falling (threshold 10,000 USD).',
      link: 'https://foresight.example.com/trends?dataset=abc',
      data: { values: { mrr: 9500 } },
      text:
        '*MRR fell below 10,000 &lt;USD&gt;*\nMRR is 9,500 USD &amp; falling (threshold 10,000 USD).\n' +
        '<https://foresight.example.com/trends?dataset=abc|Open in Foresight>',
    });
    expect(await deliveryRow(endpointId)).toMatchObject({
      status: 'delivered',
      attempts: 1,
      lastStatusCode: 204,
      lastError: null,
      deliveredAt: expect.any(Date),
    });
    // A repeated job (pg-boss delivers at least once) sends nothing more.
    await expect(deliverWebhook(deps, { deliveryId }, firstTry)).resolves.toEqual({
      status: 'skipped',
      reason: 'already delivered',
    });
    expect(hook.requests).toHaveLength(before + 1);
  });

  it('signs like the documented recipe (HMAC-SHA256 of "<t>.<body>")', () => {
    const header = signWebhook('{"a":1}', 'whsec_test', 1_700_000_000);
    expect(header).toBe(
      `t=1700000000,v1=${createHmac('sha256', 'whsec_test').update('1700000000.{"a":1}').digest('hex')}`,
    );
    expect(verifyWebhookSignature('{"a":1}', header, 'whsec_test', 300, 1_700_000_100)).toBe(true);
  });

  it('retries on 500: the delivery stays pending with the status recorded, then succeeds', async () => {
    const { endpointId, deliveryId } = await oneDelivery();
    hook.answer([{ status: 500 }, { status: 200 }]);
    const before = hook.requests.length;
    const failing = deliverWebhook(deps, { deliveryId }, firstTry);
    await expect(failing).rejects.toBeInstanceOf(WebhookTryError);
    await expect(failing).rejects.toMatchObject({ statusCode: 500 });
    expect(await deliveryRow(endpointId)).toMatchObject({
      status: 'pending',
      attempts: 1,
      lastStatusCode: 500,
      lastError: 'HTTP 500 Internal Server Error: receiver is down for maintenance (try 1)',
      deliveredAt: null,
    });
    await expect(
      deliverWebhook(deps, { deliveryId }, { tryNumber: 2, lastTry: false }),
    ).resolves.toEqual({ status: 'delivered', statusCode: 200 });
    expect(await deliveryRow(endpointId)).toMatchObject({
      status: 'delivered',
      attempts: 2,
      lastStatusCode: 200,
      lastError: null,
    });
    // Both tries carried the same delivery id (receivers de-duplicate on it), each signed anew.
    const [a, b] = hook.requests.slice(before);
    expect(JSON.parse(a!.rawBody).id).toBe(deliveryId);
    expect(JSON.parse(b!.rawBody).id).toBe(deliveryId);
    expect(b!.headers['foresight-delivery']).toBe(deliveryId);
    expect(
      verifyWebhookSignature(b!.rawBody, b!.headers['foresight-signature'] as string, secret),
    ).toBe(true);
  });

  it(`gives up after the documented ${WEBHOOK_TRIES} tries and marks the delivery failed`, async () => {
    // The queue's policy makes exactly WEBHOOK_TRIES tries (the first and retryLimit retries).
    expect(jobDefinitions.deliverWebhook.policy.retryLimit + 1).toBe(WEBHOOK_TRIES);
    expect(WEBHOOK_TRIES).toBe(6);
    const { endpointId, deliveryId } = await oneDelivery();
    hook.answer([{ status: 503 }]);
    const before = hook.requests.length;
    for (let tryNumber = 1; tryNumber < WEBHOOK_TRIES; tryNumber += 1) {
      await expect(
        deliverWebhook(deps, { deliveryId }, { tryNumber, lastTry: false }),
      ).rejects.toBeInstanceOf(WebhookTryError);
      expect(await deliveryRow(endpointId)).toMatchObject({
        status: 'pending',
        attempts: tryNumber,
      });
    }
    const outcome = await deliverWebhook(
      deps,
      { deliveryId },
      { tryNumber: WEBHOOK_TRIES, lastTry: true },
    );
    expect(outcome).toMatchObject({ status: 'failed', statusCode: 503 });
    expect(await deliveryRow(endpointId)).toMatchObject({
      status: 'failed',
      attempts: WEBHOOK_TRIES,
      lastStatusCode: 503,
      lastError: expect.stringMatching(
        /^HTTP 503 Service Unavailable: .*\(try 6, the last; gave up\)$/,
      ),
    });
    expect(hook.requests.length - before).toBe(WEBHOOK_TRIES);
    // Nothing is sent for a failed delivery, even if the job ran again.
    await expect(deliverWebhook(deps, { deliveryId }, firstTry)).resolves.toEqual({
      status: 'skipped',
      reason: 'already failed',
    });
    expect(hook.requests.length - before).toBe(WEBHOOK_TRIES);
  });

  it('skips a delivery whose endpoint was disabled: nothing is sent', async () => {
    const { endpointId, deliveryId } = await oneDelivery();
    await t.db.pool.query('UPDATE webhook_endpoints SET disabled_at = now() WHERE id = $1', [
      endpointId,
    ]);
    const before = hook.requests.length;
    await expect(deliverWebhook(deps, { deliveryId }, firstTry)).resolves.toEqual({
      status: 'skipped',
      reason: 'the endpoint is disabled',
    });
    expect(hook.requests).toHaveLength(before);
    expect(await deliveryRow(endpointId)).toMatchObject({ status: 'pending', attempts: 0 });
  });

  it('does not follow redirects: a 3xx is a failed try naming the target', async () => {
    const { endpointId, deliveryId } = await oneDelivery();
    hook.answer([{ status: 302, headers: { Location: `${hook.url}/moved` } }]);
    const before = hook.requests.length;
    await expect(deliverWebhook(deps, { deliveryId }, firstTry)).rejects.toBeInstanceOf(
      WebhookTryError,
    );
    expect(hook.requests).toHaveLength(before + 1);
    expect((await deliveryRow(endpointId)).lastError).toBe(
      `HTTP 302: redirects are not followed (to ${hook.url}/moved); use the final URL (try 1)`,
    );
  });

  it('records a network error; refuses an unreadable secret, and http:// to localhost unless allowed', async () => {
    const closed = await receiver();
    await closed.close();
    const gone = await oneDelivery(closed.url);
    await expect(
      deliverWebhook(deps, { deliveryId: gone.deliveryId }, firstTry),
    ).rejects.toBeInstanceOf(WebhookTryError);
    expect(await deliveryRow(gone.endpointId)).toMatchObject({
      status: 'pending',
      lastStatusCode: null,
      lastError: 'could not reach the endpoint: ECONNREFUSED (try 1)',
    });

    // A secret the app secret cannot decrypt (BETTER_AUTH_SECRET rotated): failed, not retried.
    const rotated = await oneDelivery();
    await expect(
      deliverWebhook(
        { ...deps, secretKey: webhookKey('b'.repeat(40)) },
        { deliveryId: rotated.deliveryId },
        firstTry,
      ),
    ).resolves.toMatchObject({ status: 'failed', statusCode: null });
    expect((await deliveryRow(rotated.endpointId)).lastError).toMatch(
      /^Not sent: the endpoint's signing secret cannot be decrypted/,
    );

    const local = await oneDelivery();
    const before = hook.requests.length;
    await expect(
      deliverWebhook(
        { ...deps, allowLocalHttp: false },
        { deliveryId: local.deliveryId },
        firstTry,
      ),
    ).resolves.toMatchObject({ status: 'failed', statusCode: null });
    expect(hook.requests).toHaveLength(before);
    expect((await deliveryRow(local.endpointId)).lastError).toMatch(
      /^Not sent: http:\/\/ to this machine is allowed only when FORESIGHT_ALLOW_LOCAL_WEBHOOKS=1/,
    );
  });
});
