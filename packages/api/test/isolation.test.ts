// Tenant isolation, proven for every procedure: organization B (signed in, and with its own
// write API key) calls each procedure of the app router with the ids of organization A's objects,
// and nothing A owns may come back. The procedure list is read from the router itself, so a
// procedure added later without an entry here makes this test fail until it is covered.
import { Readable } from 'node:stream';
import {
  authenticateApiKey,
  fireAlert,
  saveChurnResult,
  saveForecastResult,
  saveRecommendResult,
  saveRiskResult,
  type ChurnMetrics,
  type RiskMetrics,
} from '@foresight/db';
import { createTestDatabase, type TestDatabase } from '@foresight/db/testing';
import { clickhouseEngines, postgresEngines, type EventsEngines } from '@foresight/events';
import { startTestClickHouse, type TestClickHouse } from '@foresight/events/testing';
import { startQueue, type QueueClient } from '@foresight/queue';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { appRouter } from '../src/root';
import {
  callerFor,
  confirmedColumns,
  importCsv,
  labelledCustomersCsv,
  settleImports,
  signedInCaller,
  testContext,
  uploadFile,
  useEngines,
  type Caller,
} from './helpers';

let t: TestDatabase;
let queue: QueueClient;
let clickhouse: TestClickHouse;
let onClickHouse: EventsEngines;
beforeAll(async () => {
  [t, clickhouse] = await Promise.all([createTestDatabase(), startTestClickHouse()]);
  queue = await startQueue(t.url, { role: 'sender' });
  onClickHouse = await clickhouseEngines(t.db, clickhouse.target);
});
afterAll(async () => {
  await settleImports();
  await queue.stop();
  await onClickHouse?.close();
  await clickhouse?.close();
  await t.drop();
});

const SECRET = 'secret-of-a';

interface AIds {
  market: string;
  financials: string;
  events: string;
  customers: string;
  job: string;
  apiKey: string;
  /** A file A has sent and not imported yet. */
  upload: string;
  /** A file A has announced and not sent yet. */
  pendingUpload: string;
  /** A's second member (an admin who joined by invitation). */
  member: string;
  /** A pending invitation of A's (its id, which is not its link). */
  invitation: string;
  /** An alert rule of A's that has fired once, its notification, and a webhook endpoint. */
  rule: string;
  notification: string;
  webhook: string;
}

type Input = (a: AIds) => unknown;

const marketCsv = [
  'date,series,value',
  ...Array.from(
    { length: 40 },
    (_, i) =>
      `${new Date(Date.UTC(2024, 0, 1 + i)).toISOString().slice(0, 10)},${SECRET}-series,${i}`,
  ),
].join('\n');
const finCsv = [
  'month,revenue,costs,cash',
  ...Array.from(
    { length: 24 },
    (_, m) =>
      `${new Date(Date.UTC(2023, m, 1)).toISOString().slice(0, 7)},${1000 + m},${5000},${100000 - 4000 * m}`,
  ),
].join('\n');
const eventsCsv = [
  'user,ts,item',
  ...Array.from(
    { length: 30 },
    (_, i) =>
      `${SECRET}-user-${i % 5},${new Date(Date.UTC(2024, 0, 1 + 4 * i)).toISOString()},${SECRET}-item-${i % 4}`,
  ),
].join('\n');
const customersCsv = labelledCustomersCsv(`${SECRET}-c`);

const marketRoles = { date: 'date', values: ['value'], series: 'series' };
const financialsRoles = {
  date: 'month',
  revenue: 'revenue',
  expenses: ['costs'],
  cash: 'cash',
  startingCash: null,
};
const eventsRoles = { user: 'user', time: 'ts', event: null, item: 'item', value: null };
const customersRoles = { id: 'id', label: 'churned' };
const marketColumns = [
  { name: 'date', type: 'date', dateFormat: 'iso' },
  { name: 'series', type: 'categorical' },
  { name: 'value', type: 'integer' },
] as const;

