// Incremental rollups: every load upserts the base rollups from its own rows only, and the
// refresh rebuilds the derived tables from them. Loading a log in one go, in appended parts (one
// of them older than what is stored) or after a replace must give the same rollups and the same
// analytics; a load that fails part-way must leave events and rollups as they were.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  analyticsFeatures,
  analyticsFunnel,
  analyticsOverview,
  analyticsRetention,
  createDatasetWith,
  createEventsDataset,
  deleteDataset,
  loadEvents,
  previewDataset,
  refreshAnalytics,
  type EventRow,
} from '../src';
import { createTestDatabase, seedOrganization, type TestDatabase } from '../src/testing';

let t: TestDatabase;
let org: { organizationId: string; userId: string };

const DAY = 86_400_000;
const START = Date.UTC(2024, 0, 29, 6); // crosses month and ISO-week boundaries
const EVENTS = ['open', 'share', 'export', 'invite'];

/** A seeded log of 60 users over ~120 days; values are exact in binary so sums never round. */
function eventLog(seed: number, users = 60): EventRow[] {
  const rand = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  const rows: EventRow[] = [];
  for (let u = 0; u < users; u++) {
    const first = START + Math.floor(rand() * 70) * DAY;
    const sessions = 1 + Math.floor(rand() * 8);
    for (let s = 0; s < sessions; s++) {
      const day = first + (s === 0 ? 0 : Math.floor(rand() * 50)) * DAY;
      const at = day + Math.floor(rand() * 20) * 3_600_000;
      const n = 1 + Math.floor(rand() * 3);
      for (let k = 0; k < n; k++) {
        const event = k === 0 && s === 0 ? 'open' : EVENTS[Math.floor(rand() * EVENTS.length)]!;
        rows.push({
          userId: `u${u}`,
          occurredAt: new Date(at + k * 60_000).toISOString(),
          eventName: rand() < 0.05 ? null : event,
          itemId: rand() < 0.5 ? `i${Math.floor(rand() * 9)}` : null,
          value: event === 'export' ? 12.5 : event === 'share' ? 0.25 : null,
        });
      }
    }
  }
  return rows;
}

const log = eventLog(7);
const times = log.map((r) => r.occurredAt).sort();
const middle = times[Math.floor(times.length / 2)]!;

async function create(rows: EventRow[], name: string): Promise<string> {
  const { id } = await createEventsDataset(t.db, {
    ...org,
    name,
    sourceFileName: null,
    mapping: {},
    rows,
  });
  return id;
}

async function add(
  datasetId: string,
  rows: EventRow[] | AsyncIterable<EventRow>,
  mode: 'append' | 'replace',
) {
  return createEventsDataset(t.db, {
    ...org,
    name: 'ignored',
    sourceFileName: null,
    mapping: {},
    rows,
    target: { mode, datasetId },
  });
}

/** A table's rows of one dataset, without the dataset id, in a stable order. */
async function tableRows(table: string, datasetId: string): Promise<unknown[]> {
  const { rows } = await t.db.pool.query<Record<string, unknown>>(
    `SELECT * FROM ${table} WHERE dataset_id = $1`,
    [datasetId],
  );
  return rows
    .map(({ dataset_id: _, ...rest }) => JSON.stringify(rest))
    .sort()
    .map((r) => JSON.parse(r) as unknown);
}

const BASE = [
  'analytics_users',
  'analytics_user_days',
  'analytics_user_event_days',
  'analytics_user_events',
];
const DERIVED = [
  'analytics_activity',
  'analytics_event_activity',
  'analytics_retention',
  'analytics_features',
  'analytics_distribution',
  'analytics_user_firsts',
];

async function rollups(datasetId: string) {
  return Object.fromEntries(
    await Promise.all(
      [...BASE, ...DERIVED].map(async (table) => [table, await tableRows(table, datasetId)]),
    ),
  );
}

