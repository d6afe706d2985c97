import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  NotFoundError,
  createCustomersDataset,
  createEventsDataset,
  createFinancialsDataset,
  createMarketDataset,
  createUpload,
  markUploadStaged,
  trainingStats,
  type DbHandle,
} from '@foresight/db';
import { createTestDatabase, seedOrganization, type TestDatabase } from '@foresight/db/testing';
import {
  detectTable,
  kindIngest,
  readKindRecords,
  readPlan,
  type BadRowPolicy,
  type ColumnSpec,
  type DataKind,
  type Detection,
  type KindRoles,
} from '@foresight/ingest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  LocalDiskStorage,
  previewUploadReadiness,
  readinessOfFile,
  trainingStatsOf,
  type ReadinessPreview,
} from '../src';

let root: string;
let storage: LocalDiskStorage;
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'readiness-preview-'));
  storage = new LocalDiskStorage(root);
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const day = (i: number) => new Date(Date.UTC(2024, 0, 1 + i)).toISOString().slice(0, 10);
const month = (m: number) => new Date(Date.UTC(2023, m, 1)).toISOString().slice(0, 10);

const financialsCsv = (months: number) =>
  [
    'month,revenue,costs,cash',
    ...Array.from(
      { length: months },
      (_, m) => `${month(m)},${1000 + m},5000,${100_000 - 4000 * m}`,
    ),
  ].join('\n');
const financialsRoles: KindRoles['financials'] = {
  date: 'month',
  revenue: 'revenue',
  expenses: ['costs'],
  cash: 'cash',
  startingCash: null,
};

let files = 0;
/** Stages a CSV in storage and detects it, as the upload does. */
async function stage(csv: string): Promise<{ storageKey: string; detection: Detection }> {
  const storageKey = `file-${++files}.csv`;
  const bytes = Buffer.from(csv);
  await writeFile(path.join(root, storageKey), bytes);
  return { storageKey, detection: detectTable(bytes, bytes.length) };
}

const columnsOf = (detection: Detection, types: Record<string, ColumnSpec['type']> = {}) =>
  detection.columns.map(({ name, type, dateFormat, decimalSeparator }): ColumnSpec => ({
    name,
    type: types[name] ?? type,
    dateFormat,
    decimalSeparator,
  }));

async function preview<K extends DataKind>(
  csv: string,
  kind: K,
  roles: KindRoles[K],
  options: {
    badRows?: BadRowPolicy;
    rowCap?: number;
    types?: Record<string, ColumnSpec['type']>;
  } = {},
): Promise<ReadinessPreview> {
  const { storageKey, detection } = await stage(csv);
  return readinessOfFile(
    { storage, storageKey, detection },
    {
      kind,
      roles,
      columns: columnsOf(detection, options.types),
      badRows: options.badRows ?? 'reject',
    },
    { rowCap: options.rowCap },
  );
}

describe('trainingStatsOf (the counts of typed records, as trainingStats counts stored rows)', () => {
  it('counts series, periods, span, items and labels', () => {
    expect(
      trainingStatsOf('market', { date: 'd', values: ['v'], series: 's' }, [
        { series: 'b', date: '2024-01-01', value: 1 },
        { series: 'a', date: '2024-01-01', value: 1 },
        { series: 'b', date: '2024-01-02', value: 1 },
        { series: 'c', date: '2024-01-01', value: 1 },
      ]),
    ).toEqual({ kind: 'market', series: 3, shortest: { series: 'a', points: 1 } });
    expect(trainingStatsOf('market', { date: 'd', values: ['v'], series: null }, [])).toEqual({
      kind: 'market',
      series: 0,
      shortest: null,
    });
    const event = (userId: string, occurredAt: string, itemId: string | null) => ({
      userId,
      occurredAt,
      itemId,
      eventName: null,
      value: null,
    });
    expect(
      trainingStatsOf('events', { user: 'u', time: 't', event: null, item: 'i', value: null }, [
        event('u1', '2024-01-01T00:00:00.000Z', 'x'),
        event('u1', '2024-01-02T00:00:00.000Z', 'x'),
        event('u1', '2024-01-03T00:00:00.000Z', 'y'),
        event('u1', '2024-01-04T00:00:00.000Z', 'z'),
        event('u2', '2024-01-11T12:00:00.000Z', 'x'),
        event('u3', '2024-01-05T00:00:00.000Z', null),
      ]),
    ).toEqual({ kind: 'events', spanDays: 10.5, usersWithTwoItems: 1, items: 3 });
    expect(
      trainingStatsOf('customers', { id: 'id', label: 'churned' }, [
        { recordId: '1', attributes: { churned: true } },
        { recordId: '2', attributes: { churned: false } },
        { recordId: '3', attributes: { churned: true } },
        { recordId: '4', attributes: { churned: null } },
      ]),
    ).toEqual({ kind: 'customers', label: 'churned', labelCounts: { true: 2, false: 1 } });
  });
});

