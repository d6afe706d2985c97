import { decryptSecret, webhookKey } from '@foresight/alerts';
import type { RuleSpec } from '@foresight/alerts/rules';
import { fireAlert } from '@foresight/db';
import type { JobName, JobPayload } from '@foresight/queue';
import { describe, expect, it } from 'vitest';
import { defaultRuleName } from '../src/alert-text';
import {
  callerFor,
  importCsv,
  labelledCustomersCsv,
  marketRoles,
  sampleCsv,
  signedInCaller,
  TEST_APP_SECRET,
  testContext,
  useTestApi,
  type Caller,
} from './helpers';

const api = useTestApi();

const finCsv = [
  'month,revenue,costs,cash',
  ...Array.from(
    { length: 24 },
    (_, m) =>
      `${new Date(Date.UTC(2023, m, 1)).toISOString().slice(0, 7)},${1000 + m},5000,${100000 - 4000 * m}`,
  ),
].join('\n');
const eventsCsv = [
  'user,ts,item',
  ...Array.from(
    { length: 30 },
    (_, i) => `u${i % 5},${new Date(Date.UTC(2024, 0, 1 + 4 * i)).toISOString()},item-${i % 4}`,
  ),
].join('\n');

interface Sent {
  name: JobName;
  payload: unknown;
}

/**
 * An organization with one dataset of each kind; `caller` records what it queues (rules need no
 * trainer to be created), `importer` imported the files through the real queue.
 */
async function organizationWithData(label: string) {
  const owner = await signedInCaller(api.t, api.queue, label);
  const { caller: importer } = owner;
  const market = await importCsv(importer, sampleCsv, {
    kind: 'market',
    target: { mode: 'new', name: 'Daily revenue' },
    roles: marketRoles,
  });
  const financials = await importCsv(importer, finCsv, {
    kind: 'financials',
    target: { mode: 'new', name: 'Books 2023' },
    roles: { date: 'month', revenue: 'revenue', expenses: ['costs'], cash: 'cash' },
  });
  const events = await importCsv(importer, eventsCsv, {
    kind: 'events',
    target: { mode: 'new', name: 'App events' },
    roles: { user: 'user', time: 'ts', item: 'item' },
  });
  const customers = await importCsv(importer, labelledCustomersCsv(), {
    kind: 'customers',
    target: { mode: 'new', name: 'CRM export' },
    roles: { id: 'id', label: 'churned' },
    types: { churned: 'boolean' },
  });
  const sent: Sent[] = [];
  const session = {
    userId: owner.userId,
    email: `${label}@example.com`,
    name: label,
    activeOrganizationId: owner.organizationId,
  };
  const recording = (extra: { allowLocalWebhooks?: boolean } = {}): Caller =>
    callerFor(
      testContext(
        api.t,
        {
          send: <N extends JobName>(name: N, payload: JobPayload<N>) => {
            sent.push({ name, payload });
            return Promise.resolve(`job-${sent.length}`);
          },
        },
        { session, ...extra },
      ),
    );
  return {
    ...owner,
    caller: recording(),
    recording,
    sent,
    ids: {
      market: market.datasetId,
      financials: financials.datasetId,
      events: events.datasetId,
      customers: customers.datasetId,
    },
  };
}

