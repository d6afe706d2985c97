// The analytics summary a ClickHouse refresh stores: the pages read it only while it covers the
// dataset's committed loads. A load committed after the refresh makes the pages count from the
// rows again (new rows are never missed), the next refresh brings it back, and a refresh that
// counted loads since replaced never overwrites the summary of a later one. Funnels read the
// per-user table the summary names; deleting the dataset drops it.
import { saveEventSummary, type EventRow } from '@foresight/db';
import { seedOrganization } from '@foresight/db/testing';
import { expect, it } from 'vitest';
import { storeEventsDataset } from '../src';
import { committedBatches } from '../src/batches';
import { clickhouseFeatures, clickhouseFunnel } from '../src/clickhouse/analytics';
import { currentSummary } from '../src/clickhouse/summary';
import { useClickHouseEngines } from './fixtures';

const f = useClickHouseEngines();

function rows(users: number, user: string, day: number): EventRow[] {
  return Array.from({ length: users * 3 }, (_, i) => ({
    userId: `${user}${i % users}`,
    occurredAt: new Date(Date.UTC(2025, 0, 1 + day + (i % 40)) + i * 60_000).toISOString(),
    eventName: ['open', 'share', 'buy'][i % 3]!,
    itemId: null,
    value: i % 3 === 2 ? 5 : null,
  }));
}

it('is read while it covers the committed loads, and ignored once another load commits', async () => {
  const org = await seedOrganization(f.t.db, 'summary');
  const base = {
    organizationId: org.organizationId,
    userId: org.userId,
    name: 'log',
    sourceFileName: 'log.csv',
    mapping: {},
  };
  const created = await storeEventsDataset(f.engines, f.t.db, { ...base, rows: rows(10, 'a', 0) });
  const scope = { organizationId: org.organizationId, datasetId: created.id };
  const engine = await f.engines.forDataset(scope);
  const scoped = async () => ({
    ...scope,
    batches: await committedBatches(f.t.db.pool, org.organizationId, created.id),
  });

  expect(await currentSummary(f.t.db, await scoped())).toBeNull(); // no refresh yet
  await f.engines.refreshDataset(created.id);
  const first = await currentSummary(f.t.db, await scoped());
  expect(first?.batches).toEqual((await scoped()).batches);
  expect((await engine.overview(scope, { grain: 'week' })).totals.users).toBe(10);

  await storeEventsDataset(f.engines, f.t.db, {
    ...base,
    rows: rows(5, 'b', 60),
    target: { mode: 'append', datasetId: created.id },
  });
  expect(await currentSummary(f.t.db, await scoped())).toBeNull();
  const counted = await engine.overview(scope, { grain: 'week' });
  expect(counted.totals.users).toBe(15);
  const retention = await engine.retention(scope, 'month');
  expect(retention.cohorts.reduce((s, c) => s + c.size, 0)).toBe(15);

  // The first refresh's summary counted one load: it may not replace anything now.
  expect(await saveEventSummary(f.t.db, scope, first!.batches, first)).toBe(false);
  await f.engines.refreshDataset(created.id);
  expect((await currentSummary(f.t.db, await scoped()))?.batches).toHaveLength(2);
  expect(await engine.overview(scope, { grain: 'week' })).toEqual(counted);
  expect(await engine.retention(scope, 'month')).toEqual(retention);
  const funnel = await clickhouseFunnel(f.ch.client, await scoped(), ['open', 'buy'], 7);
  expect(funnel.steps[0]!.users).toBe(15);
  expect(await engine.funnel(scope, ['open', 'buy'], 7)).toEqual(funnel);
  const features = await clickhouseFeatures(f.ch.client, await scoped(), 30);
  expect(features.eligibleUsers).toBeGreaterThan(0);
  expect(await engine.features(scope, 30)).toEqual(features);

  // The funnels' per-user table: the current build is named by the summary; a deleted dataset
  // leaves none behind.
  const builds = async () => {
    const result = await f.ch.client.query({
      query: `SELECT DISTINCT build_id AS id FROM event_user_firsts
              WHERE organization_id = {org:String} AND dataset_id = {dataset:String}`,
      query_params: { org: org.organizationId, dataset: created.id },
      format: 'JSONEachRow',
    });
    return (await result.json<{ id: string }>()).map((r) => r.id);
  };
  const named = (await currentSummary(f.t.db, await scoped()))!.userFirsts;
  expect(await builds()).toContain(named);
  await engine.remove(scope);
  expect(await builds()).toEqual([]);
});
