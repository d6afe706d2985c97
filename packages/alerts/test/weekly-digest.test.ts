import {
  createAlertRule,
  createCustomersDataset,
  createEventsDataset,
  createFinancialsDataset,
  createJob,
  createMarketDataset,
  createWebhookEndpoint,
  fireAlert,
  listDeliveries,
  listNotifications,
  refreshAnalytics,
  saveChurnResult,
  saveForecastResult,
  saveRiskResult,
  type ChurnMetrics,
  type DbHandle,
  type EventRow,
  type MarketRow,
  type RiskMetrics,
} from '@foresight/db';
import { createTestDatabase, seedOrganization, type TestDatabase } from '@foresight/db/testing';
import type { JobSender } from '@foresight/queue';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildDigest,
  digestWeekStart,
  isoWeekKey,
  sendWeeklyDigests,
  type WeeklyDigest,
} from '../src';

// The week covered: Monday 30 Nov to Sunday 6 Dec 2026 (ISO 2026-W49); the digest goes out on
// Monday 7 Dec. Data dated on or after 7 Dec, models trained and alerts fired after the week, must
// not show.
const WEEK = new Date('2026-11-30T00:00:00Z');
const SEND_AT = new Date('2026-12-07T08:00:00Z');

let t: TestDatabase;
let org: { organizationId: string; userId: string };
const ids: Record<string, string> = {};

function days(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = Date.parse(from); d <= Date.parse(to); d += 86_400_000) {
    out.push(new Date(d).toISOString().slice(0, 10));
  }
  return out;
}

async function job(db: DbHandle, datasetId: string, task: 'forecast' | 'risk' | 'churn') {
  return (
    await createJob(db, {
      organizationId: org.organizationId,
      datasetId,
      task,
      params: {},
      userId: null,
    })
  ).id;
}

async function trainedAt(db: DbHandle, modelVersion: number, datasetId: string, at: string) {
  await db.pool.query('UPDATE models SET created_at = $3 WHERE dataset_id = $1 AND version = $2', [
    datasetId,
    modelVersion,
    at,
  ]);
}

function riskMetrics(p50: number, cashOut6: number): RiskMetrics {
  return {
    asOf: '2026-11-01',
    currentCash: 500_000,
    horizon: 18,
    paths: 1000,
    fan: [{ month: 1, p10: 1, p50: 2, p90: 3 }],
    runway: { p10: p50 - 3, p50, p90: null, shareBeyondHorizon: 0.2, horizon: 18 },
    probabilityCashOut: [{ month: 6, p: cashOut6 }],
    summary: { 3: 0, 6: cashOut6, 12: 0.3, 18: 0.6 },
    constantBurn: { monthlyBurn: 30_000, runwayMonths: 16 },
    forecast: { dates: ['2026-12-01'], revenue: [1], expenses: [1] },
    history: { dates: ['2026-11-01'], revenue: [1], expenses: [1], cash: [500_000] },
    backtest: [],
    sampling: { method: 'none', blockLength: 1, origins: 0, steps: 0 },
    anomalies: [],
    trainMs: 1,
  };
}

const riskParams = {
  input: {
    currentCash: 500_000,
    revenue: { p50: [1], residuals: [] },
    expenses: { p50: [1], residuals: [] },
  },
  paths: 1000,
  horizon: 18,
  seed: 1,
  dates: ['2026-12-01'],
};

const churnMetrics: ChurnMetrics = {
  mode: 'table',
  chosen: 'mlp',
  trainMs: 5,
  candidates: [{ name: 'mlp', rocAuc: 0.8, rocAucSe: 0.01, prAuc: 0.5, logLoss: 0.4, fitMs: 3 }],
  calibration: [{ bin: 0, predicted: 0.1, observed: 0.12, count: 10 }],
  threshold: { value: 0.5, precision: 0.6, recall: 0.7, f1: 0.65 },
  importance: [{ feature: 'days_inactive', importance: 0.1 }],
  features: [{ name: 'days_inactive', type: 'numeric' }],
  rows: { train: 8, validation: 2, scored: 8 },
  positiveRate: 0.2,
};

