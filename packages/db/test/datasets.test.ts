import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createMarketDataset,
  deleteDataset,
  getDataset,
  listDatasets,
  readMarketSeries,
  type MarketRow,
} from '../src/datasets';
import { refreshDatasetProfile } from '../src/dataset-profile';
import { NotFoundError } from '../src/errors';
import { createTestDatabase, seedOrganization, type TestDatabase } from '../src/testing';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.drop();
});

const mapping = { date: 'date', value: 'value', series: 'series' };

describe('market datasets', () => {
  it('bulk-loads rows and computes the summary', async () => {
    const a = await seedOrganization(t.db, 'a');
    const rows: MarketRow[] = [
      { series: 'north', date: '2024-01-01', value: 1.5 },
      { series: 'north', date: '2024-02-01', value: 2.5 },
      { series: 'south\ttab', date: '2024-01-01', value: -3 },
    ];
    const { id, rowCount } = await createMarketDataset(t.db, {
      organizationId: a.organizationId,
      userId: a.userId,
      name: 'sales',
      sourceFileName: 'sales.csv',
      mapping,
      rows,
    });
    expect(rowCount).toBe(3);
    const summary = await getDataset(t.db, a.organizationId, id);
    expect(summary).toMatchObject({
      status: 'ready',
      rowCount: 3,
      seriesCount: 2,
      dateFrom: '2024-01-01',
      dateTo: '2024-02-01',
    });
    const series = await readMarketSeries(t.db, a.organizationId, id);
    expect(series).toEqual([
      { series: 'north', dates: ['2024-01-01', '2024-02-01'], values: [1.5, 2.5] },
      { series: 'south\ttab', dates: ['2024-01-01'], values: [-3] },
    ]);
  });

  it('leaves nothing behind when loading fails part-way', async () => {
    const a = await seedOrganization(t.db, 'fail');
    async function* rows(): AsyncGenerator<MarketRow> {
      yield { series: 's', date: '2024-01-01', value: 1 };
      throw new Error('disk on fire');
    }
    await expect(
      createMarketDataset(t.db, {
        organizationId: a.organizationId,
        userId: a.userId,
        name: 'x',
        sourceFileName: null,
        mapping,
        rows: rows(),
      }),
    ).rejects.toThrow('disk on fire');
    expect(await listDatasets(t.db, a.organizationId)).toEqual([]);
    const left = await t.db.pool.query(
      'SELECT count(*)::int AS n FROM market_points WHERE organization_id = $1',
      [a.organizationId],
    );
    expect(left.rows[0].n).toBe(0);
  });

  it('keeps every organization to its own datasets', async () => {
    const a = await seedOrganization(t.db, 'owner');
    const b = await seedOrganization(t.db, 'other');
    const { id } = await createMarketDataset(t.db, {
      organizationId: a.organizationId,
      userId: a.userId,
      name: 'secret',
      sourceFileName: null,
      mapping,
      rows: [{ series: 's', date: '2024-01-01', value: 1 }],
    });
    expect((await listDatasets(t.db, b.organizationId)).map((d) => d.id)).not.toContain(id);
    await expect(getDataset(t.db, b.organizationId, id)).rejects.toBeInstanceOf(NotFoundError);
    expect(await readMarketSeries(t.db, b.organizationId, id)).toEqual([]);
    await expect(deleteDataset(t.db, b.organizationId, id)).rejects.toBeInstanceOf(NotFoundError);
    expect((await getDataset(t.db, a.organizationId, id)).name).toBe('secret');
  });

  it('profiles the value per series: a long file by its series column, a wide one by column', async () => {
    const a = await seedOrganization(t.db, 'profiles');
    const days = ['2024-01-01', '2024-01-02', '2024-01-03'];
    const long = await createMarketDataset(t.db, {
      ...a,
      name: 'long',
      sourceFileName: null,
      mapping,
      rows: days.flatMap((date, i) => [
        { series: 'signups', date, value: 10 + i },
        { series: 'mrr', date, value: 50_000 + 1_000 * i },
      ]),
    });
    const longProfile = await refreshDatasetProfile(t.db, a.organizationId, long.id);
    expect(longProfile.filter((p) => p.role?.startsWith('value'))).toMatchObject([
      { name: 'value · mrr', series: 'mrr', min: 50_000, max: 52_000, distinct: 3 },
      { name: 'value · signups', series: 'signups', min: 10, max: 12, distinct: 3 },
    ]);
    expect(longProfile.find((p) => p.role === 'value')).toBeUndefined();

    const wide = await createMarketDataset(t.db, {
      ...a,
      name: 'wide',
      sourceFileName: null,
      mapping: { roles: { date: 'day', values: ['signups', 'mrr'], series: null } },
      rows: days.flatMap((date, i) => [
        { series: 'signups', date, value: 10 + i },
        { series: 'mrr', date, value: 50_000 },
      ]),
    });
    const wideProfile = await refreshDatasetProfile(t.db, a.organizationId, wide.id);
    expect(wideProfile.map((p) => p.name)).toEqual(['series', 'day', 'mrr', 'signups']);
    expect(wideProfile.find((p) => p.name === 'mrr')).toMatchObject({
      min: 50_000,
      max: 50_000,
      histogram: [{ count: 3 }],
    });

    // One series: one value column, as before.
    const single = await createMarketDataset(t.db, {
      ...a,
      name: 'single',
      sourceFileName: null,
      mapping,
      rows: days.map((date, i) => ({ series: 'only', date, value: i })),
    });
    const singleProfile = await refreshDatasetProfile(t.db, a.organizationId, single.id);
    expect(singleProfile.find((p) => p.role === 'value')).toMatchObject({ name: 'value', max: 2 });
  });
});
