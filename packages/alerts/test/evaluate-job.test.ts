// The evaluateAlerts job: states recorded, each alert fired exactly once (a retried job, two
// trainers at once), its deliveries queued by the run that fired it, rules that cannot be
// evaluated any more skipped with a reason.
import {
  createAlertRule,
  createDb,
  createWebhookEndpoint,
  getAlertRule,
  listAlertEvents,
  listNotifications,
  type DbHandle,
} from '@foresight/db';
import { createTestDatabase, seedOrganization, type TestDatabase } from '@foresight/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateAlerts } from '../src';
import { marketDataset, months, recordingQueue, rule } from './evaluation-fixtures';

let t: TestDatabase;
let secondTrainer: DbHandle;
beforeAll(async () => {
  t = await createTestDatabase();
  secondTrainer = createDb(t.url, { max: 3 });
});
afterAll(async () => {
  await secondTrainer?.close();
  await t?.drop();
});

const dates = months('2024-01', 4);

/** An organization with two webhook endpoints and a threshold rule that fires on its data. */
async function firingSetUp(label: string, email: boolean) {
  const org = await seedOrganization(t.db, label);
  for (const host of ['a.example.com', 'b.example.com']) {
    await createWebhookEndpoint(t.db, org.organizationId, org.userId, {
      url: `https://${host}/hooks/foresight`,
      description: host,
      secretCiphertext: 'not-used-here',
      secretPrefix: 'whsec_test',
    });
  }
  const datasetId = await marketDataset(t.db, org, {
    MRR: { dates, values: [900, 920, 950, 1204] },
  });
  const r = await rule(t.db, org, {
    kind: 'threshold',
    name: 'MRR passed 1,000',
    datasetId,
    subject: { source: 'market', series: 'MRR' },
    params: { value: 1000, direction: 'above' },
    email,
  });
  return { org, datasetId, rule: r };
}

async function counts(organizationId: string) {
  const { rows } = await t.db.pool.query<{
    events: number;
    notifications: number;
    deliveries: number;
  }>(
    `SELECT (SELECT count(*)::int FROM alert_events WHERE organization_id = $1) AS events,
            (SELECT count(*)::int FROM notifications WHERE organization_id = $1) AS notifications,
            (SELECT count(*)::int FROM webhook_deliveries WHERE organization_id = $1) AS deliveries`,
    [organizationId],
  );
  return rows[0]!;
}