/** Plants every kind of data the digest reads, around the week of 30 Nov 2026. */
async function plant(db: DbHandle) {
  const base = { organizationId: org.organizationId, userId: org.userId, sourceFileName: null };

  // Market: north climbs from 100 to 120 during the week; south drops to 45 on its last day.
  const north = [
    ...days('2026-11-01', '2026-11-29').map(() => 100),
    110,
    112,
    114,
    116,
    118,
    119,
    120,
  ];
  const rows: MarketRow[] = days('2026-11-01', '2026-12-06').flatMap((date, i) => [
    { series: 'north', date, value: north[i]! },
    { series: 'south', date, value: date === '2026-12-06' ? 45 : 50 },
  ]);
  rows.push({ series: 'north', date: '2026-12-07', value: 999 }); // after the week
  const market = await createMarketDataset(db, {
    ...base,
    name: 'Sales',
    mapping: { date: 'date', value: 'value', series: 'series' },
    rows,
  });
  ids.market = market.id;
  // Forecast v1 (trained 28 Nov) covers 1–10 Dec; v2 (trained 6 Dec) starts 7 Dec: no actuals yet,
  // so the digest compares v1.
  const forecastMetrics = {
    frequency: 'daily',
    horizon: 10,
    holdoutHorizon: 10,
    seasonality: 7,
    candidates: [],
    perSeries: [],
    trainMs: 1,
  };
  const v1 = days('2026-12-01', '2026-12-10').flatMap((date) => [
    { series: 'north', date, p10: 105, p50: 115, p90: 125 },
    { series: 'south', date, p10: 48, p50: 50, p90: 52 },
  ]);
  await saveForecastResult(db, {
    jobId: await job(db, market.id, 'forecast'),
    chosen: 'ets',
    backend: 'cpu',
    params: {},
    metrics: forecastMetrics,
    points: v1,
  });
  await trainedAt(db, 1, market.id, '2026-11-28T09:00:00Z');
  await saveForecastResult(db, {
    jobId: await job(db, market.id, 'forecast'),
    chosen: 'ets',
    backend: 'cpu',
    params: {},
    metrics: forecastMetrics,
    points: days('2026-12-07', '2026-12-16').map((date) => ({
      series: 'north',
      date,
      p10: 1,
      p50: 2,
      p90: 3,
    })),
  });
  await trainedAt(db, 2, market.id, '2026-12-06T09:00:00Z');

  // Financials: runway assessed on 20 Nov (15.0 months, 2%) and again on 3 Dec (14.2 months, 3%);
  // one on 8 Dec is after the week.
  const financials = await createFinancialsDataset(db, {
    ...base,
    name: 'Finances',
    mapping: {
      date: 'date',
      revenue: 'revenue',
      expenses: ['expenses'],
      cash: 'cash',
      startingCash: null,
    },
    rows: [{ date: '2026-11-01', revenue: 10_000, expenses: 40_000, cash: 500_000 }],
  });
  ids.financials = financials.id;
  for (const [version, p50, p6, at] of [
    [1, 15.0, 0.02, '2026-11-20T09:00:00Z'],
    [2, 14.2, 0.03, '2026-12-03T09:00:00Z'],
    [3, 2.0, 0.9, '2026-12-08T09:00:00Z'],
  ] as const) {
    await saveRiskResult(db, {
      jobId: await job(db, financials.id, 'risk'),
      backend: 'cpu',
      chosen: 'ets',
      metrics: riskMetrics(p50, p6),
      params: riskParams,
    });
    await trainedAt(db, version, financials.id, at);
  }

  // Customers with churn scores: 4 of 8 at or above the 0.5 threshold.
  const customers = await createCustomersDataset(db, {
    ...base,
    name: 'Customers',
    mapping: {},
    rows: ['c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8'].map((recordId) => ({
      recordId,
      attributes: {},
    })),
  });
  ids.customers = customers.id;
  const scores = [0.95, 0.9, 0.8, 0.6, 0.4, 0.35, 0.2, 0.1];
  await saveChurnResult(db, {
    jobId: await job(db, customers.id, 'churn'),
    backend: 'cpu',
    chosen: 'mlp',
    metrics: churnMetrics,
    params: {},
    scores: scores.map((score, i) => ({
      id: `c${i + 1}`,
      score,
      drivers:
        i === 0
          ? [{ feature: 'days_inactive', contribution: 1.2, text: 'inactive: 41 days (typical 6)' }]
          : i === 1
            ? [{ feature: 'plan', contribution: 0.5 }]
            : [],
    })),
  });

  // Events: the week before (23–29 Nov) 2 users, 2 events; the week (30 Nov–6 Dec) 3 users, 6
  // events; one event on 7 Dec (a partial week, left out).
  const event = (userId: string, occurredAt: string): EventRow => ({
    userId,
    occurredAt,
    eventName: 'open',
    itemId: null,
    value: null,
  });
  const events = await createEventsDataset(db, {
    ...base,
    name: 'App events',
    mapping: { user: 'u', time: 't', event: 'e', item: null, value: null },
    rows: [
      event('a', '2026-11-23T10:00:00Z'),
      event('b', '2026-11-27T10:00:00Z'),
      ...['a', 'b', 'c'].flatMap((u) => [
        event(u, '2026-12-01T10:00:00Z'),
        event(u, '2026-12-04T10:00:00Z'),
      ]),
      event('a', '2026-12-07T10:00:00Z'),
    ],
  });
  ids.events = events.id;
  await refreshAnalytics(db, events.id);

  // Alerts: one fired during the week, one before and one after it.
  const rule = await createAlertRule(db, org.organizationId, org.userId, {
    kind: 'threshold',
    name: 'North above 115',
    datasetId: market.id,
    subject: {},
    params: {},
    email: true,
  });
  for (const [periodKey, at] of [
    ['2026-11-25', '2026-11-25T12:00:00Z'],
    ['2026-12-03', '2026-12-03T12:00:00Z'],
    ['2026-12-08', '2026-12-08T12:00:00Z'],
  ] as const) {
    const fired = await fireAlert(
      db,
      rule,
      { periodKey, summary: `north rose above 115 on ${periodKey}`, values: {} },
      { title: 'North above 115', body: 'north rose above 115', link: '/trends' },
    );
    await db.pool.query('UPDATE alert_events SET fired_at = $2 WHERE id = $1', [
      fired!.eventId,
      at,
    ]);
  }
}