/** Every procedure of the router and the input B sends (A's ids wherever an id is taken). */
const INPUTS: Record<string, Input> = {
  'alerts.list': (a) => ({ datasetId: a.market }),
  'alerts.create': (a) => ({
    datasetId: a.market,
    rule: {
      kind: 'threshold',
      subject: { source: 'market', series: `${SECRET}-series` },
      params: { value: 1, direction: 'above' },
    },
  }),
  'alerts.update': (a) => ({ id: a.rule, enabled: false }),
  'alerts.remove': (a) => ({ id: a.rule }),
  'alerts.history': (a) => ({ ruleId: a.rule }),
  'alerts.evaluateNow': (a) => ({ datasetId: a.market }),
  'analytics.overview': (a) => ({ datasetId: a.events }),
  'analytics.retention': (a) => ({ datasetId: a.events, grain: 'week' }),
  'analytics.features': (a) => ({ datasetId: a.events }),
  'analytics.funnel': (a) => ({ datasetId: a.events, steps: ['view', 'buy'] }),
  'apiKeys.all': () => undefined,
  'apiKeys.create': () => ({ name: 'b-service', scopes: ['read'] }),
  'apiKeys.revoke': (a) => ({ id: a.apiKey }),
  'churn.latest': (a) => ({ datasetId: a.customers }),
  'churn.export': (a) => ({ datasetId: a.customers }),
  'churn.train': (a) => ({ datasetId: a.customers }),
  'datasets.all': () => undefined,
  'datasets.byId': (a) => ({ id: a.market }),
  'datasets.series': (a) => ({ id: a.market }),
  'datasets.preview': (a) => ({ id: a.market }),
  'datasets.delete': (a) => ({ id: a.market }),
  'datasets.setRetrainSchedule': (a) => ({ id: a.market, schedule: 'daily' }),
  'forecasts.latest': (a) => ({ datasetId: a.market }),
  'forecasts.decomposition': (a) => ({ datasetId: a.market }),
  'forecasts.train': (a) => ({ datasetId: a.market }),
  'invitations.all': () => undefined,
  'invitations.create': () => ({ email: 'b-invitee@example.com' }),
  'invitations.cancel': (a) => ({ id: a.invitation }),
  'invitations.preview': (a) => ({ token: a.invitation }),
  'invitations.accept': (a) => ({ token: a.invitation }),
  'jobs.all': () => undefined,
  'jobs.byId': (a) => ({ id: a.job }),
  'jobs.cancel': (a) => ({ id: a.job }),
  'jobs.retrain': (a) => ({ datasetId: a.market, task: 'forecast' }),
  'members.all': () => undefined,
  'members.updateRole': (a) => ({ memberId: a.member, role: 'member' }),
  // B's only owner cannot leave B (and leave takes no id: it acts in the caller's organization).
  'members.leave': () => undefined,
  'members.remove': (a) => ({ memberId: a.member }),
  'members.transferOwnership': (a) => ({ memberId: a.member }),
  'models.history': (a) => ({ datasetId: a.market }),
  'models.pin': (a) => ({ datasetId: a.market, task: 'forecast', version: 1 }),
  'notifications.list': () => undefined,
  'notifications.markRead': (a) => ({ ids: [a.notification] }),
  'org.current': () => undefined,
  'org.loadSampleData': () => ({ scale: 'small' }),
  'org.rename': () => ({ name: 'B renamed' }),
  'recommendations.latest': (a) => ({ datasetId: a.events }),
  'recommendations.forUser': (a) => ({ datasetId: a.events, user: `${SECRET}-user-1` }),
  'recommendations.history': (a) => ({ datasetId: a.events, user: `${SECRET}-user-1` }),
  'recommendations.similarItems': (a) => ({ datasetId: a.events, item: `${SECRET}-item-1` }),
  'recommendations.train': (a) => ({ datasetId: a.events }),
  'risk.latest': (a) => ({ datasetId: a.financials }),
  'risk.whatIf': (a) => ({ datasetId: a.financials, scenario: { growthRateChange: 0.01 } }),
  'risk.train': (a) => ({ datasetId: a.financials }),
  'uploads.create': () => ({ fileName: 'b.csv', sizeBytes: 100 }),
  'uploads.receive': (a) => ({
    id: a.pendingUpload,
    body: Readable.from([Buffer.from(marketCsv.replaceAll(SECRET, 'b'))]),
  }),
  'uploads.byId': (a) => ({ id: a.upload }),
  'uploads.cancelImport': (a) => ({ id: a.upload }),
  'uploads.readiness': (a) => ({
    uploadId: a.upload,
    kind: 'market',
    roles: marketRoles,
    columns: marketColumns,
  }),
  'uploads.fromRows': (a) => ({
    kind: 'market',
    target: { mode: 'append', datasetId: a.market },
    rows: [{ date: '2024-01-01', series: 'b', value: 1 }],
  }),
  'uploads.ingest': (a) => ({
    uploadId: a.upload,
    kind: 'market',
    target: { mode: 'new', name: 'b-dataset' },
    roles: marketRoles,
    columns: marketColumns,
  }),
  'webhooks.list': () => undefined,
  'webhooks.create': () => ({ url: 'https://b.example.com/hook' }),
  'webhooks.remove': (a) => ({ id: a.webhook }),
  'webhooks.deliveries': (a) => ({ endpointId: a.webhook }),
};

