// Behaviour analytics computed at read time in ClickHouse (chDB) give what PostgreSQL's rollups
// give, on the same seeded log as packages/db/test/analytics.test.ts: overview per grain, with an
// event filter and date ranges, retention cohorts, feature retention, funnels and the daily
// series. Rows of another organization, another dataset and an uncommitted load sit beside the
// dataset's in ClickHouse and must never count. Each read is checked twice: counted from the rows,
// and from the summary a refresh stores (summary.ts).
import {
  analyticsFeatures,
  analyticsFunnel,
  analyticsOverview,
  analyticsRetention,
  createEventsDataset,
  refreshAnalytics,
  shapeFeatureRetention,
  type EventRow,
  type Overview,
} from '@foresight/db';
import {
  createTestDatabase,
  sampleBehaviourLog,
  seedOrganization,
  type TestDatabase,
} from '@foresight/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clickhouseDaily,
  clickhouseFeatures,
  clickhouseFunnel,
  clickhouseOverview,
  clickhouseRetention,
} from '../src/clickhouse/analytics';
import { exactFeatureCounts } from '../src/clickhouse/analytics-cohorts';
import { exactEverUsers } from '../src/clickhouse/analytics-overview';
import { namesByHash } from '../src/clickhouse/analytics-query';
import type { ClickHouseScope } from '../src/clickhouse/scope';
import type { OverviewFilter } from '../src/engine';
import { computeSummary, type EventSummary } from '../src/clickhouse/summary';
import { startTestClickHouse, type TestClickHouse } from '../src/testing';

const rows = sampleBehaviourLog();
const dayOf = (iso: string) => iso.slice(0, 10);
const allDays = [...new Set(rows.map((r) => dayOf(r.occurredAt)))].sort();

let t: TestDatabase;
let ch: TestClickHouse;
let organizationId: string;
let datasetId: string;
let scope: ClickHouseScope;
let summary: EventSummary;

/** Rows that would change every count if they leaked in: a new user, a day before the data. */
const intruders: EventRow[] = [
  {
    userId: 'intruder',
    occurredAt: '2023-12-01T10:00:00.000Z',
    eventName: 'open',
    itemId: null,
    value: 99,
  },
  {
    userId: 'u1',
    occurredAt: '2023-12-02T10:00:00.000Z',
    eventName: 'noise',
    itemId: null,
    value: 1,
  },
];

async function insertClickHouse(org: string, dataset: string, batchId: string, events: EventRow[]) {
  await ch.client.insert({
    table: 'events',
    format: 'JSONEachRow',
    values: events.map((r, seq) => ({
      organization_id: org,
      dataset_id: dataset,
      batch_id: batchId,
      seq,
      user_id: r.userId,
      occurred_at: r.occurredAt.replace('T', ' ').slice(0, 23),
      event_name: r.eventName,
      item_id: r.itemId,
      value: r.value,
    })),
  });
}

/** Deep equality with floats equal to 1e-9 (relative beyond 1); reports the path that differs. */
function expectSame(actual: unknown, expected: unknown, path = '$'): void {
  if (typeof expected === 'number' && typeof actual === 'number') {
    const tolerance = 1e-9 * Math.max(1, Math.abs(expected));
    if (!(Math.abs(actual - expected) <= tolerance)) expect(actual, path).toBe(expected);
    return;
  }
  if (Array.isArray(expected)) {
    expect(Array.isArray(actual), `${path} is an array`).toBe(true);
    expect((actual as unknown[]).length, `${path}.length`).toBe(expected.length);
    expected.forEach((e, i) => expectSame((actual as unknown[])[i], e, `${path}[${i}]`));
    return;
  }
  if (expected && typeof expected === 'object') {
    expect(actual && typeof actual === 'object', `${path} is an object`).toBe(true);
    const keys = Object.keys(expected).sort();
    expect(Object.keys(actual as object).sort(), `${path} keys`).toEqual(keys);
    for (const k of keys) {
      expectSame(
        (actual as Record<string, unknown>)[k],
        (expected as Record<string, unknown>)[k],
        `${path}.${k}`,
      );
    }
    return;
  }
  expect(actual, path).toEqual(expected);
}

/** PostgreSQL orders equal event volumes arbitrarily: compare them in one order. */
function volumeInOneOrder(o: Overview): Overview {
  const eventVolume = [...o.eventVolume].sort(
    (a, b) => b.events - a.events || (a.event < b.event ? -1 : 1),
  );
  return { ...o, eventVolume };
}