describe('alert rules', () => {
  it('creates, lists, updates and deletes a rule of each kind, each evaluated once created', async () => {
    const org = await organizationWithData('rules');
    const { caller, ids, sent } = org;
    const cases: { datasetId: string; rule: RuleSpec; condition: string }[] = [
      {
        datasetId: ids.market,
        rule: {
          kind: 'metric_anomaly',
          subject: { source: 'market', series: 'north' },
          params: { coverage: 0.9, direction: 'both' },
        },
        condition:
          'north leaves its usual range (outside the 90% range of its next-period forecast)',
      },
      {
        datasetId: ids.events,
        rule: {
          kind: 'metric_anomaly',
          subject: { source: 'behaviour', metric: 'active_users' },
          params: { coverage: 0.8, direction: 'down' },
        },
        condition:
          'daily active users fall below their usual range (outside the 80% range of their next-period forecast)',
      },
      {
        datasetId: ids.market,
        rule: { kind: 'forecast_breach', subject: { series: 'south' }, params: { consecutive: 2 } },
        condition: "south lands outside its forecast's 80% range (p10–p90) 2 periods in a row",
      },
      {
        datasetId: ids.financials,
        rule: {
          kind: 'runway',
          subject: {},
          params: { when: 'cash_out_probability', months: 12, probability: 0.2 },
        },
        condition: 'the chance of running out of cash within 12 months rises above 20%',
      },
      {
        datasetId: ids.financials,
        rule: { kind: 'runway', subject: {}, params: { when: 'median_runway_below', months: 6 } },
        condition: 'the median runway falls below 6 months',
      },
      {
        datasetId: ids.customers,
        rule: { kind: 'churn_growth', subject: {}, params: { percent: 25 } },
        condition:
          'the number of customers above the churn alert threshold grows by more than 25% since the last check',
      },
      {
        datasetId: ids.events,
        rule: { kind: 'churn_growth', subject: {}, params: { percent: 10 } },
        condition:
          'the number of customers above the churn alert threshold grows by more than 10% since the last check',
      },
      {
        datasetId: ids.market,
        rule: {
          kind: 'threshold',
          subject: { source: 'market', series: 'north' },
          params: { value: 1500, direction: 'above' },
        },
        condition: 'north rises above 1,500',
      },
      {
        datasetId: ids.events,
        rule: {
          kind: 'threshold',
          subject: { source: 'behaviour', metric: 'event_volume' },
          params: { value: 2, direction: 'below' },
        },
        condition: 'daily event volume falls below 2 events',
      },
    ];

    const created = [];
    for (const c of cases) {
      sent.length = 0;
      const rule = await caller.alerts.create({ datasetId: c.datasetId, rule: c.rule });
      expect(rule, c.rule.kind).toMatchObject({
        rule: c.rule,
        description: c.condition,
        datasetId: c.datasetId,
        email: false,
        enabled: true,
        lastState: null,
        lastFiredAt: null,
        firedCount: 0,
      });
      expect(rule.name).toBe(defaultRuleName(c.rule));
      expect(sent).toEqual([
        {
          name: 'evaluateAlerts',
          payload: { organizationId: org.organizationId, datasetId: c.datasetId, reason: 'manual' },
        },
      ]);
      created.push(rule);
    }

    // The default name is the condition without its parenthesis, our own words capitalised.
    expect(created.slice(0, 4).map((r) => r.name)).toEqual([
      'north leaves its usual range',
      'Daily active users fall below their usual range',
      "south lands outside its forecast's 80% range (p10–p90) 2 periods in a row",
      'The chance of running out of cash within 12 months rises above 20%',
    ]);
    const listed = await caller.alerts.list();
    expect(listed.map((r) => r.id).sort()).toEqual(created.map((r) => r.id).sort());
    expect(new Set(listed.map((r) => r.datasetName))).toEqual(
      new Set(['Daily revenue', 'Books 2023', 'App events', 'CRM export']),
    );
    expect((await caller.alerts.list({ datasetId: ids.financials })).length).toBe(2);

    // Update: a name, new params (checked against the kind), off and on, e-mail.
    const runway = created[3]!;
    sent.length = 0;
    const updated = await caller.alerts.update({
      id: runway.id,
      name: 'Cash-out risk',
      params: { when: 'cash_out_probability', months: 6, probability: 0.1 },
      email: true,
    });
    expect(updated).toMatchObject({
      name: 'Cash-out risk',
      email: true,
      enabled: true,
      description: 'the chance of running out of cash within 6 months rises above 10%',
    });
    expect(sent.map((s) => s.name)).toEqual(['evaluateAlerts']);
    await expect(
      caller.alerts.update({ id: runway.id, params: { when: 'cash_out_probability', months: 6 } }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/probability/) });
    await expect(
      caller.alerts.update({ id: created[0]!.id, params: { coverage: 0.5 } }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect((await caller.alerts.update({ id: runway.id, enabled: false })).enabled).toBe(false);
    expect((await caller.alerts.update({ id: runway.id, enabled: true })).enabled).toBe(true);

    // Delete each; the list ends empty, and a deleted rule is not found.
    for (const rule of created) await caller.alerts.remove({ id: rule.id });
    expect(await caller.alerts.list()).toEqual([]);
    await expect(caller.alerts.remove({ id: runway.id })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });

    // Evaluate now: the organization's rules, or one dataset's.
    sent.length = 0;
    expect(await caller.alerts.evaluateNow()).toEqual({ queued: true, datasetId: null });
    expect(await caller.alerts.evaluateNow({ datasetId: ids.market })).toEqual({
      queued: true,
      datasetId: ids.market,
    });
    expect(sent.map((s) => s.payload)).toEqual([
      { organizationId: org.organizationId, datasetId: null, reason: 'manual' },
      { organizationId: org.organizationId, datasetId: ids.market, reason: 'manual' },
    ]);
  });

  it('refuses a rule its dataset cannot answer, naming the dataset', async () => {
    const { caller, ids } = await organizationWithData('mismatch');
    const badRequest = (message: RegExp) => ({
      code: 'BAD_REQUEST',
      message: expect.stringMatching(message),
    });
    await expect(
      caller.alerts.create({
        datasetId: ids.market,
        rule: { kind: 'runway', subject: {}, params: { when: 'median_runway_below', months: 6 } },
      }),
    ).rejects.toMatchObject(
      badRequest(/^“Daily revenue” holds market data; a “Runway” alert watches financials\./),
    );
    await expect(
      caller.alerts.create({
        datasetId: ids.financials,
        rule: { kind: 'churn_growth', subject: {}, params: { percent: 20 } },
      }),
    ).rejects.toMatchObject(
      badRequest(/“Books 2023” holds financials; .* user events or customers/),
    );
    await expect(
      caller.alerts.create({
        datasetId: ids.events,
        rule: { kind: 'forecast_breach', subject: { series: 'north' }, params: { consecutive: 2 } },
      }),
    ).rejects.toMatchObject(badRequest(/“App events” holds user events/));
    // A market series on an event log, behaviour metrics on market data, an unknown series.
    await expect(
      caller.alerts.create({
        datasetId: ids.events,
        rule: {
          kind: 'threshold',
          subject: { source: 'market', series: 'north' },
          params: { value: 1, direction: 'above' },
        },
      }),
    ).rejects.toMatchObject(badRequest(/“App events” holds user events, not market series/));
    await expect(
      caller.alerts.create({
        datasetId: ids.market,
        rule: {
          kind: 'metric_anomaly',
          subject: { source: 'behaviour', metric: 'event_volume' },
          params: { coverage: 0.9, direction: 'both' },
        },
      }),
    ).rejects.toMatchObject(badRequest(/come from user events; “Daily revenue” holds market data/));
    await expect(
      caller.alerts.create({
        datasetId: ids.market,
        rule: { kind: 'forecast_breach', subject: { series: 'west' }, params: { consecutive: 1 } },
      }),
    ).rejects.toMatchObject(badRequest(/^“Daily revenue” has no series named “west”\.$/));
    // Bad params are refused by the schema, an unknown dataset is not found.
    await expect(
      caller.alerts.create({
        datasetId: ids.financials,
        rule: {
          kind: 'runway',
          subject: {},
          params: { when: 'cash_out_probability', months: 12, probability: 1.5 },
        },
      }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(
      caller.alerts.create({
        datasetId: '00000000-0000-4000-8000-000000000000',
        rule: { kind: 'churn_growth', subject: {}, params: { percent: 20 } },
      }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await caller.alerts.list()).toEqual([]);
  });

  it('history, notifications and markRead show fired alerts with their numbers', async () => {
    const org = await organizationWithData('fired');
    const { caller, ids } = org;
    const rule = await caller.alerts.create({
      datasetId: ids.market,
      name: 'North above 1,500',
      rule: {
        kind: 'threshold',
        subject: { source: 'market', series: 'north' },
        params: { value: 1500, direction: 'above' },
      },
    });
    const other = await caller.alerts.create({
      datasetId: ids.financials,
      rule: { kind: 'runway', subject: {}, params: { when: 'median_runway_below', months: 6 } },
    });
    const fire = (r: { id: string }, periodKey: string, value: number) =>
      fireAlert(
        api.t.db,
        { id: r.id, organizationId: org.organizationId },
        { periodKey, summary: `now ${value}`, values: { value, date: periodKey } },
        { title: `Alert ${periodKey}`, body: `The value is ${value}`, link: '/trends' },
      );
    expect(await fire(rule, '2023-02-01', 1600)).not.toBeNull();
    expect(await fire(rule, '2023-02-01', 1600)).toBeNull(); // once per rule and period
    expect(await fire(other, '2023-12', 5.5)).not.toBeNull();

    const history = await caller.alerts.history();
    expect(history.map((e) => [e.ruleName, e.periodKey, e.values])).toEqual([
      [other.name, '2023-12', { value: 5.5, date: '2023-12' }],
      ['North above 1,500', '2023-02-01', { value: 1600, date: '2023-02-01' }],
    ]);
    expect((await caller.alerts.history({ ruleId: rule.id })).map((e) => e.summary)).toEqual([
      'now 1600',
    ]);
    expect((await caller.alerts.list()).find((r) => r.id === rule.id)).toMatchObject({
      firedCount: 1,
      lastFiredAt: history[1]!.firedAt,
    });

    const list = await caller.notifications.list();
    expect(list.unread).toBe(2);
    expect(list.items.map((n) => [n.kind, n.title, n.body, n.link, n.readAt])).toEqual([
      ['alert', 'Alert 2023-12', 'The value is 5.5', '/trends', null],
      ['alert', 'Alert 2023-02-01', 'The value is 1600', '/trends', null],
    ]);
    expect(await caller.notifications.markRead({ ids: [list.items[1]!.id] })).toEqual({
      marked: 1,
    });
    const after = await caller.notifications.list();
    expect(after.unread).toBe(1);
    expect(after.items[1]!.readAt).not.toBeNull();
    expect(await caller.notifications.markRead({ all: true })).toEqual({ marked: 1 });
    expect((await caller.notifications.list()).unread).toBe(0);
    expect((await caller.notifications.list({ limit: 1 })).items.length).toBe(1);
  });
});

describe('webhook endpoints', () => {
  it('returns the signing secret once, stores it encrypted and never lists it; deliveries are listed', async () => {
    const org = await organizationWithData('hooks');
    const { caller } = org;
    const { secret, endpoint } = await caller.webhooks.create({
      url: 'https://hooks.example.com/foresight',
      description: 'Ops channel',
    });
    expect(secret).toMatch(/^whsec_[\w-]{32}$/);
    expect(endpoint).toMatchObject({
      url: 'https://hooks.example.com/foresight',
      description: 'Ops channel',
      secretPrefix: secret.slice(0, 10),
      disabledAt: null,
      lastDelivery: null,
    });
    const listed = await caller.webhooks.list();
    expect(listed.map((e) => e.id)).toEqual([endpoint.id]);
    expect(JSON.stringify(listed)).not.toContain(secret);
    expect(JSON.stringify(listed)).not.toContain(secret.slice(10));
    // Stored encrypted under the app secret, never in clear.
    const { rows } = await api.t.db.pool.query<{ secret_ciphertext: string }>(
      'SELECT secret_ciphertext FROM webhook_endpoints WHERE id = $1',
      [endpoint.id],
    );
    expect(rows[0]!.secret_ciphertext).not.toContain(secret);
    expect(decryptSecret(rows[0]!.secret_ciphertext, webhookKey(TEST_APP_SECRET))).toBe(secret);

    // A notification makes a pending delivery to the endpoint.
    const rule = await caller.alerts.create({
      datasetId: org.ids.financials,
      rule: { kind: 'runway', subject: {}, params: { when: 'median_runway_below', months: 6 } },
    });
    await fireAlert(
      api.t.db,
      { id: rule.id, organizationId: org.organizationId },
      { periodKey: '2023-12', summary: 'runway 5 months', values: { p50: 5 } },
      { title: 'Runway below 6 months', body: 'The median runway is 5 months', link: '/risk' },
    );
    const deliveries = await caller.webhooks.deliveries();
    expect(deliveries).toEqual([
      expect.objectContaining({
        endpointId: endpoint.id,
        notificationTitle: 'Runway below 6 months',
        status: 'pending',
        attempts: 0,
        lastStatusCode: null,
      }),
    ]);
    expect(await caller.webhooks.deliveries({ endpointId: endpoint.id })).toEqual(deliveries);
    await expect(
      caller.webhooks.deliveries({ endpointId: '00000000-0000-4000-8000-000000000000' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });

    await caller.webhooks.remove({ id: endpoint.id });
    expect(await caller.webhooks.list()).toEqual([]);
    await expect(caller.webhooks.remove({ id: endpoint.id })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('takes https URLs only, and http to localhost only when the server allows it', async () => {
    const org = await organizationWithData('urls');
    const refused = (message: string) => ({ code: 'BAD_REQUEST', message });
    for (const [url, message] of [
      [
        'http://hooks.example.com/x',
        'Webhook URLs must use https:// (http:// is allowed only to localhost, when enabled)',
      ],
      [
        'http://localhost:9999/hook',
        'http:// to this machine is allowed only when FORESIGHT_ALLOW_LOCAL_WEBHOOKS=1 is set',
      ],
      ['ftp://hooks.example.com/x', 'Webhook URLs must start with https://'],
      ['hooks.example.com', 'Enter a full URL, starting with https://'],
      [
        'https://user:pw@hooks.example.com/x',
        'Put credentials in the signing secret, not in the URL',
      ],
    ] as const) {
      await expect(org.caller.webhooks.create({ url }), url).rejects.toMatchObject(
        refused(message),
      );
    }
    expect(await org.caller.webhooks.list()).toEqual([]);
    const local = org.recording({ allowLocalWebhooks: true });
    const { endpoint } = await local.webhooks.create({ url: 'http://localhost:9999/hook' });
    expect(endpoint.url).toBe('http://localhost:9999/hook');
    await expect(
      local.webhooks.create({ url: 'http://hooks.example.com/x' }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});
