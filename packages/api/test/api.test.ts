import { readFinancials } from '@foresight/db';
import { createTestDatabase, type TestDatabase } from '@foresight/db/testing';
import { startQueue, type QueueClient } from '@foresight/queue';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  callerFor,
  confirmedColumns,
  importCsv,
  labelledCustomersCsv,
  importUpload,
  marketRoles,
  sampleCsv,
  signedInCaller,
  testContext,
  uploadFile,
} from './helpers';

let t: TestDatabase;
let queue: QueueClient;
beforeAll(async () => {
  t = await createTestDatabase();
  queue = await startQueue(t.url, { role: 'sender' });
});
afterAll(async () => {
  await queue.stop();
  await t.drop();
});

const market = { kind: 'market', roles: marketRoles } as const;

describe('upload → dataset → queued forecast job', () => {
  it('stores the rows, lists the dataset and puts a job on the real queue', async () => {
    const { caller } = await signedInCaller(t, queue, 'uploader');
    const view = await uploadFile(caller, sampleCsv, 'revenue.csv');
    expect(view.status).toBe('staged');
    expect(view.detection?.header).toEqual(['date', 'region', 'revenue']);
    expect(view.detection?.proposals.market).toMatchObject(marketRoles);
    const result = await importUpload(caller, view, {
      ...market,
      target: { mode: 'new', name: 'Revenue' },
    });
    expect(result).toMatchObject({
      status: 'stored',
      kind: 'market',
      result: { rowsStored: 60, rowsSkipped: 0 },
      problems: [],
    });
    const datasetId = result.datasetId!;
    const jobId = result.result!.jobIds[0]!;
    expect(result.result!.jobIds).toHaveLength(1);

    const [listed] = await caller.datasets.all();
    expect(listed).toMatchObject({
      id: datasetId,
      name: 'Revenue',
      rowCount: 60,
      seriesCount: 2,
      status: 'ready',
      sourceFileName: 'revenue.csv',
      createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/),
    });
    const series = await caller.datasets.series({ id: datasetId });
    expect(series.map((s) => s.series)).toEqual(['north', 'south']);
    const preview = await caller.datasets.preview({ id: datasetId });
    expect(preview.header).toEqual(['series', 'date', 'value']);
    expect(preview.rows[0]).toEqual(['north', '2023-01-01', 100]);

    const job = await caller.jobs.byId({ id: jobId });
    expect(job.status).toBe('queued');
    const queued = await queue.boss.fetch<{ jobId: string }>('train-forecast');
    expect(queued.map((j) => j.data.jobId)).toContain(jobId);
  });

  it('rejects a bad row with row and column, and stores nothing', async () => {
    const { caller, organizationId } = await signedInCaller(t, queue, 'badrows');
    const bad = sampleCsv.replace('2023-01-05,south,58', '2023-01-05,south,lots');
    const view = await importUpload(caller, await uploadFile(caller, bad), market);
    expect(view).toMatchObject({
      status: 'rejected',
      datasetId: null,
      result: null,
      problemCount: 1,
    });
    expect(view.problems[0]).toEqual({
      row: 11,
      column: 'revenue',
      value: 'lots',
      reason: 'is not a number',
    });
    expect(view.message).toContain('row 11, column "revenue": "lots" is not a number');
    expect(await caller.datasets.all()).toEqual([]);
    const points = await t.db.pool.query(
      'SELECT count(*)::int AS n FROM market_points WHERE organization_id = $1',
      [organizationId],
    );
    expect(points.rows[0].n).toBe(0);
  });

  it('refuses callers who are not signed in', async () => {
    const anonymous = callerFor(testContext(t, queue, { session: null }));
    await expect(anonymous.datasets.all()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(
      anonymous.uploads.create({ fileName: 'x.csv', sizeBytes: 10 }),
    ).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });
});