describe('readinessOfFile (what the file is enough for, before importing it)', () => {
  it('says a short financials file is not enough for runway, with the minimum and what it has', async () => {
    const short = await preview(financialsCsv(3), 'financials', financialsRoles);
    expect(short).toMatchObject({
      kind: 'financials',
      stats: { kind: 'financials', periods: 3 },
      rowsRead: 3,
      complete: true,
      problem: null,
    });
    expect(short.tasks).toEqual([
      {
        task: 'risk',
        label: 'Runway and risk',
        ready: false,
        certain: true,
        reason:
          'Runway and risk needs at least 6 months of revenue and expenses; the file has 3 months.',
        minimum: 'at least 6 months of revenue and expenses',
        has: 'the file has 3 months',
      },
    ]);
    const enough = await preview(financialsCsv(24), 'financials', financialsRoles);
    expect(enough.tasks[0]).toMatchObject({
      ready: true,
      reason: null,
      has: 'the file has 24 months',
    });
  });

  it('names the shortest market series', async () => {
    const csv = [
      'date,region,revenue',
      ...Array.from({ length: 8 }, (_, i) => `${day(i)},north,${i}`),
      ...Array.from({ length: 3 }, (_, i) => `${day(i)},south,${i}`),
    ].join('\n');
    const result = await preview(csv, 'market', {
      date: 'date',
      values: ['revenue'],
      series: 'region',
    });
    expect(result.stats).toEqual({
      kind: 'market',
      series: 2,
      shortest: { series: 'south', points: 3 },
    });
    expect(result.tasks).toMatchObject([
      {
        task: 'forecast',
        ready: false,
        reason: expect.stringContaining('series "south" has 3 values'),
        minimum: 'at least 5 dated values per series to forecast and check itself',
        has: 'the shortest of the 2 series in the file, "south", has 3 values',
      },
    ]);
  });

  it('gives events both tasks when an item column is mapped', async () => {
    const csv = [
      'user,ts,item',
      ...Array.from(
        { length: 30 },
        (_, i) => `u${i % 5},${new Date(Date.UTC(2024, 0, 1 + 4 * i)).toISOString()},item-${i % 4}`,
      ),
    ].join('\n');
    const roles = { user: 'user', time: 'ts', event: null, item: 'item', value: null };
    const result = await preview(csv, 'events', roles);
    expect(result.stats).toEqual({ kind: 'events', spanDays: 116, usersWithTwoItems: 5, items: 4 });
    expect(result.tasks.map((t) => [t.task, t.ready, t.has])).toEqual([
      ['churn', true, 'the log spans 116 days'],
      ['recommend', true, 'the log has 5 users who used two or more different items'],
    ]);
    const withoutItems = await preview(csv, 'events', { ...roles, item: null });
    expect(withoutItems.tasks.map((t) => t.task)).toEqual(['churn']);
  });

  it('counts labelled customers, and has no task without a label', async () => {
    const csv = [
      'id,plan,churned',
      ...Array.from({ length: 14 }, (_, i) => `c${i},pro,${i < 4 ? 'yes' : 'no'}`),
    ].join('\n');
    const result = await preview(
      csv,
      'customers',
      { id: 'id', label: 'churned' },
      {
        types: { churned: 'boolean' },
      },
    );
    expect(result.stats).toEqual({
      kind: 'customers',
      label: 'churned',
      labelCounts: { true: 4, false: 10 },
    });
    expect(result.tasks).toMatchObject([
      {
        task: 'churn',
        ready: false,
        minimum: 'at least 10 customers who churned and 10 who stayed',
        has: 'the file has 4 customers who churned and 10 who stayed',
      },
    ]);
    const unlabelled = await preview(csv, 'customers', { id: 'id', label: null });
    expect(unlabelled.tasks).toEqual([]);
  });

  it('counts only the rows the chosen bad-row policy would store', async () => {
    const lines = financialsCsv(8).split('\n');
    lines[3] = `${month(2)},lots,5000,90000`;
    lines[5] = `${month(4)},1000,5000,`;
    const csv = lines.join('\n');
    const types = { revenue: 'integer' } as const;
    const skipped = await preview(csv, 'financials', financialsRoles, { badRows: 'skip', types });
    expect(skipped).toMatchObject({ stats: { periods: 6 }, rowsSkipped: 2, problem: null });
    expect(skipped.tasks[0]).toMatchObject({ ready: true });

    const rejected = await preview(csv, 'financials', financialsRoles, {
      badRows: 'reject',
      types,
    });
    expect(rejected.stats).toEqual({ kind: 'financials', periods: 0 });
    expect(rejected.problem).toMatch(
      /^Nothing would be stored: with "reject the whole file" chosen, row 4, column "revenue": "lots" is not a number/,
    );
    expect(rejected.tasks[0]).toMatchObject({
      ready: false,
      certain: true,
      reason: rejected.problem,
      has: 'nothing would be stored',
    });
  });

  it('reports a mapping the import would refuse instead of reading', async () => {
    const result = await preview(financialsCsv(8), 'financials', financialsRoles, {
      types: { revenue: 'text' },
    });
    expect(result.problem).toBe(
      'Nothing would be stored: The revenue column "revenue" is typed as text; it must be a whole number or a number',
    );
    expect(result.tasks[0]).toMatchObject({ ready: false, has: 'nothing would be stored' });
  });

  it('stops at the row cap and says "at least"; ready stays ready past it except for market series', async () => {
    const capped = await preview(financialsCsv(24), 'financials', financialsRoles, { rowCap: 10 });
    expect(capped).toMatchObject({ rowsRead: 10, complete: false, stats: { periods: 10 } });
    expect(capped.tasks[0]).toMatchObject({
      ready: true,
      certain: true,
      has: 'the file has at least 10 months',
    });
    const notYet = await preview(financialsCsv(24), 'financials', financialsRoles, { rowCap: 4 });
    expect(notYet.tasks[0]).toMatchObject({ ready: false, certain: false });

    // A later row could start a new, shorter series: not certain even when ready.
    const csv = [
      'date,region,revenue',
      ...Array.from({ length: 20 }, (_, i) => `${day(i)},north,${i}`),
      `${day(0)},south,1`,
    ].join('\n');
    const market = await preview(
      csv,
      'market',
      { date: 'date', values: ['revenue'], series: 'region' },
      {
        rowCap: 10,
      },
    );
    expect(market.stats).toEqual({
      kind: 'market',
      series: 1,
      shortest: { series: 'north', points: 10 },
    });
    expect(market.tasks[0]).toMatchObject({
      ready: true,
      certain: false,
      has: 'the first 10 rows have 10 values',
    });
    // Without a series column every series is a value column: seen once, later rows only add.
    const single = await preview(
      csv,
      'market',
      { date: 'date', values: ['revenue'], series: null },
      {
        badRows: 'skip',
        rowCap: 10,
      },
    );
    expect(single.tasks[0]).toMatchObject({ ready: true, certain: true });
  });

  it('stops at the row cap even when every row is bad', async () => {
    const csv = ['month,revenue,costs,cash', ...Array.from({ length: 50 }, () => 'x,y,z,w')].join(
      '\n',
    );
    const result = await preview(csv, 'financials', financialsRoles, {
      badRows: 'skip',
      rowCap: 10,
      types: { month: 'date', revenue: 'decimal', costs: 'decimal', cash: 'decimal' },
    });
    expect(result).toMatchObject({ complete: false, rowsRead: 10, stats: { periods: 0 } });
  });
});

