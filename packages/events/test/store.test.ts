// Storing events datasets on each engine: new, append and replace count exactly the committed
// loads; a load that fails part-way or whose transaction does not commit leaves nothing visible.
import type { EventRow } from '@foresight/db';
import { createTestDatabase, seedOrganization, type TestDatabase } from '@foresight/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clickhouseEngines, postgresEngines, storeEventsDataset, type EventsEngines } from '../src';
import { startTestClickHouse, type TestClickHouse } from '../src/testing';

let t: TestDatabase;
let ch: TestClickHouse;
const engines: Record<string, EventsEngines> = {};

beforeAll(async () => {
  [t, ch] = await Promise.all([createTestDatabase(), startTestClickHouse()]);
  engines.postgres = postgresEngines(t.db);
  engines.chdb = await clickhouseEngines(t.db, ch.target);
});

afterAll(async () => {
  await engines.chdb?.close();
  await ch?.close();
  await t?.drop();
});

function rows(n: number, user = 'u', startDay = 0): EventRow[] {
  return Array.from({ length: n }, (_, i) => ({
    userId: `${user}${i % 7}`,
    occurredAt: new Date(Date.UTC(2025, 0, 1 + startDay) + i * 3_600_000).toISOString(),
    eventName: i % 2 ? 'open' : 'buy',
    itemId: `item${i % 5}`,
    value: i % 2 ? null : 9.5,
  }));
}

async function* failingAfter(good: EventRow[]): AsyncGenerator<EventRow> {
  yield* good;
  throw new Error('the file went away mid-read');
}

const base = (organizationId: string, userId: string) => ({
  organizationId,
  userId,
  name: 'log',
  sourceFileName: 'log.csv',
  mapping: { roles: { user: 'user', time: 'time', event: 'event', item: 'item', value: 'value' } },
});

describe.each(['postgres', 'chdb'])('events stored on %s', (name) => {
  it('counts new, appended and replaced loads exactly once, and previews in time order', async () => {
    const e = engines[name]!;
    const org = await seedOrganization(t.db, `store-${name}`);
    const created = await storeEventsDataset(e, t.db, {
      ...base(org.organizationId, org.userId),
      rows: rows(30),
    });
    const scope = { organizationId: org.organizationId, datasetId: created.id };
    expect(created.rowCount).toBe(30);
    const engine = await e.forDataset(scope);
    expect(engine.name).toBe(name === 'chdb' ? 'clickhouse' : 'postgres');

    const appended = await storeEventsDataset(e, t.db, {
      ...base(org.organizationId, org.userId),
      rows: rows(12, 'v', -5),
      target: { mode: 'append', datasetId: created.id },
    });
    expect(appended.rowCount).toBe(42);
    const preview = await engine.preview(scope);
    expect(preview.rows[0]![1]).toBe('2024-12-27T00:00:00Z');
    expect(preview.rows).toHaveLength(20);

    const replaced = await storeEventsDataset(e, t.db, {
      ...base(org.organizationId, org.userId),
      rows: rows(5, 'w', 100),
      target: { mode: 'replace', datasetId: created.id },
    });
    expect(replaced.rowCount).toBe(5);
    const dataset = await t.db.pool.query(
      'SELECT row_count, series_count, event_stats FROM datasets WHERE id = $1',
      [created.id],
    );
    expect(dataset.rows[0]).toMatchObject({
      row_count: 5,
      series_count: 5,
      event_stats: { items: 5 },
    });
    await e.refreshDataset(created.id);
    const overview = await engine.overview(scope, {});
    expect(overview.totals.events).toBe(5);
  });

  it('keeps nothing of a load that fails part-way, new or appended', async () => {
    const e = engines[name]!;
    const org = await seedOrganization(t.db, `fail-${name}`);
    await expect(
      storeEventsDataset(e, t.db, {
        ...base(org.organizationId, org.userId),
        rows: failingAfter(rows(250)),
      }),
    ).rejects.toThrow(/went away/);
    const left = await t.db.pool.query(
      'SELECT count(*)::int AS n FROM datasets WHERE organization_id = $1',
      [org.organizationId],
    );
    expect(left.rows[0].n).toBe(0);

    const created = await storeEventsDataset(e, t.db, {
      ...base(org.organizationId, org.userId),
      rows: rows(10),
    });
    await expect(
      storeEventsDataset(e, t.db, {
        ...base(org.organizationId, org.userId),
        // More rows than one ClickHouse insert: some reach the engine before the failure.
        rows: failingAfter(rows(120_000, 'x')),
        target: { mode: 'append', datasetId: created.id },
      }),
    ).rejects.toThrow(/went away/);
    const scope = { organizationId: org.organizationId, datasetId: created.id };
    await e.refreshDataset(created.id);
    const engine = await e.forDataset(scope);
    expect((await engine.overview(scope, {})).totals.events).toBe(10);
    expect((await engine.eventLog(scope)).times.length).toBe(10);
    if (name === 'chdb') {
      const all = await ch.client.query({
        query: 'SELECT toUInt32(count()) AS n FROM events WHERE organization_id = {org:String}',
        query_params: { org: org.organizationId },
        format: 'JSONEachRow',
      });
      // The failed loads' rows were deleted, not only hidden.
      expect(await all.json()).toEqual([{ n: 10 }]);
    }
  });
});