describe('organization scoping', () => {
  it("never shows one organization's datasets, jobs or forecasts to another", async () => {
    const a = await signedInCaller(t, queue, 'alpha');
    const b = await signedInCaller(t, queue, 'beta');
    const uploaded = await importCsv(a.caller, sampleCsv, market);
    const { datasetId } = uploaded;
    const jobId = uploaded.result.jobIds[0]!;

    // A forecast model exists for A's dataset.
    const model = await t.db.prisma.model.create({
      data: {
        organizationId: a.organizationId,
        datasetId,
        jobId,
        task: 'forecast',
        version: 1,
        chosen: 'neural',
        metrics: {},
        backend: 'cpu',
      },
    });
    await t.db.prisma.forecastPoint.create({
      data: {
        modelId: model.id,
        organizationId: a.organizationId,
        series: 'north',
        date: new Date('2023-02-01'),
        p10: 1,
        p50: 2,
        p90: 3,
      },
    });
    expect((await a.caller.forecasts.latest({ datasetId })).forecast?.modelId).toBe(model.id);

    const notFound = { code: 'NOT_FOUND' };
    expect(await b.caller.datasets.all()).toEqual([]);
    expect(await b.caller.jobs.all()).toMatchObject({ items: [], nextCursor: null });
    expect(await b.caller.jobs.all({ datasetId })).toMatchObject({ items: [], nextCursor: null });
    await expect(b.caller.datasets.byId({ id: datasetId })).rejects.toMatchObject(notFound);
    await expect(b.caller.datasets.series({ id: datasetId })).rejects.toMatchObject(notFound);
    await expect(b.caller.datasets.preview({ id: datasetId })).rejects.toMatchObject(notFound);
    await expect(b.caller.uploads.byId({ id: uploaded.id })).rejects.toMatchObject(notFound);
    await expect(b.caller.jobs.byId({ id: jobId })).rejects.toMatchObject(notFound);
    await expect(b.caller.forecasts.latest({ datasetId })).rejects.toMatchObject(notFound);
    await expect(b.caller.forecasts.train({ datasetId })).rejects.toMatchObject(notFound);
    await expect(b.caller.datasets.delete({ id: datasetId })).rejects.toMatchObject(notFound);
    expect((await b.caller.org.current()).id).toBe(b.organizationId);

    // A session pointing at an organization the user does not belong to falls back to their own.
    const sneaky = callerFor(
      testContext(t, queue, {
        session: {
          userId: b.userId,
          email: 'b@x',
          name: 'b',
          activeOrganizationId: a.organizationId,
        },
      }),
    );
    expect(await sneaky.datasets.all()).toEqual([]);
    expect((await sneaky.org.current()).id).toBe(b.organizationId);

    // A's data is intact.
    expect((await a.caller.datasets.byId({ id: datasetId })).rowCount).toBe(60);
  });
});

const financialsRoles = {
  date: 'month',
  revenue: 'revenue',
  expenses: ['payroll', 'hosting'],
  cash: 'bank',
  startingCash: null,
};
const financialsCsv = [
  'month,revenue,payroll,hosting,bank',
  ...Array.from({ length: 24 }, (_, m) => {
    const d = new Date(Date.UTC(2023, m, 1)).toISOString().slice(0, 7);
    return `${d},${10_000 + 500 * m},${60_000 + 1_000 * m},${3_000},${2_000_000 - 50_000 * m}`;
  }),
].join('\n');