describe('previewUploadReadiness (an organization’s received upload, read, nothing stored)', () => {
  let t: TestDatabase;
  let db: DbHandle;
  let org: { userId: string; organizationId: string };
  beforeAll(async () => {
    t = await createTestDatabase();
    db = t.db;
    org = await seedOrganization(db, 'preview');
  });
  afterAll(async () => {
    await t?.drop();
  });

  async function received(csv: string, organizationId = org.organizationId) {
    const { storageKey, detection } = await stage(csv);
    const upload = await createUpload(db, {
      organizationId,
      userId: null,
      fileName: 'f.csv',
      declaredBytes: csv.length,
      storageKey: () => storageKey,
    });
    await markUploadStaged(db, upload.id, csv.length, detection);
    return { id: upload.id, storageKey, detection };
  }

  const deps = () => ({
    db,
    files: { storage, maxBytes: 1e9 },
    organizationId: org.organizationId,
  });

  it('reads the staged file, stores nothing, and is scoped to the organization', async () => {
    const { id, detection } = await received(financialsCsv(3));
    const before = await readdir(root);
    const request = {
      uploadId: id,
      kind: 'financials' as const,
      roles: financialsRoles,
      columns: columnsOf(detection),
      badRows: 'reject' as const,
    };
    const result = await previewUploadReadiness(deps(), request);
    expect(result.tasks[0]).toMatchObject({
      task: 'risk',
      ready: false,
      has: 'the file has 3 months',
    });
    expect(await db.prisma.dataset.count()).toBe(0);
    expect((await db.prisma.upload.findUniqueOrThrow({ where: { id } })).status).toBe('staged');
    expect(await readdir(root)).toEqual(before);

    const other = await seedOrganization(db, 'other');
    await expect(
      previewUploadReadiness({ ...deps(), organizationId: other.organizationId }, request),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  /** Stores the file as the import does and returns the stored dataset's trainingStats. */
  async function storedStats<K extends DataKind>(
    csv: string,
    kind: K,
    roles: KindRoles[K],
    badRows: BadRowPolicy,
  ) {
    const { storageKey, detection } = await stage(csv);
    const plan = readPlan(detection, columnsOf(detection, { churned: 'boolean' }));
    const stream = readKindRecords(
      storage.read(storageKey),
      plan,
      kindIngest(kind, roles, plan),
      badRows,
    );
    const store = {
      market: createMarketDataset,
      financials: createFinancialsDataset,
      events: createEventsDataset,
      customers: createCustomersDataset,
    }[kind] as typeof createMarketDataset;
    const created = await store(db, {
      organizationId: org.organizationId,
      userId: null,
      name: 'stored',
      sourceFileName: 'f.csv',
      mapping: { roles, columns: plan.columns },
      rows: { batches: stream.batches as never },
    });
    const previewed = await readinessOfFile(
      { storage, storageKey, detection },
      { kind, roles, columns: plan.columns, badRows },
    );
    return { stored: await trainingStats(db, org.organizationId, created.id), previewed };
  }

  it('gives the same counts as trainingStats of the stored rows, for every kind', async () => {
    const market = [
      'date,region,revenue,costs',
      ...Array.from({ length: 9 }, (_, i) => `${day(i)},north,${i},${i % 3 === 0 ? '' : 2 * i}`),
      ...Array.from({ length: 4 }, (_, i) => `${day(i)},south,${i},${i}`),
      `${day(1)},south,7,7`,
      `${day(20)},east,,`,
    ].join('\n');
    const events = [
      'user,ts,item',
      ...Array.from(
        { length: 40 },
        (_, i) =>
          `u${i % 7},${new Date(Date.UTC(2024, 0, 1, 5 * i)).toISOString()},${i % 3 === 0 ? '' : `item-${i % 5}`}`,
      ),
    ].join('\n');
    const customers = [
      'id,plan,churned',
      ...Array.from({ length: 25 }, (_, i) => `c${i},pro,${['yes', 'no', ''][i % 3]}`),
      'c3,pro,yes',
    ].join('\n');
    const cases = [
      await storedStats(
        market,
        'market',
        { date: 'date', values: ['revenue', 'costs'], series: 'region' },
        'skip',
      ),
      await storedStats(financialsCsv(7), 'financials', financialsRoles, 'reject'),
      await storedStats(
        events,
        'events',
        { user: 'user', time: 'ts', event: null, item: 'item', value: null },
        'reject',
      ),
      await storedStats(customers, 'customers', { id: 'id', label: 'churned' }, 'skip'),
    ];
    for (const { stored, previewed } of cases) {
      expect(previewed.problem).toBeNull();
      if (stored.kind === 'events' && previewed.stats.kind === 'events') {
        expect(previewed.stats.spanDays).toBeCloseTo(stored.spanDays, 9);
        expect({ ...previewed.stats, spanDays: 0 }).toEqual({ ...stored, spanDays: 0 });
      } else expect(previewed.stats).toEqual(stored);
    }
  });
});