beforeAll(async () => {
  t = await createTestDatabase();
  org = await seedOrganization(t.db, 'digest');
  await plant(t.db);
});
afterAll(async () => {
  await t.drop();
});

describe('the digest week', () => {
  it('is the last full ISO week before the send time, named like 2026-W49', () => {
    expect(digestWeekStart(SEND_AT)).toEqual(WEEK);
    expect(digestWeekStart(new Date('2026-12-13T23:59:59Z'))).toEqual(WEEK);
    expect(isoWeekKey(WEEK)).toBe('2026-W49');
    expect(isoWeekKey(new Date('2026-12-31T00:00:00Z'))).toBe('2026-W53');
    expect(isoWeekKey(new Date('2027-01-03T00:00:00Z'))).toBe('2026-W53');
    expect(isoWeekKey(new Date('2027-01-04T00:00:00Z'))).toBe('2027-W01');
    expect(isoWeekKey(new Date('2025-12-29T00:00:00Z'))).toBe('2026-W01');
  });
});

describe('buildDigest', () => {
  let digest: WeeklyDigest;
  beforeAll(async () => {
    digest = await buildDigest(t.db, org.organizationId, WEEK);
  });
  const section = <K extends WeeklyDigest['sections'][number]['kind']>(kind: K) =>
    digest.sections.find((s) => s.kind === kind) as Extract<
      WeeklyDigest['sections'][number],
      { kind: K }
    >;

  it('names the week and has a section per kind of data, in order', () => {
    expect(digest).toMatchObject({
      organizationId: org.organizationId,
      periodKey: '2026-W49',
      weekStart: '2026-11-30',
      weekEnd: '2026-12-06',
      title: 'Weekly digest for digest Inc: 30 Nov 2026 – 6 Dec 2026',
    });
    expect(digest.sections.map((s) => s.kind)).toEqual([
      'market',
      'behaviour',
      'forecast',
      'runway',
      'churn',
      'alerts',
    ]);
  });

  it("gives each market series' latest value in the week and its change over a week", () => {
    expect(section('market')).toEqual({
      kind: 'market',
      datasetId: ids.market,
      datasetName: 'Sales',
      series: [
        {
          series: 'north',
          latest: { date: '2026-12-06', value: 120 },
          previous: { date: '2026-11-29', value: 100 },
          change: 20,
          changePct: 20,
        },
        {
          series: 'south',
          latest: { date: '2026-12-06', value: 45 },
          previous: { date: '2026-11-29', value: 50 },
          change: -5,
          changePct: -10,
        },
      ],
      moreSeries: 0,
    });
  });

  it('gives weekly actives and events against the week before', () => {
    expect(section('behaviour')).toEqual({
      kind: 'behaviour',
      datasetId: ids.events,
      datasetName: 'App events',
      week: { weekStart: '2026-11-30', activeUsers: 3, events: 6 },
      previous: { weekStart: '2026-11-23', activeUsers: 2, events: 2 },
    });
  });

  it('compares the newest forecast with actuals to them: inside or outside its p10–p90', () => {
    expect(section('forecast')).toMatchObject({
      modelVersion: 1,
      trainedAt: '2026-11-28T09:00:00.000Z',
      compared: 12,
      inside: 11,
      series: [
        {
          series: 'south',
          compared: 6,
          inside: 5,
          latest: { date: '2026-12-06', actual: 45, p10: 48, p50: 50, p90: 52, position: 'below' },
        },
        {
          series: 'north',
          compared: 6,
          inside: 6,
          latest: {
            date: '2026-12-06',
            actual: 120,
            p10: 105,
            p50: 115,
            p90: 125,
            position: 'inside',
          },
        },
      ],
    });
  });

  it('gives the runway now against a week ago', () => {
    expect(section('runway')).toEqual({
      kind: 'runway',
      datasetId: ids.financials,
      datasetName: 'Finances',
      now: {
        modelVersion: 2,
        assessedAt: '2026-12-03T09:00:00.000Z',
        runwayP50Months: 14.2,
        horizonMonths: 18,
        cashOut6: 0.03,
      },
      before: {
        modelVersion: 1,
        assessedAt: '2026-11-20T09:00:00.000Z',
        runwayP50Months: 15,
        horizonMonths: 18,
        cashOut6: 0.02,
      },
      comparedWith: 'week-ago',
      newThisWeek: true,
    });
  });

  it('lists the top 5 customers at risk and how many are above the threshold', () => {
    const churn = section('churn');
    expect(churn).toMatchObject({
      datasetName: 'Customers',
      threshold: 0.5,
      scored: 8,
      atOrAboveThreshold: 4,
    });
    expect(churn.customers).toEqual([
      { rank: 1, id: 'c1', score: 0.95, reason: 'inactive: 41 days (typical 6)' },
      { rank: 2, id: 'c2', score: 0.9, reason: 'plan' },
      { rank: 3, id: 'c3', score: 0.8, reason: null },
      { rank: 4, id: 'c4', score: 0.6, reason: null },
      { rank: 5, id: 'c5', score: 0.4, reason: null },
    ]);
  });

  it('lists only the alerts fired during the week', () => {
    expect(section('alerts')).toEqual({
      kind: 'alerts',
      events: [
        {
          ruleId: expect.any(String),
          ruleName: 'North above 115',
          kind: 'threshold',
          summary: 'north rose above 115 on 2026-12-03',
          firedAt: '2026-12-03T12:00:00.000Z',
        },
      ],
      more: 0,
    });
  });

  it('says it all in plain text, numbers with units and in words', () => {
    const lines = digest.text.split('\n');
    expect(lines[0]).toBe('digest Inc, week 2026-W49 (30 Nov 2026 to 6 Dec 2026, UTC).');
    for (const expected of [
      'KEY NUMBERS',
      '- north: 120 on 2026-12-06, up 20.0% from 100 on 2026-11-29',
      '- south: 45 on 2026-12-06, down 10.0% from 50 on 2026-11-29',
      '- Weekly active users (people with at least one event that week): 3, up 50.0% from 2 the week before',
      '- Events recorded: 6, up 200.0% from 2 the week before',
      'FORECASTS VS ACTUALS',
      'Sales (market data): forecast version 1, trained on 28 Nov 2026. Of the 12 actual values that have arrived for its dates, 11 fell inside its 80% band (between p10 and p90, the range it expected 8 times out of 10).',
      '- south, 2026-12-06: actual 45 against a forecast of 50 (p50; band 48 to 52): below the band (5 of 6 inside so far)',
      'RUNWAY',
      'Finances (financials): median runway is now 14.2 months, 0.8 months shorter than a week ago (15.0 months, assessment of 20 Nov 2026). The chance of running out of cash within 6 months is 3%, up from 2%. Median runway is the month by which half of the simulated futures have run out of cash.',
      'AT-RISK CUSTOMERS',
      'Customers (churn model version 1, scored ',
      '1. c1: 0.95, mainly because of inactive: 41 days (typical 6)',
      'ALERTS',
      '1 alert fired this week:',
      '- 3 Dec 2026, North above 115: north rose above 115 on 2026-12-03',
    ]) {
      expect(
        lines.some((l) => l.startsWith(expected)),
        expected,
      ).toBe(true);
    }
    expect(digest.text).toContain(
      "4 of 8 customers score at or above the model's alert threshold of 0.50. A score is the model's estimated chance, from 0 to 1, that the customer churns.",
    );
    // Nothing from after the week.
    expect(digest.text).not.toContain('999');
    expect(digest.text).not.toContain('2026-12-08');
  });

  it('leaves out sections without data', async () => {
    const empty = await seedOrganization(t.db, 'empty');
    await createFinancialsDataset(t.db, {
      organizationId: empty.organizationId,
      userId: empty.userId,
      sourceFileName: null,
      name: 'Untrained',
      mapping: {},
      rows: [{ date: '2026-11-01', revenue: 1, expenses: 2, cash: 3 }],
    });
    const nothing = await buildDigest(t.db, empty.organizationId, WEEK);
    expect(nothing.sections).toEqual([]);
    expect(nothing.text).toContain('Nothing to report this week.');
  });
});