async function events(datasetId: string) {
  const { rows } = await t.db.pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM events WHERE dataset_id = $1`,
    [datasetId],
  );
  return rows[0]!.n;
}

/** What the pages show, and the dataset's stored counts. */
async function analytics(datasetId: string) {
  const o = org.organizationId;
  const range = { from: times[40]!.slice(0, 10), to: times[times.length - 60]!.slice(0, 10) };
  const stats = await t.db.pool.query(
    `SELECT row_count, series_count, date_from::text, date_to::text FROM datasets WHERE id = $1`,
    [datasetId],
  );
  return {
    stats: stats.rows[0],
    day: await analyticsOverview(t.db, o, datasetId, { grain: 'day' }),
    week: await analyticsOverview(t.db, o, datasetId, { grain: 'week' }),
    month: await analyticsOverview(t.db, o, datasetId, { grain: 'month', event: 'share' }),
    ranged: await analyticsOverview(t.db, o, datasetId, range),
    rangedEvent: await analyticsOverview(t.db, o, datasetId, { ...range, event: 'export' }),
    weeks: await analyticsRetention(t.db, o, datasetId, 'week'),
    months: await analyticsRetention(t.db, o, datasetId, 'month'),
    features: await analyticsFeatures(t.db, o, datasetId, 30),
    features14: await analyticsFeatures(t.db, o, datasetId, 14),
    funnel: await analyticsFunnel(t.db, o, datasetId, ['open', 'share', 'export']),
    funnelWithin: await analyticsFunnel(t.db, o, datasetId, ['open', 'export'], 3),
  };
}

let whole: string;
let parts: string;

beforeAll(async () => {
  t = await createTestDatabase();
  org = await seedOrganization(t.db, 'incremental');
  whole = await create(log, 'whole');
  await refreshAnalytics(t.db, whole);
  // Three appends: the later half with a third of the earlier rows, then half of the rest, then
  // the rest (the oldest events, arriving last); the same user-days recur across loads.
  const later = log.filter((r, i) => r.occurredAt >= middle || i % 3 === 0);
  const rest = log.filter((r, i) => !(r.occurredAt >= middle || i % 3 === 0));
  parts = await create(later, 'parts');
  await refreshAnalytics(t.db, parts);
  await add(
    parts,
    rest.filter((_, i) => i % 2 === 0),
    'append',
  );
  await refreshAnalytics(t.db, parts);
  await add(
    parts,
    rest.filter((_, i) => i % 2 === 1),
    'append',
  );
  await refreshAnalytics(t.db, parts);
}, 60_000);
afterAll(async () => {
  await t.drop();
});

describe('incremental rollups', () => {
  it('a log loaded in one go or in appended parts (some older) gives the same rollups and analytics', async () => {
    expect(await events(parts)).toBe(log.length);
    const expected = await rollups(whole);
    expect((expected.analytics_user_days as unknown[]).length).toBeGreaterThan(100);
    expect(await rollups(parts)).toEqual(expected);
    const shown = await analytics(whole);
    expect(shown.stats).toMatchObject({ row_count: log.length, series_count: 60 });
    expect(shown.day.series.length).toBeGreaterThan(50);
    expect(shown.funnel.steps[2]!.users).toBeGreaterThan(0);
    expect(await analytics(parts)).toEqual(shown);
  });

  it('a replace drops the earlier rows and rollups: the same as loading the log alone', async () => {
    const replaced = await create(eventLog(99, 30), 'replaced');
    await refreshAnalytics(t.db, replaced);
    await add(replaced, log.slice(0, 500), 'replace');
    await add(replaced, log.slice(500), 'append');
    await refreshAnalytics(t.db, replaced);
    expect(await events(replaced)).toBe(log.length);
    expect(await rollups(replaced)).toEqual(await rollups(whole));
    expect(await analytics(replaced)).toEqual(await analytics(whole));
  });

  it('a load that fails part-way leaves events and rollups exactly as they were', async () => {
    const before = {
      events: await events(parts),
      rollups: await rollups(parts),
      shown: await analytics(parts),
    };
    const later = (r: EventRow, i: number): EventRow => ({
      ...r,
      userId: `new${i % 7}`,
      occurredAt: new Date(Date.parse(r.occurredAt) + 200 * DAY).toISOString(),
    });
    // The rows iterator throws mid-stream.
    async function* throwing() {
      for (const [i, r] of log.slice(0, 300).entries()) {
        if (i === 250) throw new Error('unreadable row 250');
        yield later(r, i);
      }
    }
    await expect(add(parts, throwing(), 'append')).rejects.toThrow(/unreadable row 250/);
    // A bad value PostgreSQL refuses.
    const bad = log.slice(0, 300).map(later);
    bad[200] = { ...bad[200]!, occurredAt: 'not a time' };
    await expect(add(parts, bad, 'append')).rejects.toThrow(/not a time/);
    // A failure after the rows and rollups went in (and a new month's partition was made).
    await expect(
      createDatasetWith(
        t.db,
        {
          ...org,
          kind: 'events',
          table: null,
          name: 'x',
          sourceFileName: null,
          mapping: {},
          target: { mode: 'append', datasetId: parts },
        },
        async (client, id) => {
          await loadEvents(client, {
            organizationId: org.organizationId,
            datasetId: id,
            replace: false,
            rows: [
              { ...log[0]!, occurredAt: '2031-05-02T10:00:00Z' },
              ...log.slice(0, 50).map(later),
            ],
          });
          const { rows } = await client.query<{ n: number }>(
            'SELECT count(*)::int AS n FROM analytics_user_days WHERE dataset_id = $1',
            [id],
          );
          expect(rows[0]!.n).toBeGreaterThan(
            (before.rollups.analytics_user_days as unknown[]).length,
          );
          throw new Error('failed after the load');
        },
        'SELECT 0 AS rows, 0 AS series, NULL AS from, NULL AS to',
      ),
    ).rejects.toThrow(/failed after the load/);
    // A failed replace keeps the old rows too; an empty append changes nothing.
    await expect(add(parts, bad, 'replace')).rejects.toThrow(/not a time/);
    await add(parts, [], 'append');
    await refreshAnalytics(t.db, parts);
    const partition = await t.db.pool.query(`SELECT to_regclass('events_p2031_05') AS p`);
    expect(partition.rows[0].p).toBeNull();
    expect(await events(parts)).toBe(before.events);
    expect(await rollups(parts)).toEqual(before.rollups);
    expect(await analytics(parts)).toEqual(before.shown);
  });

  it('puts rows in monthly partitions, out-of-range times in the default one, and previews by index', async () => {
    const { rows: parts_ } = await t.db.pool.query<{ name: string; n: number }>(
      `SELECT c.relname AS name, (SELECT count(*)::int FROM events e WHERE e.tableoid = c.oid) AS n
       FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
       WHERE i.inhparent = 'events'::regclass ORDER BY 1`,
    );
    const months = [...new Set(times.map((x) => `events_p${x.slice(0, 4)}_${x.slice(5, 7)}`))];
    expect(parts_.map((p) => p.name)).toEqual(
      expect.arrayContaining([...months, 'events_default']),
    );
    expect(parts_.find((p) => p.name === 'events_default')!.n).toBe(0);

    const odd = await create(
      [
        {
          userId: 'a',
          occurredAt: '1850-03-01T00:00:00Z',
          eventName: 'open',
          itemId: null,
          value: null,
        },
        {
          userId: 'a',
          occurredAt: '2024-02-10T00:00:00Z',
          eventName: 'open',
          itemId: null,
          value: null,
        },
        {
          userId: 'b',
          occurredAt: '2350-01-01T00:00:00Z',
          eventName: 'open',
          itemId: null,
          value: null,
        },
      ],
      'odd',
    );
    const stored = await t.db.pool.query<{ p: string }>(
      `SELECT tableoid::regclass::text AS p FROM events WHERE dataset_id = $1 ORDER BY occurred_at`,
      [odd],
    );
    expect(stored.rows.map((r) => r.p)).toEqual([
      'events_default',
      'events_p2024_02',
      'events_default',
    ]);
    const preview = await previewDataset(t.db, org.organizationId, odd);
    expect(preview.rows.map((r) => r[1])).toEqual([
      '1850-03-01T00:00:00Z',
      '2024-02-10T00:00:00Z',
      '2350-01-01T00:00:00Z',
    ]);

    // The preview is the first 20 rows by time, read from the first days' partitions only.
    for (const id of [whole, parts]) {
      const all = await t.db.pool.query<{ user_id: string; at: string }>(
        `SELECT user_id, to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS at
         FROM events WHERE dataset_id = $1 ORDER BY occurred_at, id LIMIT 20`,
        [id],
      );
      const shown = await previewDataset(t.db, org.organizationId, id);
      expect(shown.rows.map((r) => [r[0], r[1]])).toEqual(all.rows.map((r) => [r.user_id, r.at]));
    }
  });

  it('two loads that need the same new month both succeed', async () => {
    const a = await t.db.pool.connect();
    const b = await t.db.pool.connect();
    try {
      const month = (user: string) => [
        {
          userId: user,
          occurredAt: '2033-03-03T03:00:00Z',
          eventName: 'open',
          itemId: null,
          value: null,
        },
      ];
      const datasets: string[] = [];
      for (const c of [a, b]) {
        await c.query('BEGIN');
        const { rows } = await c.query<{ id: string }>(
          `INSERT INTO datasets (organization_id, kind, name, status, column_mapping)
           VALUES ($1, 'events', 'concurrent', 'processing', '{}') RETURNING id`,
          [org.organizationId],
        );
        datasets.push(rows[0]!.id);
      }
      await loadEvents(a, {
        organizationId: org.organizationId,
        datasetId: datasets[0]!,
        replace: false,
        rows: month('a'),
      });
      // b waits for a's partition, then finds it.
      const second = loadEvents(b, {
        organizationId: org.organizationId,
        datasetId: datasets[1]!,
        replace: false,
        rows: month('b'),
      });
      await new Promise((r) => setTimeout(r, 200));
      await a.query('COMMIT');
      await second;
      await b.query('COMMIT');
      const { rows } = await t.db.pool.query<{ p: string }>(
        `SELECT DISTINCT tableoid::regclass::text AS p FROM events WHERE dataset_id = ANY($1)`,
        [datasets],
      );
      expect(rows).toEqual([{ p: 'events_p2033_03' }]);
    } finally {
      a.release();
      b.release();
    }
  });

  it('deleting a dataset deletes its events and rollups', async () => {
    const id = await create(log.slice(0, 100), 'doomed');
    await refreshAnalytics(t.db, id);
    await deleteDataset(t.db, org.organizationId, id);
    expect(await events(id)).toBe(0);
    for (const table of [...BASE, ...DERIVED])
      expect(await tableRows(table, id), table).toEqual([]);
  });
});
