// The training reads of both engines: the same rows (with other organizations', other datasets'
// and, in ClickHouse, an uncommitted load's rows around them) give the same CodedEventLog and
// InteractionPairs, and ml-core builds from them what it builds from the raw event arrays.
import { createTestDatabase, seedOrganization, type TestDatabase } from '@foresight/db/testing';
import {
  encodeInteractionPairs,
  encodeInteractions,
  indexChurnCodedEvents,
  indexChurnEvents,
  type CodedEventLog as MlCodedEventLog,
  type InteractionPairs as MlInteractionPairs,
} from '@foresight/ml-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clickhouseEventLog, clickhouseInteractions } from '../src/clickhouse/training-reads';
import type { ClickHouseScope } from '../src/clickhouse/scope';
import type { CodedEventLog, DatasetScope, InteractionPairs } from '../src/engine';
import { postgresEventLog, postgresInteractions } from '../src/postgres/training-reads';
import { startTestClickHouse, type TestClickHouse } from '../src/testing';

interface Row {
  user: string;
  time: number;
  name: string | null;
  item: string | null;
  value: number | null;
}

const T = Date.UTC(2025, 2, 3, 9, 30);
const H = 3_600_000;
/**
 * Ties on time within a user (broken by name, item, value; one exact duplicate), missing names,
 * items and values, a blank item, ids that need escaping or sort differently byte-wise than by
 * locale, a user with a single event, a user without items, milliseconds kept.
 */
const ROWS: Row[] = [
  { user: 'u1', time: T, name: 'view', item: 'sku-1', value: null },
  { user: 'u1', time: T, name: 'buy', item: 'sku-1', value: 19.99 },
  { user: 'u1', time: T, name: 'buy', item: 'sku-1', value: 5 },
  { user: 'u1', time: T, name: null, item: 'sku-2', value: null },
  { user: 'u1', time: T + 2 * H + 7, name: 'view', item: 'sku-2', value: null },
  { user: 'u1', time: T + 2 * H + 7, name: 'view', item: 'sku-2', value: null },
  { user: 'u1', time: T + 30 * H, name: 'view', item: null, value: null },
  { user: 'Zed', time: T - H, name: 'login', item: null, value: null },
  { user: 'Zed', time: T + 48 * H, name: 'view', item: 'sku-3', value: -2.5 },
  { user: 'Zed', time: T + 48 * H, name: 'view', item: 'sku-1', value: null },
  { user: 'tab\there', time: T + 5 * H, name: 'back\\slash', item: 'new\nline', value: 1e-7 },
  { user: 'tab\there', time: T + 6 * H, name: 'view', item: 'sku-1', value: 3 },
  { user: 'ünï', time: T + H, name: 'vïew', item: 'sku-3', value: null },
  { user: 'ünï', time: T + H, name: 'vïew', item: 'sku-1', value: null },
  { user: 'ünï', time: T + 3 * H, name: 'view', item: '', value: null },
  { user: 'solo', time: T + 10 * H, name: 'signup', item: null, value: 100 },
  { user: 'items-only', time: T + 2 * H, name: null, item: 'sku-2', value: null },
  { user: 'items-only', time: T + 3 * H, name: null, item: 'sku-2', value: null },
];

/** Rows of another organization under the same dataset id, and of another dataset. */
const noise = (user: string): Row[] => [
  { user, time: T - 100 * H, name: 'view', item: 'sku-9', value: 1 },
  { user: 'u1', time: T + H, name: 'noise', item: 'sku-9', value: 1 },
];

const bytewise = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));
const missingLast = <T>(a: T | null, b: T | null, by: (x: T, y: T) => number) =>
  a === null ? (b === null ? 0 : 1) : b === null ? -1 : by(a, b);

