// Tenant isolation, proven for every procedure: organization B (signed in, and with its own
// write API key) calls each procedure of the app router with the ids of organization A's objects,
// and nothing A owns may come back. The procedure list is read from the router itself, so a
// procedure added later without an entry here makes this test fail until it is covered.
import {
  authenticateApiKey,
  saveChurnResult,
  saveForecastResult,
  saveRecommendResult,
  saveRiskResult,
  type ChurnMetrics,
  type RiskMetrics,
} from '@foresight/db';
import { createTestDatabase, type TestDatabase } from '@foresight/db/testing';
import { startQueue, type QueueClient } from '@foresight/queue';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { appRouter } from '../src/root';
import { createCallerFactory } from '../src/trpc';
import { csvForm, signedInCaller } from './helpers';

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

const SECRET = 'secret-of-a';

interface AIds {
  market: string;
  financials: string;
  events: string;
  customers: string;
  job: string;
  apiKey: string;
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
      `${SECRET}-user-${i % 5},2024-01-${String(1 + i).padStart(2, '0')}T00:00:00Z,${SECRET}-item-${i % 4}`,
  ),
].join('\n');
const customersCsv = ['id,plan,churned', `${SECRET}-c1,pro,no`, `${SECRET}-c2,free,yes`].join('\n');

function form(
  name: string,
  csv: string,
  fields: Record<string, string>,
  lists: Record<string, string[]> = {},
) {
  const f = csvForm(csv, { name, ...fields });
  for (const [k, vs] of Object.entries(lists)) for (const v of vs) f.append(k, v);
  return f;
}

/** Every procedure of the router and the input B sends (A's ids wherever an id is taken). */
const INPUTS: Record<string, Input> = {
  'apiKeys.all': () => undefined,
  'apiKeys.create': () => ({ name: 'b-service', scopes: ['read'] }),
  'apiKeys.revoke': (a) => ({ id: a.apiKey }),
  'churn.latest': (a) => ({ datasetId: a.customers }),
  'churn.export': (a) => ({ datasetId: a.customers }),
  'churn.train': (a) => ({ datasetId: a.customers }),
  'datasets.all': () => undefined,
  'datasets.byId': (a) => ({ id: a.market }),
  'datasets.series': (a) => ({ id: a.market }),
  'datasets.uploadMarket': () =>
    form('b-dataset', marketCsv.replaceAll(SECRET, 'b'), {
      dateColumn: 'date',
      valueColumn: 'value',
      seriesColumn: 'series',
    }),
  'datasets.uploadFinancials': () =>
    form(
      'b-dataset',
      finCsv,
      { dateColumn: 'month', revenueColumn: 'revenue', cashColumn: 'cash' },
      { expenseColumns: ['costs'] },
    ),
  'datasets.uploadEvents': () =>
    form('b-dataset', eventsCsv.replaceAll(SECRET, 'b'), {
      userColumn: 'user',
      timeColumn: 'ts',
      itemColumn: 'item',
    }),
  'datasets.uploadCustomers': () =>
    form(
      'b-dataset',
      customersCsv.replaceAll(SECRET, 'b'),
      { idColumn: 'id', labelColumn: 'churned' },
      { columns: ['id', 'plan', 'churned'] },
    ),
  'datasets.delete': (a) => ({ id: a.market }),
  'forecasts.latest': (a) => ({ datasetId: a.market }),
  'forecasts.train': (a) => ({ datasetId: a.market }),
  'jobs.all': () => undefined,
  'jobs.byId': (a) => ({ id: a.job }),
  'org.current': () => undefined,
  'org.rename': () => ({ name: 'B renamed' }),
  'recommendations.latest': (a) => ({ datasetId: a.events }),
  'recommendations.forUser': (a) => ({ datasetId: a.events, user: `${SECRET}-user-1` }),
  'recommendations.similarItems': (a) => ({ datasetId: a.events, item: `${SECRET}-item-1` }),
  'recommendations.train': (a) => ({ datasetId: a.events }),
  'risk.latest': (a) => ({ datasetId: a.financials }),
  'risk.whatIf': (a) => ({ datasetId: a.financials, scenario: { growthRateChange: 0.01 } }),
  'risk.train': (a) => ({ datasetId: a.financials }),
};

