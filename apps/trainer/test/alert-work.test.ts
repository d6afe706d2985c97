// The trainer's alert wiring end to end on the real queue: an evaluateAlerts job fires a rule,
// the deliverWebhook job POSTs the signed notification to a receiver on localhost, and the
// in-app notification exists once — however often the evaluation runs.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createAlertRule,
  createMarketDataset,
  createWebhookEndpoint,
  listNotifications,
} from '@foresight/db';
import { createTestDatabase, seedOrganization, type TestDatabase } from '@foresight/db/testing';
import {
  SIGNATURE_HEADER,
  encryptSecret,
  newWebhookSecret,
  verifyWebhookSignature,
  webhookKey,
} from '@foresight/alerts';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startWorker, type Worker } from '../src/worker';
import { waitFor } from './process-fixtures';

const APP_SECRET = 'x'.repeat(40);

let t: TestDatabase;
let worker: Worker;
let receiver: Server;
const received: { body: string; signature: string | undefined }[] = [];
const logs: string[] = [];

beforeAll(async () => {
  t = await createTestDatabase();
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      received.push({ body, signature: req.headers[SIGNATURE_HEADER.toLowerCase()] as string });
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  worker = await startWorker({
    databaseUrl: t.url,
    db: t.db,
    backend: 'cpu',
    concurrency: 1,
    log: (l) => logs.push(l),
    alerts: {
      appSecret: APP_SECRET,
      baseUrl: 'https://foresight.example.com',
      allowLocalWebhooks: true,
      mail: { smtpUrl: null, from: 'Foresight <foresight@localhost>' },
    },
  });
});
afterAll(async () => {
  await worker.stop();
  receiver.close();
  await t.drop();
});

it('fires a rule once and delivers the signed notification to the webhook', async () => {
  const org = await seedOrganization(t.db, 'alerts');
  const rows = Array.from({ length: 20 }, (_, i) => ({
    series: 'revenue',
    date: new Date(Date.UTC(2024, i, 1)).toISOString().slice(0, 10),
    value: i === 19 ? 200 : 100 + i,
  }));
  const dataset = await createMarketDataset(t.db, {
    ...org,
    name: 'sales',
    sourceFileName: null,
    mapping: {},
    rows,
  });
  await createAlertRule(t.db, org.organizationId, org.userId, {
    kind: 'threshold',
    name: 'Revenue above 150',
    datasetId: dataset.id,
    subject: { source: 'market', series: 'revenue' },
    params: { value: 150, direction: 'above' },
    email: false,
  });
  const { secret, prefix } = newWebhookSecret();
  const port = (receiver.address() as AddressInfo).port;
  await createWebhookEndpoint(t.db, org.organizationId, org.userId, {
    url: `http://127.0.0.1:${port}/hook`,
    description: 'test receiver',
    secretCiphertext: encryptSecret(secret, webhookKey(APP_SECRET)),
    secretPrefix: prefix,
  });

  const scope = { organizationId: org.organizationId, datasetId: dataset.id };
  await worker.queue.send('evaluateAlerts', { ...scope, reason: 'upload' });
  await waitFor('the webhook', async () => received.length > 0, {
    timeoutMs: 30_000,
    everyMs: 100,
    details: () => logs.join('\n'),
  });
  // A retried or repeated evaluation finds the alert already fired.
  await worker.queue.send('evaluateAlerts', { ...scope, reason: 'manual' });
  await waitFor(
    'the second evaluation',
    async () => logs.filter((l) => l.startsWith('alerts (')).length >= 2,
    { timeoutMs: 30_000, everyMs: 100, details: () => logs.join('\n') },
  );

  expect(received).toHaveLength(1);
  const [delivery] = received;
  expect(verifyWebhookSignature(delivery!.body, delivery!.signature, secret)).toBe(true);
  const body = JSON.parse(delivery!.body) as Record<string, unknown>;
  expect(body).toMatchObject({ type: 'alert.fired', title: 'Revenue above 150' });
  expect(String(body.link)).toMatch(/^https:\/\/foresight\.example\.com\/trends\?dataset=/);
  expect(String(body.text)).toContain('Revenue above 150');
  const notifications = await listNotifications(t.db, org.organizationId);
  expect(notifications.unread).toBe(1);
  expect(notifications.items[0]).toMatchObject({ kind: 'alert', title: 'Revenue above 150' });
});
