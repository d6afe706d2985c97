import { createTestDatabase, type TestDatabase } from '@foresight/db/testing';
import { startQueue, type QueueClient } from '@foresight/queue';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confirmedColumns, signedInCaller, uploadFile, type Caller } from './helpers';

const month = (m: number) => new Date(Date.UTC(2023, m, 1)).toISOString().slice(0, 10);
const financialsCsv = (months: number) =>
  [
    'month,revenue,costs,cash',
    ...Array.from(
      { length: months },
      (_, m) => `${month(m)},${1000 + m},5000,${100_000 - 4000 * m}`,
    ),
  ].join('\n');
const financialsRoles = {
  date: 'month',
  revenue: 'revenue',
  expenses: ['costs'],
  cash: 'cash',
  startingCash: null,
};

describe('uploads.readiness: what a received file is enough for, before it is imported', () => {
  let t: TestDatabase;
  let queue: QueueClient;
  let caller: Caller;
  beforeAll(async () => {
    t = await createTestDatabase();
    queue = await startQueue(t.url, { role: 'sender' });
    ({ caller } = await signedInCaller(t, queue, 'readiness'));
  });
  afterAll(async () => {
    await queue.stop();
    await t.drop();
  });

  async function readiness(
    csv: string,
    kind: 'market' | 'financials',
    roles: unknown,
    by: Caller = caller,
  ) {
    const view = await uploadFile(caller, csv);
    return {
      view,
      result: await by.uploads.readiness({
        uploadId: view.id,
        kind,
        roles,
        columns: confirmedColumns(view),
        badRows: 'reject',
      }),
    };
  }

  it('says a too-short market file is not enough to forecast, with the minimum', async () => {
    const { result } = await readiness(
      ['date,revenue', '2024-01-01,10', '2024-02-01,12', '2024-03-01,13'].join('\n'),
      'market',
      { date: 'date', values: ['revenue'], series: null },
    );
    expect(result).toMatchObject({ kind: 'market', rowsRead: 3, complete: true, problem: null });
    expect(result.tasks).toEqual([
      {
        task: 'forecast',
        label: 'Forecast',
        ready: false,
        certain: true,
        reason:
          'Forecast needs at least 5 dated values per series to forecast and check itself; the file has 3 values.',
        minimum: 'at least 5 dated values per series to forecast and check itself',
        has: 'the file has 3 values',
      },
    ]);
  });

  it('says a too-short financials file is not enough for runway, and stores nothing', async () => {
    const { view, result } = await readiness(financialsCsv(3), 'financials', financialsRoles);
    expect(result.tasks).toMatchObject([
      {
        task: 'risk',
        label: 'Runway and risk',
        ready: false,
        minimum: 'at least 6 months of revenue and expenses',
        has: 'the file has 3 months',
        reason:
          'Runway and risk needs at least 6 months of revenue and expenses; the file has 3 months.',
      },
    ]);
    expect(await t.db.prisma.dataset.count()).toBe(0);
    expect((await caller.uploads.byId({ id: view.id })).status).toBe('staged');
  });

  it('says a long enough file is ready', async () => {
    const { result } = await readiness(financialsCsv(24), 'financials', financialsRoles);
    expect(result.stats).toEqual({ kind: 'financials', periods: 24 });
    expect(result.tasks).toMatchObject([
      { task: 'risk', ready: true, certain: true, reason: null, has: 'the file has 24 months' },
    ]);
  });

  it("refuses bad roles, and another organization's upload is not found", async () => {
    await expect(
      readiness(financialsCsv(3), 'financials', { ...financialsRoles, expenses: [] }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const other = await signedInCaller(t, queue, 'readiness-other');
    await expect(
      readiness(financialsCsv(3), 'financials', financialsRoles, other.caller),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
