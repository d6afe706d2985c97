import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { latestChurn, saveChurnResult, type ChurnMetrics } from '../src/churn';
import { createCustomersDataset, readCustomerTable } from '../src/customers';
import { createEventsDataset, readEvents } from '../src/events';
import { createJob, getJob } from '../src/jobs';
import { saveModelResult } from '../src/models';
import {
  latestRecommendations,
  recentItemsForUser,
  recommendationsForUser,
  saveRecommendResult,
  similarItemsFor,
  type RecommendMetrics,
} from '../src/recommendations';
import { createTestDatabase, seedOrganization, type TestDatabase } from '../src/testing';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.drop();
});

const churnMetrics: ChurnMetrics = {
  mode: 'table',
  chosen: 'mlp',
  trainMs: 5,
  candidates: [{ name: 'mlp', rocAuc: 0.8, rocAucSe: 0.01, prAuc: 0.5, logLoss: 0.4, fitMs: 3 }],
  calibration: [{ bin: 0, predicted: 0.1, observed: 0.12, count: 10 }],
  threshold: { value: 0.3, precision: 0.6, recall: 0.7, f1: 0.65 },
  importance: [{ feature: 'plan', importance: 0.1 }],
  features: [{ name: 'plan', type: 'categorical' }],
  rows: { train: 8, validation: 2, scored: 3 },
  positiveRate: 0.2,
};

describe('events and customers', () => {
  it('round-trips an event log in time order, with epoch-ms times', async () => {
    const o = await seedOrganization(t.db, 'ev');
    const { id } = await createEventsDataset(t.db, {
      organizationId: o.organizationId,
      userId: o.userId,
      name: 'log',
      sourceFileName: null,
      mapping: { user: 'u', time: 't', event: 'e', item: null, value: 'v' },
      rows: [
        {
          userId: 'b',
          occurredAt: '2024-01-02T10:00:00.000Z',
          eventName: 'buy',
          itemId: 'x',
          value: 9.5,
        },
        {
          userId: 'a',
          occurredAt: '2024-01-01T00:00:00.000Z',
          eventName: null,
          itemId: null,
          value: null,
        },
      ],
    });
    const log = await readEvents(t.db, o.organizationId, id);
    expect(log).toEqual({
      userIds: ['a', 'b'],
      times: [Date.UTC(2024, 0, 1), Date.UTC(2024, 0, 2, 10)],
      eventNames: [null, 'buy'],
      itemIds: [null, 'x'],
      values: [null, 9.5],
    });
    const other = await seedOrganization(t.db, 'other');
    await expect(readEvents(t.db, other.organizationId, id)).rejects.toThrow(/not found/);
  });

  it('round-trips a customer table column-major in upload order', async () => {
    const o = await seedOrganization(t.db, 'cu');
    const { id } = await createCustomersDataset(t.db, {
      organizationId: o.organizationId,
      userId: o.userId,
      name: 'c',
      sourceFileName: null,
      mapping: { id: 'id', label: 'churned', columns: ['id', 'plan', 'churned'] },
      rows: [
        { recordId: 'c2', attributes: { id: 'c2', plan: 'pro', churned: 'no' } },
        { recordId: 'c1', attributes: { id: 'c1', plan: null, churned: 'yes' } },
      ],
    });
    const table = await readCustomerTable(t.db, o.organizationId, id);
    expect(table.columns).toEqual([
      { name: 'id', values: ['c2', 'c1'] },
      { name: 'plan', values: ['pro', null] },
      { name: 'churned', values: ['no', 'yes'] },
    ]);
  });
});