/** The coded log both engines should stream, built here from the rows. */
function expectedLog(rows: Row[]): CodedEventLog {
  const sorted = [...rows].sort(
    (a, b) =>
      bytewise(a.user, b.user) ||
      a.time - b.time ||
      missingLast(a.name, b.name, bytewise) ||
      missingLast(a.item, b.item, bytewise) ||
      missingLast(a.value, b.value, (x, y) => x - y),
  );
  const users: string[] = [];
  const offsets: number[] = [];
  const names: string[] = [];
  const items: string[] = [];
  const code = (dictionary: string[], value: string | null) => {
    if (value === null) return -1;
    if (!dictionary.includes(value)) dictionary.push(value);
    return dictionary.indexOf(value);
  };
  sorted.forEach((r, i) => {
    if (users[users.length - 1] !== r.user) {
      users.push(r.user);
      offsets.push(i);
    }
  });
  offsets.push(sorted.length);
  return {
    users,
    offsets: Int32Array.from(offsets),
    times: Float64Array.from(sorted, (r) => r.time),
    names,
    nameCodes: Int32Array.from(sorted, (r) => code(names, r.name)),
    values: Float64Array.from(sorted, (r) => r.value ?? Number.NaN),
    items,
    itemCodes: Int32Array.from(sorted, (r) => code(items, r.item)),
  };
}

let t: TestDatabase;
let ch: TestClickHouse;
let scope: DatasetScope;
let chScope: ClickHouseScope;

async function insertPostgres(organizationId: string, datasetId: string, rows: Row[]) {
  await t.db.pool.query(
    `INSERT INTO events (dataset_id, organization_id, user_id, occurred_at, event_name, item_id, value)
     SELECT $1, $2, u, o, e, i, v
     FROM unnest($3::text[], $4::timestamptz[], $5::text[], $6::text[], $7::float8[]) AS r(u, o, e, i, v)`,
    [
      datasetId,
      organizationId,
      rows.map((r) => r.user),
      rows.map((r) => new Date(r.time).toISOString()),
      rows.map((r) => r.name),
      rows.map((r) => r.item),
      rows.map((r) => r.value),
    ],
  );
}

async function insertClickHouse(
  organizationId: string,
  datasetId: string,
  batchId: string,
  rows: Row[],
) {
  await ch.client.insert({
    table: 'events',
    format: 'JSONEachRow',
    values: rows.map((r, seq) => ({
      organization_id: organizationId,
      dataset_id: datasetId,
      batch_id: batchId,
      seq,
      user_id: r.user,
      occurred_at: new Date(r.time).toISOString().replace('T', ' ').slice(0, 23),
      event_name: r.name,
      item_id: r.item,
      value: r.value,
    })),
  });
}

async function newDataset(organizationId: string): Promise<string> {
  const { rows } = await t.db.pool.query<{ id: string }>(
    `INSERT INTO datasets (id, organization_id, kind, name, column_mapping)
     VALUES (gen_random_uuid(), $1, 'events', 'log', '{}') RETURNING id`,
    [organizationId],
  );
  return rows[0]!.id;
}

beforeAll(async () => {
  [t, ch] = await Promise.all([createTestDatabase(), startTestClickHouse()]);
  const org = await seedOrganization(t.db, 'reads');
  const other = await seedOrganization(t.db, 'other');
  const datasetId = await newDataset(org.organizationId);
  const otherDataset = await newDataset(org.organizationId);
  scope = { organizationId: org.organizationId, datasetId };
  // Monthly partitions, when the table is partitioned (rows then land in their month).
  const { rows: partitioned } = await t.db.pool.query<{ fn: string | null }>(
    `SELECT to_regproc('ensure_events_partitions')::text AS fn`,
  );
  if (partitioned[0]?.fn) {
    await t.db.pool.query(
      `SELECT ensure_events_partitions(ARRAY['2025-02-01', '2025-03-01']::date[])`,
    );
  }
  await insertPostgres(org.organizationId, datasetId, ROWS.slice(0, 9));
  await insertPostgres(org.organizationId, datasetId, ROWS.slice(9));
  await insertPostgres(other.organizationId, datasetId, noise('other-org'));
  await insertPostgres(org.organizationId, otherDataset, noise('other-dataset'));

  await insertClickHouse(org.organizationId, datasetId, 'load-1', ROWS.slice(0, 9));
  await insertClickHouse(org.organizationId, datasetId, 'load-2', ROWS.slice(9));
  await insertClickHouse(org.organizationId, datasetId, 'load-uncommitted', noise('uncommitted'));
  await insertClickHouse(other.organizationId, datasetId, 'load-1', noise('other-org'));
  await insertClickHouse(org.organizationId, otherDataset, 'load-1', noise('other-dataset'));
  chScope = { ...scope, batches: ['load-1', 'load-2'] };
});