describe('evaluateAlerts', () => {
  it('fires once, queues one delivery per endpoint and the e-mail, and fires nothing when retried', async () => {
    const { org, datasetId, rule: r } = await firingSetUp('fire', true);
    const queue = recordingQueue();
    const payload = { organizationId: org.organizationId, datasetId, reason: 'upload' } as const;

    expect(await evaluateAlerts({ db: t.db, queue }, payload)).toEqual({
      evaluated: 1,
      fired: 1,
      skipped: 0,
    });
    const [event] = await listAlertEvents(t.db, org.organizationId);
    expect(event).toMatchObject({
      ruleId: r.id,
      periodKey: 'MRR:2024-04-01',
      summary: 'MRR rose above 1,000 on 2024-04-01: 1,204, from 950 on 2024-03-01.',
      values: { value: 1204, previous: 950, line: 1000 },
    });
    const { items } = await listNotifications(t.db, org.organizationId);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      kind: 'alert',
      title: 'MRR passed 1,000',
      body: event!.summary,
      link: `/trends?dataset=${datasetId}`,
    });
    const { rows: deliveries } = await t.db.pool.query<{ id: string }>(
      'SELECT id FROM webhook_deliveries WHERE organization_id = $1 ORDER BY id',
      [org.organizationId],
    );
    expect(deliveries).toHaveLength(2);
    expect(
      queue
        .of('deliverWebhook')
        .map((p) => p.deliveryId)
        .sort(),
    ).toEqual(deliveries.map((d) => d.id));
    expect(queue.of('emailNotification')).toEqual([{ notificationId: items[0]!.id }]);
    expect(queue.sent).toHaveLength(3);
    const stored = await getAlertRule(t.db, org.organizationId, r.id);
    expect(stored.lastState?.text).toBe(
      'Latest 1,204 on 2024-04-01, above 1,000 (previous 950 on 2024-03-01).',
    );
    expect(stored.firedCount).toBe(1);

    // The job retried (or the hourly sweep): the same period does not fire again.
    const retry = recordingQueue();
    expect(
      await evaluateAlerts({ db: t.db, queue: retry }, { ...payload, reason: 'schedule' }),
    ).toEqual({
      evaluated: 1,
      fired: 0,
      skipped: 0,
    });
    expect(retry.sent).toEqual([]);
    expect(await counts(org.organizationId)).toEqual({
      events: 1,
      notifications: 1,
      deliveries: 2,
    });
  });

  it('fires once when two trainers evaluate the same rules at the same time', async () => {
    for (let round = 0; round < 3; round += 1) {
      const { org, datasetId } = await firingSetUp(`race${round}`, round % 2 === 0);
      const queues = [recordingQueue(), recordingQueue()];
      const payload = {
        organizationId: org.organizationId,
        datasetId,
        reason: 'training',
      } as const;
      const [a, b] = await Promise.all([
        evaluateAlerts({ db: t.db, queue: queues[0]! }, payload),
        evaluateAlerts({ db: secondTrainer, queue: queues[1]! }, payload),
      ]);
      expect(a.fired + b.fired).toBe(1);
      expect(a.evaluated + b.evaluated).toBe(2);
      expect(await counts(org.organizationId)).toEqual({
        events: 1,
        notifications: 1,
        deliveries: 2,
      });
      const sent = [...queues[0]!.sent, ...queues[1]!.sent];
      expect(sent.filter((s) => s.name === 'deliverWebhook')).toHaveLength(2);
      expect(sent.filter((s) => s.name === 'emailNotification')).toHaveLength(
        round % 2 === 0 ? 1 : 0,
      );
      // Only the trainer that fired queued anything.
      expect(queues.filter((q) => q.sent.length > 0)).toHaveLength(1);
    }
  });

  it('skips a rule whose series is gone or whose settings no longer parse, saying why', async () => {
    const org = await seedOrganization(t.db, 'skip');
    const datasetId = await marketDataset(t.db, org, {
      MRR: { dates, values: [900, 920, 950, 1204] },
      Signups: { dates, values: [10, 12, 11, 13] },
    });
    const gone = await rule(t.db, org, {
      kind: 'metric_anomaly',
      datasetId,
      subject: { source: 'market', series: 'MRR' },
      params: { coverage: 0.9, direction: 'both' },
    });
    const broken = await createAlertRule(t.db, org.organizationId, org.userId, {
      kind: 'runway',
      name: 'Broken',
      datasetId,
      subject: {},
      params: { when: 'someday' },
      email: false,
    });
    const fine = await rule(t.db, org, {
      kind: 'threshold',
      datasetId,
      subject: { source: 'market', series: 'Signups' },
      params: { value: 100, direction: 'above' },
    });
    // A new upload replaces the data without the MRR series.
    await marketDataset(
      t.db,
      org,
      { Signups: { dates, values: [10, 12, 11, 14] } },
      {
        mode: 'replace',
        datasetId,
      },
    );
    const queue = recordingQueue();
    expect(
      await evaluateAlerts(
        { db: t.db, queue },
        { organizationId: org.organizationId, datasetId: null, reason: 'upload' },
      ),
    ).toEqual({ evaluated: 1, fired: 0, skipped: 2 });
    expect((await getAlertRule(t.db, org.organizationId, gone.id)).lastState).toEqual({
      text: '"Metrics" no longer has the series "MRR"; edit the rule to pick another series, or delete it.',
      values: { skipped: true },
    });
    expect((await getAlertRule(t.db, org.organizationId, broken.id)).lastState?.text).toMatch(
      /^This rule's settings are no longer valid \(params\.when: .*\); edit it or delete it\.$/,
    );
    expect((await getAlertRule(t.db, org.organizationId, fine.id)).lastState?.text).toBe(
      'Latest 14 on 2024-04-01, not above 100 (previous 11 on 2024-03-01).',
    );
    expect(queue.sent).toEqual([]);
  });

  it('evaluates only the rules in scope', async () => {
    const mine = await firingSetUp('scope-mine', false);
    const theirs = await firingSetUp('scope-theirs', false);
    const queue = recordingQueue();
    const summary = await evaluateAlerts(
      { db: t.db, queue },
      { organizationId: mine.org.organizationId, datasetId: null, reason: 'manual' },
    );
    expect(summary).toEqual({ evaluated: 1, fired: 1, skipped: 0 });
    const untouched = await getAlertRule(t.db, theirs.org.organizationId, theirs.rule.id);
    expect(untouched.lastEvaluatedAt).toBeNull();
    expect(await counts(theirs.org.organizationId)).toEqual({
      events: 0,
      notifications: 0,
      deliveries: 0,
    });
  });
});