async function seedOrganizationA() {
  const a = await signedInCaller(t, queue, 'alpha');
  const market = await a.caller.datasets.uploadMarket(
    form(`${SECRET}-dataset`, marketCsv, {
      dateColumn: 'date',
      valueColumn: 'value',
      seriesColumn: 'series',
    }),
  );
  const financials = await a.caller.datasets.uploadFinancials(
    form(
      `${SECRET}-dataset`,
      finCsv,
      { dateColumn: 'month', revenueColumn: 'revenue', cashColumn: 'cash' },
      { expenseColumns: ['costs'] },
    ),
  );
  const events = await a.caller.datasets.uploadEvents(
    form(`${SECRET}-dataset`, eventsCsv, {
      userColumn: 'user',
      timeColumn: 'ts',
      itemColumn: 'item',
    }),
  );
  const customers = await a.caller.datasets.uploadCustomers(
    form(
      `${SECRET}-dataset`,
      customersCsv,
      { idColumn: 'id', labelColumn: 'churned' },
      { columns: ['id', 'plan', 'churned'] },
    ),
  );
  const { apiKey } = await a.caller.apiKeys.create({
    name: `${SECRET}-key`,
    scopes: ['read', 'write'],
  });

  // A trained model of every task, with predictions that mention A's secret.
  await saveForecastResult(t.db, {
    jobId: market.jobId!,
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
    jobId: financials.jobId!,
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
    jobId: customers.jobId!,
    backend: 'cpu',
    chosen: 'mlp',
    metrics: churnMetrics,
    params: {},
    scores: [{ id: `${SECRET}-c1`, score: 0.9, drivers: [] }],
  });
  const recommendJob = events.jobIds.find((id) => id !== events.jobId)!;
  await saveRecommendResult(t.db, {
    jobId: recommendJob,
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
      { user: `${SECRET}-user-1`, items: [{ item: `${SECRET}-item-2`, score: 1 }] },
    ],
    similarItems: [{ item: `${SECRET}-item-1`, similar: [{ item: `${SECRET}-item-3`, score: 1 }] }],
  });
  const ids: AIds = {
    market: market.datasetId,
    financials: financials.datasetId,
    events: events.datasetId,
    customers: customers.datasetId,
    job: market.jobId!,
    apiKey: apiKey.id,
  };
  return { a, ids, markers: [SECRET, a.organizationId, a.userId, ...Object.values(ids)] };
}

it('organization B, signed in or with its API key, gets nothing of organization A from any procedure', async () => {
  const procedures = Object.keys(appRouter._def.procedures).sort();
  expect(procedures).toEqual(Object.keys(INPUTS).sort());

  const { a, ids, markers } = await seedOrganizationA();
  const b = await signedInCaller(t, queue, 'beta');
  const bKey = (await b.caller.apiKeys.create({ name: 'b', scopes: ['read', 'write'] })).key;
  const viaKey = createCallerFactory(appRouter)({
    db: t.db,
    queue,
    session: null,
    apiKey: await authenticateApiKey(t.db, bKey),
  });

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

  // A's data is untouched: every dataset, the key, the organization's name.
  expect((await a.caller.datasets.all()).length).toBe(4);
  expect((await a.caller.apiKeys.all()).find((k) => k.id === ids.apiKey)?.revokedAt).toBeNull();
  expect((await a.caller.org.current()).name).toBe('alpha Inc');
  expect(
    (await a.caller.risk.latest({ datasetId: ids.financials })).risk?.metrics.currentCash,
  ).toBe(4242);
});