afterAll(async () => {
  await ch?.close();
  await t?.drop();
});

describe('training reads', () => {
  it('stream the same coded log from both engines, scoped to the dataset', async () => {
    const fromPostgres = await postgresEventLog(t.db.pool, scope);
    const fromClickHouse = await clickhouseEventLog(ch.client, chScope);
    const expected = expectedLog(ROWS);
    expect(fromPostgres).toEqual(expected);
    expect(fromClickHouse).toEqual(expected);
    expect(fromPostgres.users).toEqual(['Zed', 'items-only', 'solo', 'tab\there', 'u1', 'ünï']);
  });

  it('churn indexes the coded log as it indexes the raw arrays', async () => {
    const log: MlCodedEventLog = await postgresEventLog(t.db.pool, scope);
    const sorted = expectedLog(ROWS);
    const order = [...ROWS].sort(
      (a, b) =>
        bytewise(a.user, b.user) ||
        a.time - b.time ||
        missingLast(a.name, b.name, bytewise) ||
        missingLast(a.item, b.item, bytewise) ||
        missingLast(a.value, b.value, (x, y) => x - y),
    );
    const raw = indexChurnEvents({
      userIds: order.map((r) => r.user),
      times: order.map((r) => r.time),
      eventNames: order.map((r) => r.name),
      values: order.map((r) => r.value),
      items: order.map((r) => r.item),
    });
    expect(indexChurnCodedEvents(log)).toEqual(raw);
    expect(sorted.times).toEqual(raw.times);
    // The blank item is missing to churn.
    expect(raw.items).not.toContain('');
  });

  it('aggregate the same interaction pairs in both engines, as recommendations encode the events', async () => {
    const fromPostgres = await postgresInteractions(t.db.pool, scope);
    const fromClickHouse: InteractionPairs = await clickhouseInteractions(ch.client, chScope);
    expect(fromClickHouse).toEqual(fromPostgres);
    const withItem = ROWS.filter((r) => r.item !== null && r.item !== '');
    expect(fromPostgres.events).toBe(withItem.length);
    expect(fromPostgres.users.length).toBe(
      new Set(withItem.map((r) => `${r.user}\u0000${r.item}`)).size,
    );
    // u1 met sku-1 three times at T.
    const u1 = fromPostgres.users.findIndex(
      (u, i) => u === 'u1' && fromPostgres.items[i] === 'sku-1',
    );
    expect([fromPostgres.weights[u1], fromPostgres.firstTimes[u1]]).toEqual([3, T]);

    const inTimeOrder = [...withItem].sort(
      (a, b) => a.time - b.time || bytewise(a.user, b.user) || bytewise(a.item!, b.item!),
    );
    const pairs: MlInteractionPairs = fromPostgres;
    expect(encodeInteractionPairs(pairs)).toEqual(
      encodeInteractions({
        users: inTimeOrder.map((r) => r.user),
        items: inTimeOrder.map((r) => r.item!),
        times: inTimeOrder.map((r) => r.time),
      }),
    );
  });

  it('read nothing for a dataset of another organization or with no committed load', async () => {
    const elsewhere = { organizationId: 'org_nobody', datasetId: scope.datasetId };
    expect((await postgresEventLog(t.db.pool, elsewhere)).times).toHaveLength(0);
    expect((await postgresInteractions(t.db.pool, elsewhere)).users).toHaveLength(0);
    expect((await clickhouseEventLog(ch.client, { ...chScope, batches: [] })).times).toHaveLength(
      0,
    );
    expect((await clickhouseInteractions(ch.client, { ...chScope, batches: [] })).events).toBe(0);
  });
});