describe('financials upload and risk procedures', () => {
  it('stores periods with summed costs and queues a risk job', async () => {
    const { caller, organizationId } = await signedInCaller(t, queue, 'fin');
    const result = await importCsv(caller, financialsCsv, {
      kind: 'financials',
      target: { mode: 'new', name: 'Books' },
      roles: financialsRoles,
    });
    expect(result.result.rowsStored).toBe(24);
    const jobId = result.result.jobIds[0]!;
    expect(result.result.jobIds).toHaveLength(1);
    const job = await caller.jobs.byId({ id: jobId });
    expect(job.task).toBe('risk');
    const first = await t.db.pool.query(
      'SELECT date::text, revenue, expenses, cash FROM financial_periods WHERE organization_id = $1 ORDER BY date LIMIT 1',
      [organizationId],
    );
    expect(first.rows[0]).toEqual({
      date: '2023-01-01',
      revenue: 10_000,
      expenses: 63_000,
      cash: 2_000_000,
    });
    // Each cost line is kept too, so the runway simulation can forecast them one by one.
    const history = await readFinancials(t.db, organizationId, result.datasetId);
    expect(history.expenseLines?.map((line) => line.name)).toEqual(['payroll', 'hosting']);
    expect(history.expenseLines?.[0]?.values.slice(0, 2)).toEqual([60_000, 61_000]);
    expect(history.expenseLines?.[1]?.values[23]).toBe(3_000);
    const queued = await queue.boss.fetch<{ jobId: string }>('train-risk');
    expect(queued.map((j) => j.data.jobId)).toContain(jobId);
    const latest = await caller.risk.latest({ datasetId: result.datasetId });
    expect(latest.risk).toBeNull();
    expect(latest.latestJob?.id).toBe(jobId);
  });

  it('needs a cash column or a starting cash, and at least one expense column', async () => {
    const { caller } = await signedInCaller(t, queue, 'fin2');
    const view = await uploadFile(caller, financialsCsv);
    const ingest = (roles: object) =>
      caller.uploads.ingest({
        uploadId: view.id,
        kind: 'financials',
        target: { mode: 'new', name: 'x' },
        roles: { ...financialsRoles, ...roles },
        columns: confirmedColumns(view),
      });
    const noCash = ingest({ expenses: ['payroll'], cash: null, startingCash: null });
    await expect(noCash).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(noCash).rejects.toThrow(/cash balance column, or enter the cash/);
    const noCosts = ingest({ expenses: [] });
    await expect(noCosts).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(noCosts).rejects.toThrow(/at least one expense column/);
    // Refused before anything was claimed or stored: the upload is still waiting for a mapping.
    expect((await caller.uploads.byId({ id: view.id })).status).toBe('staged');
    expect(await caller.datasets.all()).toEqual([]);
  });

  it("keeps risk results and what-ifs to the dataset's organization, and rejects tasks on the wrong kind", async () => {
    const a = await signedInCaller(t, queue, 'riska');
    const b = await signedInCaller(t, queue, 'riskb');
    const { datasetId } = await importCsv(a.caller, financialsCsv, {
      kind: 'financials',
      target: { mode: 'new', name: 'A books' },
      roles: { ...financialsRoles, expenses: ['payroll'] },
    });
    const notFound = { code: 'NOT_FOUND' };
    await expect(b.caller.risk.latest({ datasetId })).rejects.toMatchObject(notFound);
    await expect(b.caller.risk.whatIf({ datasetId, scenario: {} })).rejects.toMatchObject(notFound);
    await expect(b.caller.risk.train({ datasetId })).rejects.toMatchObject(notFound);
    // A financials dataset cannot be forecast as market data, nor a market dataset assessed for risk.
    await expect(a.caller.forecasts.train({ datasetId })).rejects.toMatchObject(notFound);
    const marketData = await importCsv(a.caller, sampleCsv, market);
    await expect(a.caller.risk.train({ datasetId: marketData.datasetId })).rejects.toMatchObject(
      notFound,
    );
    // No risk model yet: a what-if says so.
    await expect(
      a.caller.risk.whatIf({ datasetId, scenario: { growthRateChange: 0.01 } }),
    ).rejects.toMatchObject(notFound);
  });
});

const eventsCsv = [
  'user,ts,event,sku,amount',
  ...Array.from(
    { length: 40 },
    (_, i) =>
      `u${i % 7},2024-01-${String(1 + (i % 28)).padStart(2, '0')}T10:00:00Z,view,sku${i % 5},${i}`,
  ),
  // A later visit: the log spans the 90 days churn needs (three 30-day windows).
  'u6,2024-04-15T10:00:00Z,view,sku0,0',
].join('\n');
const customersCsv = labelledCustomersCsv();