async function seedOrganizationA() {
  const a = await signedInCaller(t, queue, 'alpha');
  const target = { mode: 'new', name: `${SECRET}-dataset` } as const;
  const fileName = `${SECRET}.csv`;
  const market = await importCsv(a.caller, marketCsv, {
    kind: 'market',
    target,
    fileName,
    roles: marketRoles,
  });
  const financials = await importCsv(a.caller, finCsv, {
    kind: 'financials',
    target,
    fileName,
    roles: financialsRoles,
  });
  const events = await importCsv(a.caller, eventsCsv, {
    kind: 'events',
    target,
    fileName,
    roles: eventsRoles,
  });
  const customers = await importCsv(a.caller, customersCsv, {
    kind: 'customers',
    target,
    fileName,
    roles: customersRoles,
    types: { churned: 'boolean' },
  });
  const staged = await uploadFile(a.caller, marketCsv, fileName);
  const pending = await a.caller.uploads.create({ fileName, sizeBytes: marketCsv.length });
  const jobsOf = async (upload: { result: { jobIds: string[] } }) =>
    Promise.all(upload.result.jobIds.map((id) => a.caller.jobs.byId({ id })));
  const jobOf = async (upload: { result: { jobIds: string[] } }, task: string) => {
    const job = (await jobsOf(upload)).find((j) => j.task === task);
    if (!job) throw new Error(`no ${task} job queued`);
    return job.id;
  };
  const { apiKey } = await a.caller.apiKeys.create({
    name: `${SECRET}-key`,
    scopes: ['read', 'write'],
  });

  // A trained model of every task, with predictions that mention A's secret.
  await saveForecastResult(t.db, {
    jobId: await jobOf(market, 'forecast'),
    chosen: 'ets',
    backend: 'cpu',
    params: {},
    metrics: {
      frequency: 'daily',
      horizon: 1,
      holdoutHorizon: 1,
      seasonality: 1,
      candidates: [],
      perSeries: [],
      trainMs: 1,
    },
    points: [{ series: `${SECRET}-series`, date: '2024-02-10', p10: 1, p50: 2, p90: 3 }],
  });
  const fan = [{ month: 1, date: '2025-01-01', p10: 1, p50: 2, p90: 3 }];
  const riskMetrics: RiskMetrics = {
    asOf: '2024-12-01',
    currentCash: 4242,
    horizon: 1,
    paths: 10,
    fan,
    runway: { p10: null, p50: null, p90: null, shareBeyondHorizon: 1, horizon: 1 },
    probabilityCashOut: [{ month: 1, p: 0 }],
    summary: { 3: null },
    constantBurn: { monthlyBurn: 1, runwayMonths: 4242 },
    forecast: { dates: ['2025-01-01'], revenue: [1], expenses: [1] },
    history: { dates: ['2024-12-01'], revenue: [1], expenses: [1], cash: [4242] },
    backtest: [],
    sampling: { method: 'none', blockLength: 1, origins: 0, steps: 0 },
    anomalies: [],
    trainMs: 1,
  };
  await saveRiskResult(t.db, {
    jobId: await jobOf(financials, 'risk'),
    backend: 'cpu',
    chosen: 'ets',
    metrics: riskMetrics,
    params: {
      input: {
        currentCash: 4242,
        revenue: { p50: [1], residuals: [] },
        expenses: { p50: [1], residuals: [] },
      },
      paths: 10,
      horizon: 1,
      seed: 1,
      dates: ['2025-01-01'],
    },
  });
  const churnMetrics: ChurnMetrics = {
    mode: 'table',
    chosen: 'mlp',
    trainMs: 1,
    candidates: [],
    calibration: [],
    importance: [],
    features: [],
    threshold: { value: 0.5, precision: 1, recall: 1, f1: 1 },
    rows: { train: 1, validation: 1, scored: 1 },
    positiveRate: 0.5,
  };
  await saveChurnResult(t.db, {
    jobId: await jobOf(customers, 'churn'),
    backend: 'cpu',
    chosen: 'mlp',
    metrics: churnMetrics,
    params: {},
    scores: [{ id: `${SECRET}-c1`, score: 0.9, drivers: [] }],
  });
  await saveRecommendResult(t.db, {
    jobId: await jobOf(events, 'recommend'),
    backend: 'cpu',
    chosen: 'mf',
    params: {},
    metrics: {
      chosen: 'mf',
      candidates: [],
      users: 1,
      items: 1,
      interactions: 1,
      evaluatedUsers: 1,
      popular: [{ item: `${SECRET}-item-0`, score: 1 }],
      trainMs: 1,
    },
    recommendations: [
      {
        user: `${SECRET}-user-1`,
        items: [{ item: `${SECRET}-item-2`, score: 1, because: `${SECRET}-item-1` }],
      },
    ],
    similarItems: [{ item: `${SECRET}-item-1`, similar: [{ item: `${SECRET}-item-3`, score: 1 }] }],
  });
  // A second member of A's (joined by invitation) and a pending invitation.
  const second = await signedInCaller(t, queue, 'alpha-admin');
  const secondEmail = (await t.db.prisma.user.findUniqueOrThrow({ where: { id: second.userId } }))
    .email;
  const secondSession = {
    userId: second.userId,
    email: secondEmail,
    name: 'alpha-admin',
    activeOrganizationId: second.organizationId,
  };
  const joined = await a.caller.invitations.create({ email: secondEmail, role: 'admin' });
  await callerFor(testContext(t, queue, { session: secondSession })).invitations.accept({
    token: joined.token,
  });
  const member = (await a.caller.members.all()).find((m) => m.userId === second.userId)!.id;
  const pendingInvitation = await a.caller.invitations.create({
    email: `${SECRET}-invitee@example.com`,
  });
  // An alert rule that fired (a notification, a delivery) and a webhook endpoint.
  const rule = await a.caller.alerts.create({
    datasetId: market.datasetId,
    name: `${SECRET}-rule`,
    rule: {
      kind: 'threshold',
      subject: { source: 'market', series: `${SECRET}-series` },
      params: { value: 1, direction: 'above' },
    },
  });
  const webhook = await a.caller.webhooks.create({ url: `https://${SECRET}.example.com/hook` });
  const fired = await fireAlert(
    t.db,
    { id: rule.id, organizationId: a.organizationId },
    { periodKey: '2024-02-09', summary: `${SECRET} crossed`, values: { value: 39 } },
    { title: `${SECRET} alert`, body: `${SECRET} is 39`, link: '/trends' },
  );
  const ids: AIds = {
    market: market.datasetId,
    financials: financials.datasetId,
    events: events.datasetId,
    customers: customers.datasetId,
    job: await jobOf(market, 'forecast'),
    apiKey: apiKey.id,
    upload: staged.id,
    pendingUpload: pending.id,
    member,
    invitation: pendingInvitation.invitation.id,
    rule: rule.id,
    notification: fired!.notificationId,
    webhook: webhook.endpoint.id,
  };
  return {
    a,
    ids,
    markers: [
      SECRET,
      a.organizationId,
      a.userId,
      second.userId,
      secondEmail,
      pendingInvitation.token,
      webhook.secret,
      ...Object.values(ids),
    ],
  };
}

