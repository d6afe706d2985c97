import type { TrainingStats } from '@foresight/db';
import { createTestDatabase, type TestDatabase } from '@foresight/db/testing';
import { startQueue, type QueueClient } from '@foresight/queue';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readinessOf } from '../src/services/task-readiness';
import { importCsv, signedInCaller, type Caller } from './helpers';

describe('readinessOf (the tasks’ minimums against a dataset’s counts)', () => {
  const market = (points: number): TrainingStats => ({
    kind: 'market',
    series: 2,
    shortest: { series: 'north', points },
  });
  it('names the task, the minimum and what the data has', () => {
    expect(readinessOf('forecast', market(5))).toEqual({ ready: true });
    expect(readinessOf('forecast', market(3))).toEqual({
      ready: false,
      reason:
        'Forecast needs at least 5 dated values per series to forecast and check itself; series "north" has 3 values.',
    });
    expect(readinessOf('risk', { kind: 'financials', periods: 4 })).toMatchObject({
      ready: false,
      reason: expect.stringContaining(
        'at least 6 months of revenue and expenses; the file has 4 months',
      ),
    });
    const customers = (labelCounts: Record<string, number>): TrainingStats => ({
      kind: 'customers',
      label: 'churned',
      labelCounts,
    });
    expect(readinessOf('churn', customers({ no: 40, yes: 12 }))).toEqual({ ready: true });
    expect(readinessOf('churn', customers({ no: 40, yes: 3 }))).toMatchObject({
      ready: false,
      reason: expect.stringContaining('the table has 40 customers "no", 3 customers "yes"'),
    });
    const events = { kind: 'events' as const, spanDays: 45.5, usersWithTwoItems: 4, items: 9 };
    expect(readinessOf('churn', events)).toMatchObject({
      reason: expect.stringContaining('at least 90 days'),
    });
    expect(readinessOf('churn', events, { windowDays: 14 })).toEqual({ ready: true });
    expect(readinessOf('recommend', events)).toMatchObject({
      reason: expect.stringContaining('at least 5 users who used two or more different items'),
    });
  });
});

describe('too little data is stored but not queued for training', () => {
  let t: TestDatabase;
  let queue: QueueClient;
  let caller: Caller;
  beforeAll(async () => {
    t = await createTestDatabase();
    queue = await startQueue(t.url, { role: 'sender' });
    ({ caller } = await signedInCaller(t, queue, 'short-data'));
  });
  afterAll(async () => {
    await queue.stop();
    await t.drop();
  });

  it('says which task the data is not enough for, and refuses a manual run with the reason', async () => {
    const csv = ['date,revenue', '2024-01-01,10', '2024-02-01,12', '2024-03-01,13'].join('\n');
    const stored = await importCsv(caller, csv, {
      kind: 'market',
      roles: { date: 'date', values: ['revenue'], series: null },
    });
    expect(stored.result.jobIds).toEqual([]);
    expect(stored.message).toContain('Forecast needs at least 5 dated values per series');
    expect(stored.message).toContain('the file has 3 values');
    await expect(caller.forecasts.train({ datasetId: stored.datasetId })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('Forecast needs at least 5 dated values'),
    });
  });
});