describe('sendWeeklyDigests', () => {
  it('creates the digest once per organization and week, then queues its webhooks and e-mail', async () => {
    const endpoint = await createWebhookEndpoint(t.db, org.organizationId, org.userId, {
      url: 'https://hooks.example.com/foresight',
      description: '',
      secretCiphertext: 'v1.x.y.z',
      secretPrefix: 'whsec_abcd',
    });
    const sent: { name: string; payload: unknown }[] = [];
    const queue: JobSender = {
      async send(name, payload) {
        sent.push({ name, payload });
        return `job-${sent.length}`;
      },
    };
    const first = await sendWeeklyDigests({ db: t.db, queue, log: () => {} }, SEND_AT);
    const mine = first.find((r) => r.organizationId === org.organizationId)!;
    expect(mine).toEqual({
      organizationId: org.organizationId,
      periodKey: '2026-W49',
      status: 'sent',
      notificationId: expect.any(String),
      webhooks: 1,
      email: true,
    });
    // The organization whose only dataset has no results gets no digest.
    expect(first.filter((r) => r.organizationId !== org.organizationId)).toEqual([
      expect.objectContaining({ status: 'nothing-to-report', notificationId: null }),
    ]);
    const [delivery] = await listDeliveries(t.db, org.organizationId, endpoint.id);
    expect(sent).toEqual([
      { name: 'deliverWebhook', payload: { deliveryId: delivery!.id } },
      { name: 'emailNotification', payload: { notificationId: mine.notificationId } },
    ]);

    // Again (a retried job, or a second trainer): nothing new is created or queued.
    const second = await sendWeeklyDigests({ db: t.db, queue, log: () => {} }, SEND_AT);
    expect(second.find((r) => r.organizationId === org.organizationId)).toMatchObject({
      status: 'already-sent',
      notificationId: null,
      webhooks: 0,
    });
    expect(sent).toHaveLength(2);

    const { items } = await listNotifications(t.db, org.organizationId, 100);
    const digests = items.filter((n) => n.kind === 'digest');
    expect(digests).toHaveLength(1);
    expect(digests[0]).toMatchObject({
      id: mine.notificationId,
      title: 'Weekly digest for digest Inc: 30 Nov 2026 – 6 Dec 2026',
      link: '/',
      data: expect.objectContaining({ periodKey: '2026-W49' }),
    });
    expect(digests[0]!.body).toContain('FORECASTS VS ACTUALS');
    // The structured digest is the data (the text is the body, not repeated).
    expect(Object.keys(digests[0]!.data).sort()).toEqual([
      'organizationId',
      'organizationName',
      'periodKey',
      'sections',
      'title',
      'weekEnd',
      'weekStart',
    ]);
  });
});
