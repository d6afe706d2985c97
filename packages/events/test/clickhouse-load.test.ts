// The ClickHouse load's text encoding (awkward values come back as they went in) and the sweep of
// loads a killed import left behind (uncommitted and old: deleted; committed or young: kept).
import { randomUUID } from 'node:crypto';
import type { EventRow } from '@foresight/db';
import { seedOrganization } from '@foresight/db/testing';
import { describe, expect, it } from 'vitest';
import { storeEventsDataset } from '../src';
import { clickhouseDiscard, clickhouseLoad } from '../src/clickhouse/load';
import { ORPHAN_MIN_AGE_MS } from '../src/clickhouse/sweep';
import { useClickHouseEngines } from './fixtures';

const f = useClickHouseEngines();

const AWKWARD = [
  'tab\there',
  'new\nline',
  'carriage\rreturn',
  'back\\slash',
  '\\N',
  '\\t not a tab',
  `"double" and 'single' quotes`,
  'üñíçødé 用户 🚀',
  ' spaced ',
  ',comma;',
];

function awkwardRows(): EventRow[] {
  return AWKWARD.flatMap((text, i) => [
    {
      userId: text,
      occurredAt: '2025-01-02T03:04:05.678Z',
      eventName: text,
      itemId: text,
      value: -1.5,
    },
    { userId: `u${i}`, occurredAt: '2025-01-02T03:04:05Z', eventName: '', itemId: '', value: 0 },
    {
      userId: `u${i}`,
      occurredAt: '2025-01-02T03:04:06.000Z',
      eventName: null,
      itemId: null,
      value: null,
    },
  ]);
}

async function rowsOf(org: string, dataset: string): Promise<EventRow[]> {
  const result = await f.ch.client.query({
    query: `SELECT user_id AS userId, replaceOne(toString(occurred_at), ' ', 'T') || 'Z' AS occurredAt,
                   event_name AS eventName, item_id AS itemId, value
            FROM events WHERE organization_id = {org:String} AND dataset_id = {dataset:String} ORDER BY seq`,
    query_params: { org, dataset },
    format: 'JSONEachRow',
  });
  return result.json<EventRow>();
}

async function load(org: string, dataset: string, rows: EventRow[]): Promise<string> {
  const batchId = randomUUID();
  await clickhouseLoad(f.ch.client, {
    organizationId: org,
    datasetId: dataset,
    batchId,
    replace: false,
    rows,
  });
  return batchId;
}

async function count(org: string): Promise<number> {
  const result = await f.ch.client.query({
    query: 'SELECT toUInt32(count()) AS n FROM events WHERE organization_id = {org:String}',
    query_params: { org },
    format: 'JSONEachRow',
  });
  return (await result.json<{ n: number }>())[0]!.n;
}

describe('ClickHouse load', () => {
  it('round-trips tabs, newlines, backslashes, quotes, unicode, empty strings and NULLs', async () => {
    const [org, dataset] = [`org\t${randomUUID()}`, randomUUID()];
    const rows = awkwardRows();
    const batchId = await load(org, dataset, rows);
    const expected = rows.map((r) => ({ ...r, occurredAt: new Date(r.occurredAt).toISOString() }));
    expect(await rowsOf(org, dataset)).toEqual(expected);
    await clickhouseDiscard(f.ch.client, { organizationId: org, datasetId: dataset }, batchId);
  });
});

describe('sweep of loads never committed', () => {
  it('deletes old uncommitted loads of every organization, never a committed or young one', async () => {
    const [a, b] = [
      await seedOrganization(f.t.db, 'sweep-a'),
      await seedOrganization(f.t.db, 'sweep-b'),
    ];
    const kept = await storeEventsDataset(f.engines, f.t.db, {
      organizationId: a.organizationId,
      userId: a.userId,
      name: 'log',
      sourceFileName: 'log.csv',
      mapping: { roles: { user: 'user', time: 'time' } },
      rows: awkwardRows(),
    });
    // A killed import's load into the committed dataset, and one into a dataset of b's.
    await load(a.organizationId, kept.id, awkwardRows().slice(0, 4));
    await load(b.organizationId, randomUUID(), awkwardRows().slice(0, 5));
    expect([await count(a.organizationId), await count(b.organizationId)]).toEqual([34, 5]);

    const soon = new Date(Date.now() + ORPHAN_MIN_AGE_MS - 60_000);
    expect(await f.engines.sweepOrphanedLoads(soon)).toBe(0);
    expect([await count(a.organizationId), await count(b.organizationId)]).toEqual([34, 5]);

    const later = new Date(Date.now() + ORPHAN_MIN_AGE_MS + 60_000);
    expect(await f.engines.sweepOrphanedLoads(later)).toBe(2);
    expect([await count(a.organizationId), await count(b.organizationId)]).toEqual([30, 0]);
    const scope = { organizationId: a.organizationId, datasetId: kept.id };
    expect((await f.engines.clickhouse!.overview(scope, {})).totals.events).toBe(30);
    expect(await f.engines.sweepOrphanedLoads(later)).toBe(0);
  });
});