// Run twice: with event logs in PostgreSQL, then in ClickHouse (chDB) for every caller.
it.each(['postgres', 'chdb'] as const)(
  'organization B, signed in or with its API key, gets nothing of organization A from any procedure (events on %s)',
  async (engine) => {
    const engines = engine === 'chdb' ? onClickHouse : postgresEngines(t.db);
    useEngines(t.db, engines);
    const procedures = Object.keys(appRouter._def.procedures).sort();
    expect(procedures).toEqual(Object.keys(INPUTS).sort());

    const { a, ids, markers } = await seedOrganizationA();
    const b = await signedInCaller(t, queue, 'beta');
    const bKey = (await b.caller.apiKeys.create({ name: 'b', scopes: ['read', 'write'] })).key;
    const viaKey = callerFor(
      testContext(t, queue, { session: null, apiKey: await authenticateApiKey(t.db, bKey) }),
    );

    for (const [label, caller] of [
      ['session', b.caller],
      ['api key', viaKey],
    ] as const) {
      for (const path of procedures) {
        const [router, name] = path.split('.') as [string, string];
        const procedure = (
          caller as unknown as Record<string, Record<string, (input: unknown) => Promise<unknown>>>
        )[router]![name]!;
        let outcome: string;
        try {
          outcome = JSON.stringify((await procedure(INPUTS[path]!(ids))) ?? null);
        } catch (error) {
          expect(error, `${label} ${path}`).toBeInstanceOf(TRPCError);
          expect(
            ['NOT_FOUND', 'FORBIDDEN', 'BAD_REQUEST'],
            `${label} ${path}: ${(error as Error).message}`,
          ).toContain((error as TRPCError).code);
          outcome = (error as Error).message;
        }
        for (const marker of markers)
          expect(outcome, `${label} ${path} leaked ${marker}`).not.toContain(marker);
      }
    }

    // B's writes changed nothing of A's: the job, the schedule, the pin.
    const aJob = await a.caller.jobs.byId({ id: ids.job });
    expect(aJob.cancelRequested).toBe(false);
    expect(aJob.status).not.toBe('cancelled');
    expect((await a.caller.datasets.byId({ id: ids.market })).retrainSchedule).toBeNull();
    expect((await a.caller.models.history({ datasetId: ids.market })).some((m) => m.pinned)).toBe(
      false,
    );
    // B's member and invitation calls changed nothing of A's: the admin, the pending invitation.
    expect((await a.caller.members.all()).find((m) => m.id === ids.member)?.role).toBe('admin');
    expect((await a.caller.org.current()).role).toBe('owner');
    await expect(
      b.caller.members.transferOwnership({ memberId: ids.member }),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    // B's owner, the only one, is still in B: leaving was refused.
    expect(await b.caller.org.current()).toMatchObject({ id: b.organizationId, role: 'owner' });
    expect((await a.caller.invitations.all()).map((i) => i.id)).toEqual([ids.invitation]);
    // B's alert calls changed nothing of A's: the rule, its notification (unread), the endpoint.
    expect((await a.caller.alerts.list()).map((r) => [r.id, r.enabled])).toEqual([
      [ids.rule, true],
    ]);
    expect((await a.caller.alerts.history()).length).toBe(1);
    expect(await a.caller.notifications.list()).toMatchObject({ unread: 1 });
    expect((await a.caller.webhooks.list()).map((e) => e.id)).toEqual([ids.webhook]);

    // The upload procedures answer NOT_FOUND for A's uploads and datasets, whatever B sends.
    const notFound = { code: 'NOT_FOUND' };
    const bStaged = await uploadFile(b.caller, marketCsv.replaceAll(SECRET, 'b'));
    for (const [label, caller] of [
      ['session', b.caller],
      ['api key', viaKey],
    ] as [string, Caller][]) {
      await expect(caller.uploads.byId({ id: ids.upload }), label).rejects.toMatchObject(notFound);
      await expect(caller.uploads.cancelImport({ id: ids.upload }), label).rejects.toMatchObject(
        notFound,
      );
      await expect(caller.uploads.byId({ id: ids.pendingUpload }), label).rejects.toMatchObject(
        notFound,
      );
      await expect(
        caller.uploads.receive({
          id: ids.pendingUpload,
          body: Readable.from([Buffer.from('x,y\n1,2')]),
        }),
        label,
      ).rejects.toMatchObject(notFound);
      await expect(
        caller.uploads.ingest({
          uploadId: ids.upload,
          kind: 'market',
          target: { mode: 'new', name: 'b-dataset' },
          roles: marketRoles,
          columns: confirmedColumns(bStaged),
        }),
        label,
      ).rejects.toMatchObject(notFound);
      for (const mode of ['append', 'replace'] as const) {
        await expect(
          caller.uploads.ingest({
            uploadId: bStaged.id,
            kind: 'market',
            target: { mode, datasetId: ids.market },
            roles: marketRoles,
            columns: confirmedColumns(bStaged),
          }),
          `${label} ${mode}`,
        ).rejects.toMatchObject(notFound);
      }
      await expect(caller.datasets.preview({ id: ids.market }), label).rejects.toMatchObject(
        notFound,
      );
    }
    // B's file was refused before it was claimed; A's announced file is still A's to send.
    expect((await b.caller.uploads.byId({ id: bStaged.id })).status).toBe('staged');
    expect(await a.caller.uploads.byId({ id: ids.upload })).toMatchObject({
      status: 'staged',
      datasetId: null,
    });
    const sent = await a.caller.uploads.receive({
      id: ids.pendingUpload,
      body: Readable.from([Buffer.from(marketCsv)]),
    });
    expect(sent).toMatchObject({ status: 'staged', sizeBytes: marketCsv.length });
    expect(sent.detection?.preview[0]).toContain(`${SECRET}-series`);

    // A's data is untouched: every dataset, the key, the organization's name.
    expect((await a.caller.datasets.all()).length).toBe(4);
    expect((await a.caller.datasets.preview({ id: ids.market })).rows.length).toBeGreaterThan(0);
    expect((await a.caller.apiKeys.all()).find((k) => k.id === ids.apiKey)?.revokedAt).toBeNull();
    expect((await a.caller.org.current()).name).toBe('alpha Inc');
    expect(
      (await a.caller.risk.latest({ datasetId: ids.financials })).risk?.metrics.currentCash,
    ).toBe(4242);

    // On the events engine itself: A reads its own log; B's own log, on the same engine and with
    // the same user and item names, counts only B's rows.
    const stored = await t.db.pool.query('SELECT events_engine FROM datasets WHERE id = $1', [
      ids.events,
    ]);
    expect(stored.rows[0].events_engine).toBe(engine === 'chdb' ? 'clickhouse' : 'postgres');
    const aEvents = await a.caller.datasets.preview({ id: ids.events });
    expect(JSON.stringify(aEvents)).toContain(`${SECRET}-user-`);
    const bEvents = await importCsv(
      b.caller,
      eventsCsv.replaceAll(SECRET, 'b').split('\n').slice(0, 11).join('\n'),
      {
        kind: 'events',
        target: { mode: 'new', name: 'b-events' },
        roles: eventsRoles,
      },
    );
    await settleImports();
    await engines.refreshDataset(bEvents.datasetId); // the trainer's refresh job
    const bOverview = await b.caller.analytics.overview({ datasetId: bEvents.datasetId });
    expect(bOverview.totals.events).toBe(10);
    const bPreview = JSON.stringify(await b.caller.datasets.preview({ id: bEvents.datasetId }));
    expect(bPreview).not.toContain(SECRET);
    expect(
      (
        await b.caller.recommendations.history({
          datasetId: bEvents.datasetId,
          user: `${SECRET}-user-1`,
        })
      ).length,
    ).toBe(0);
  },
);