beforeAll(async () => {
  [t, ch] = await Promise.all([createTestDatabase(), startTestClickHouse()]);
  const org = await seedOrganization(t.db, 'ch-analytics');
  organizationId = org.organizationId;
  ({ id: datasetId } = await createEventsDataset(t.db, {
    ...org,
    name: 'log',
    sourceFileName: null,
    mapping: {},
    rows,
  }));
  await refreshAnalytics(t.db, datasetId);

  const noise = [...rows, ...intruders];
  await insertClickHouse(organizationId, datasetId, 'b1', rows);
  await insertClickHouse('org-other', datasetId, 'b1', noise);
  await insertClickHouse(organizationId, 'other-dataset', 'b1', noise);
  await insertClickHouse(organizationId, datasetId, 'b-uncommitted', noise);
  scope = { organizationId, datasetId, batches: ['b1'] };
  summary = await computeSummary(ch.client, scope);
});

// Dropping a database checkpoints the shared server: slow while other suites write.
afterAll(async () => {
  await ch?.close();
  await t?.drop();
}, 300_000);

describe('ClickHouse behaviour analytics equal PostgreSQL’s', () => {
  it('counts known numbers by hand: 40 users, every row, the data’s first and last day', async () => {
    const o = await clickhouseOverview(ch.client, scope, {});
    expect(o.status).toBe('ready');
    expect(o.totals.users).toBe(40);
    expect(o.totals.events).toBe(rows.length);
    expect(o.totals.revenue).toBeCloseTo(
      rows.reduce((s, r) => s + (r.value ?? 0), 0),
      9,
    );
    expect(o.range).toEqual({ from: allDays[0], to: allDays.at(-1) });
    expect([...o.eventNames].sort()).toEqual(['export', 'invite', 'open', 'share']);
    expect(o.eventNames[0]).toBe('open'); // every user opened
    expect(o.eventVolume.find((v) => v.event === 'open')).toEqual({
      event: 'open',
      events: rows.filter((r) => r.eventName === 'open').length,
      users: 40,
    });
    expect(o.series.reduce((s, p) => s + p.newUsers, 0)).toBe(40);
    const { cohorts } = await clickhouseRetention(ch.client, scope, 'month');
    expect(cohorts.reduce((s, c) => s + c.size, 0)).toBe(40);
    const funnel = await clickhouseFunnel(ch.client, scope, ['open', 'share']);
    expect(funnel.steps[0]).toMatchObject({ event: 'open', users: 40, conversionFromFirst: 1 });
  });

  const from = allDays[10]!;
  const to = allDays[30]!;
  const filters: OverviewFilter[] = [
    {},
    { grain: 'day' },
    { grain: 'week' },
    { grain: 'month' },
    { grain: 'day', event: 'share' },
    { grain: 'week', event: 'invite' },
    { grain: 'month', event: 'export' },
    { event: 'no-such-event' },
    { from, to },
    { from },
    { to },
    { grain: 'week', from, to },
    { grain: 'month', from, to },
    { grain: 'day', event: 'share', from, to },
    { grain: 'week', event: 'export', from, to },
    { from: '2023-01-01', to: '2030-01-01' },
    { from: allDays.at(-1)!, to: '2030-01-01' },
  ];
  it.each(filters)('overview %o', async (filter) => {
    // A summary without per-name days (a log with hundreds of names) counts those per request.
    const withoutNameDays = { ...summary.overview, nameDays: null };
    const [pg, fromRows, fromSummary, fromSummaryWithoutNameDays] = await Promise.all([
      analyticsOverview(t.db, organizationId, datasetId, filter),
      clickhouseOverview(ch.client, scope, filter),
      clickhouseOverview(ch.client, scope, filter, summary.overview),
      clickhouseOverview(ch.client, scope, filter, withoutNameDays),
    ]);
    expect(pg.status).toBe('ready');
    if (filter.event !== 'no-such-event') expect(pg.series.length).toBeGreaterThan(0);
    expectSame(volumeInOneOrder(fromRows), volumeInOneOrder(pg));
    expectSame(volumeInOneOrder(fromSummary), volumeInOneOrder(pg));
    expectSame(volumeInOneOrder(fromSummaryWithoutNameDays), volumeInOneOrder(pg));
    const volumes = fromRows.eventVolume.map((v) => v.events);
    expect(volumes).toEqual([...volumes].sort((a, b) => b - a));
  });

  it.each(['week', 'month'] as const)('retention by %s', async (grain) => {
    const [pg, fromRows, fromSummary] = await Promise.all([
      analyticsRetention(t.db, organizationId, datasetId, grain),
      clickhouseRetention(ch.client, scope, grain),
      clickhouseRetention(ch.client, scope, grain, summary.retention[grain]),
    ]);
    expect(pg.cohorts.length).toBeGreaterThan(1);
    expectSame(fromRows, pg);
    expectSame(fromSummary, pg);
  });

  it.each([30, 14, 7, 45])('features at a %i-day horizon', async (horizon) => {
    const stored = summary.features[String(horizon)];
    expect(stored === undefined).toBe(horizon === 45); // 45 days is not one of the page's choices
    const [pg, fromRows, fromSummary] = await Promise.all([
      analyticsFeatures(t.db, organizationId, datasetId, horizon),
      clickhouseFeatures(ch.client, scope, horizon),
      clickhouseFeatures(ch.client, scope, horizon, stored),
    ]);
    expect(pg.eligibleUsers).toBeGreaterThan(0);
    expectSame(fromRows, pg);
    expectSame(fromSummary, pg);
  });

  const funnels: [string[], number | undefined][] = [
    [['open', 'share'], undefined],
    [['open', 'share', 'export'], undefined],
    [['open', 'share', 'export'], 1],
    [['open', 'share', 'export'], 7],
    [['open', 'invite'], 3],
    [['share', 'open'], undefined],
    [['invite', 'export', 'share'], 30],
    [['open', 'open'], undefined],
    [['open', 'no-such-event', 'share'], undefined],
  ];
  it.each(funnels)('funnel %j within %s days', async (steps, withinDays) => {
    const [pg, fromRows, fromUserFirsts] = await Promise.all([
      analyticsFunnel(t.db, organizationId, datasetId, steps, withinDays),
      clickhouseFunnel(ch.client, scope, steps, withinDays),
      clickhouseFunnel(ch.client, scope, steps, withinDays, summary.userFirsts),
    ]);
    expect(pg.steps.length).toBe(steps.length);
    expectSame(fromRows, pg);
    expectSame(fromUserFirsts, pg);
  });

  it('daily series: the overview’s day series over the whole data', async () => {
    const pg = await analyticsOverview(t.db, organizationId, datasetId, { grain: 'day' });
    for (const metric of ['active_users', 'events'] as const) {
      expectSame(await clickhouseDaily(ch.client, scope, metric), pg.series);
      expectSame(await clickhouseDaily(ch.client, scope, metric, summary.overview), pg.series);
    }
  });

  it('counts the same on the exact paths taken when two event names share a hash', async () => {
    expect(
      namesByHash([
        { event: 'a', hash: '1' },
        { event: 'b', hash: '2' },
      ]),
    ).toEqual(
      new Map([
        ['1', 'a'],
        ['2', 'b'],
      ]),
    );
    expect(
      namesByHash([
        { event: 'a', hash: '1' },
        { event: 'b', hash: '1' },
      ]),
    ).toBeNull();
    expect(namesByHash([{ event: 'a', hash: '0' }])).toBeNull();

    const pg = await analyticsOverview(t.db, organizationId, datasetId, {});
    const ever = await exactEverUsers(ch.client, scope);
    expect(new Map(ever.map((e) => [e.event, e.users]))).toEqual(
      new Map(pg.eventVolume.map((v) => [v.event, v.users])),
    );
    for (const horizon of [30, 14]) {
      const {
        status: _status,
        horizonDays: _horizon,
        ...want
      } = await analyticsFeatures(t.db, organizationId, datasetId, horizon);
      expectSame(
        shapeFeatureRetention(await exactFeatureCounts(ch.client, scope, horizon), horizon),
        want,
      );
    }
  });

  it('counts nothing outside the scope’s committed loads', async () => {
    const none = { ...scope, batches: [] };
    expect(await clickhouseOverview(ch.client, none, {})).toEqual({
      status: 'ready',
      range: null,
      eventNames: [],
      series: [],
      eventVolume: [],
      activityDistribution: [],
      totals: { users: 0, events: 0, revenue: 0 },
    });
    expect((await clickhouseRetention(ch.client, none, 'week')).cohorts).toEqual([]);
    expect((await clickhouseFeatures(ch.client, none, 30)).eligibleUsers).toBe(0);
    expect((await clickhouseFunnel(ch.client, none, ['open'])).steps[0]!.users).toBe(0);
    expect(await clickhouseDaily(ch.client, none, 'events')).toEqual([]);
    // The uncommitted load counts once committed: its rows and the intruders double the events.
    const both = await clickhouseOverview(ch.client, {
      ...scope,
      batches: ['b1', 'b-uncommitted'],
    });
    expect(both.totals).toMatchObject({ users: 41, events: 2 * rows.length + intruders.length });
  });
});