describe('events and customers uploads, churn and recommendation procedures', () => {
  it('queues churn and recommend jobs for events with an item column, churn for labelled customers', async () => {
    const { caller } = await signedInCaller(t, queue, 'ev');
    const events = await importCsv(caller, eventsCsv, {
      kind: 'events',
      target: { mode: 'new', name: 'Log' },
      roles: { user: 'user', time: 'ts', event: 'event', item: 'sku', value: 'amount' },
    });
    expect(events.result.rowsStored).toBe(41);
    const tasks = await Promise.all(
      events.result.jobIds.map(async (id) => (await caller.jobs.byId({ id })).task),
    );
    expect(tasks.sort()).toEqual(['churn', 'recommend']);
    const listed = await caller.datasets.byId({ id: events.datasetId });
    expect(listed).toMatchObject({ kind: 'events', seriesCount: 7, dateFrom: '2024-01-01' });

    const customers = await importCsv(caller, customersCsv, {
      kind: 'customers',
      target: { mode: 'new', name: 'Customers' },
      roles: { id: 'id', label: 'churned' },
      types: { churned: 'boolean' },
    });
    expect(customers.result.rowsStored).toBe(20);
    expect(customers.result.jobIds).toHaveLength(1);
    expect((await caller.jobs.byId({ id: customers.result.jobIds[0]! })).task).toBe('churn');

    const unlabelled = await importCsv(caller, customersCsv, {
      kind: 'customers',
      target: { mode: 'new', name: 'No label' },
      roles: { id: 'id', label: null },
    });
    expect(unlabelled.result.rowsStored).toBe(20);
    expect(unlabelled.result.jobIds).toEqual([]);
  });

  it("never shows another organization's churn scores or recommendations", async () => {
    const a = await signedInCaller(t, queue, 'evA');
    const b = await signedInCaller(t, queue, 'evB');
    const { datasetId } = await importCsv(a.caller, eventsCsv, {
      kind: 'events',
      target: { mode: 'new', name: 'Log' },
      roles: { user: 'user', time: 'ts', event: null, item: 'sku', value: null },
    });
    const notFound = { code: 'NOT_FOUND' };
    await expect(b.caller.churn.latest({ datasetId })).rejects.toMatchObject(notFound);
    await expect(b.caller.churn.export({ datasetId })).rejects.toMatchObject(notFound);
    await expect(b.caller.churn.train({ datasetId })).rejects.toMatchObject(notFound);
    await expect(b.caller.recommendations.latest({ datasetId })).rejects.toMatchObject(notFound);
    await expect(b.caller.recommendations.forUser({ datasetId, user: 'u1' })).rejects.toMatchObject(
      notFound,
    );
    await expect(
      b.caller.recommendations.similarItems({ datasetId, item: 'sku1' }),
    ).rejects.toMatchObject(notFound);
    await expect(b.caller.recommendations.history({ datasetId, user: 'u1' })).rejects.toMatchObject(
      notFound,
    );
    // A's own history of u1: distinct items, newest first (ties by item), with when and how often.
    expect(await a.caller.recommendations.history({ datasetId, user: 'u1' })).toEqual([
      { item: 'sku2', lastUsedAt: '2024-01-23T10:00:00.000Z', uses: 1 },
      { item: 'sku0', lastUsedAt: '2024-01-16T10:00:00.000Z', uses: 1 },
      { item: 'sku1', lastUsedAt: '2024-01-09T10:00:00.000Z', uses: 2 },
      { item: 'sku3', lastUsedAt: '2024-01-09T10:00:00.000Z', uses: 1 },
      { item: 'sku4', lastUsedAt: '2024-01-02T10:00:00.000Z', uses: 1 },
    ]);
    expect(
      await a.caller.recommendations.history({ datasetId, user: 'u1', limit: 2 }),
    ).toHaveLength(2);
    expect(await a.caller.recommendations.history({ datasetId, user: 'nobody' })).toEqual([]);
    await expect(b.caller.recommendations.train({ datasetId })).rejects.toMatchObject(notFound);
    const mine = await a.caller.churn.latest({ datasetId });
    expect(mine.churn).toBeNull();
    expect(mine.latestJob?.task).toBe('churn');
    // A financials dataset is not something churn or recommendations train on.
    await expect(
      a.caller.recommendations.train({
        datasetId: (await importCsv(a.caller, sampleCsv, market)).datasetId,
      }),
    ).rejects.toMatchObject(notFound);
  });
});