describe('prediction storage', () => {
  async function datasetWithJob(task: 'churn' | 'recommend') {
    const o = await seedOrganization(t.db, task);
    const { id } = await createEventsDataset(t.db, {
      organizationId: o.organizationId,
      userId: o.userId,
      name: 'log',
      sourceFileName: null,
      mapping: { user: 'u', time: 't', event: null, item: 'i', value: null },
      rows: [
        {
          userId: 'a',
          occurredAt: '2024-01-01T00:00:00Z',
          eventName: null,
          itemId: 'x',
          value: null,
        },
      ],
    });
    const job = await createJob(t.db, {
      organizationId: o.organizationId,
      datasetId: id,
      task,
      params: {},
      userId: null,
    });
    return { o, datasetId: id, job };
  }

  it('ranks churn scores highest first and pages them', async () => {
    const { o, datasetId, job } = await datasetWithJob('churn');
    await saveChurnResult(t.db, {
      jobId: job.id,
      backend: 'cpu',
      chosen: 'mlp',
      metrics: churnMetrics,
      params: {},
      scores: [
        { id: 'low', score: 1e-60, drivers: [] },
        {
          id: 'high',
          score: 0.912345678,
          drivers: [{ feature: 'plan', contribution: 0.30004999 }],
        },
        { id: 'mid', score: 0.5, drivers: [] },
      ],
    });
    const page = await latestChurn(t.db, o.organizationId, datasetId, { limit: 2 });
    expect(page?.total).toBe(3);
    expect(page?.hasMore).toBe(true);
    expect(page?.scores.map((s) => [s.id, s.rank])).toEqual([
      ['high', 1],
      ['mid', 2],
    ]);
    // Stored to useful precision (6 significant digits, contributions to 4 decimals); tiny
    // scores stay tiny rather than failing.
    expect(page?.scores[0]?.score).toBe(0.912346);
    expect(page?.scores[0]?.drivers).toEqual([{ feature: 'plan', contribution: 0.3 }]);
    // Keyset paging by rank, both ways.
    const rest = await latestChurn(t.db, o.organizationId, datasetId, { limit: 2, afterRank: 2 });
    expect(rest?.scores.map((s) => s.id)).toEqual(['low']);
    expect(rest?.hasMore).toBe(false);
    const lowest = await latestChurn(t.db, o.organizationId, datasetId, {
      limit: 2,
      order: 'lowest',
    });
    expect(lowest?.scores.map((s) => s.id)).toEqual(['low', 'mid']);
    expect(lowest?.scores[0]?.score).toBe(1e-60);
    const lowestRest = await latestChurn(t.db, o.organizationId, datasetId, {
      limit: 2,
      order: 'lowest',
      afterRank: 2,
    });
    expect(lowestRest?.scores.map((s) => s.id)).toEqual(['high']);
    expect(lowestRest?.hasMore).toBe(false);
    expect((await getJob(t.db, o.organizationId, job.id)).status).toBe('succeeded');
  });

  it('serves recommendations, popular items for unknown users, and similar items', async () => {
    const { o, datasetId, job } = await datasetWithJob('recommend');
    const metrics: RecommendMetrics = {
      chosen: 'mf',
      users: 2,
      items: 3,
      interactions: 5,
      evaluatedUsers: 2,
      trainMs: 1,
      candidates: [{ name: 'mf', hr10: 0.5, ndcg10: 0.3, coverage: 0.6, fitMs: 1 }],
      popular: [{ item: 'x', score: 3 }],
    };
    await saveRecommendResult(t.db, {
      jobId: job.id,
      backend: 'cpu',
      chosen: 'mf',
      metrics,
      params: {},
      recommendations: [
        {
          user: 'a',
          items: [
            { item: 'y', score: 0.9, because: 'x' },
            { item: 'z', score: 0.4 },
          ],
        },
      ],
      similarItems: [{ item: 'x', similar: [{ item: 'y', score: 0.8 }] }],
    });
    expect(await recommendationsForUser(t.db, o.organizationId, datasetId, 'a')).toEqual({
      user: 'a',
      coldStart: false,
      items: [
        { item: 'y', score: 0.9, because: 'x' },
        { item: 'z', score: 0.4 },
      ],
    });
    expect(await recommendationsForUser(t.db, o.organizationId, datasetId, 'new')).toEqual({
      user: 'new',
      coldStart: true,
      items: [{ item: 'x', score: 3 }],
    });
    expect(await similarItemsFor(t.db, o.organizationId, datasetId, 'x')).toEqual([
      { item: 'y', score: 0.8 },
    ]);
    expect((await latestRecommendations(t.db, o.organizationId, datasetId))?.exampleUsers).toEqual([
      'a',
    ]);
    const other = await seedOrganization(t.db, 'nosy');
    expect(await recommendationsForUser(t.db, other.organizationId, datasetId, 'a')).toBeNull();
  });

  it("lists a user's latest distinct items, newest first, scoped to the organization", async () => {
    const o = await seedOrganization(t.db, 'history');
    const event = (userId: string, occurredAt: string, itemId: string | null) => ({
      userId,
      occurredAt,
      eventName: null,
      itemId,
      value: null,
    });
    const { id } = await createEventsDataset(t.db, {
      organizationId: o.organizationId,
      userId: o.userId,
      name: 'history',
      sourceFileName: null,
      mapping: { user: 'u', time: 't', event: null, item: 'i', value: null },
      rows: [
        event('a', '2024-01-01T00:00:00Z', 'x'),
        event('a', '2024-01-02T00:00:00Z', 'y'),
        event('a', '2024-01-03T00:00:00Z', 'x'),
        event('a', '2024-01-04T00:00:00Z', null),
        event('a', '2024-01-05T00:00:00Z', 'z'),
        event('b', '2024-01-06T00:00:00Z', 'w'),
      ],
    });
    expect(await recentItemsForUser(t.db, o.organizationId, id, 'a')).toEqual([
      { item: 'z', lastUsedAt: new Date('2024-01-05T00:00:00Z'), uses: 1 },
      { item: 'x', lastUsedAt: new Date('2024-01-03T00:00:00Z'), uses: 2 },
      { item: 'y', lastUsedAt: new Date('2024-01-02T00:00:00Z'), uses: 1 },
    ]);
    expect(await recentItemsForUser(t.db, o.organizationId, id, 'a', 2)).toHaveLength(2);
    expect(await recentItemsForUser(t.db, o.organizationId, id, 'nobody')).toEqual([]);
    const other = await seedOrganization(t.db, 'history-nosy');
    expect(await recentItemsForUser(t.db, other.organizationId, id, 'a')).toBeNull();
  });

  it('leaves no model and an unfinished job when writing predictions fails', async () => {
    const { o, datasetId, job } = await datasetWithJob('churn');
    await expect(
      saveModelResult(
        t.db,
        { jobId: job.id, task: 'churn', chosen: 'mlp', backend: 'cpu', metrics: {}, params: {} },
        async () => {
          throw new Error('disk full');
        },
      ),
    ).rejects.toThrow('disk full');
    expect(await t.db.prisma.model.count({ where: { datasetId } })).toBe(0);
    expect((await getJob(t.db, o.organizationId, job.id)).status).toBe('queued');
  });
});
