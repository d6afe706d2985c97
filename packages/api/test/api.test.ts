import { createTestDatabase, type TestDatabase } from '@foresight/db/testing';
import { startQueue, type QueueClient } from '@foresight/queue';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRouter } from '../src/root';
import { createCallerFactory } from '../src/trpc';
import { csvForm, sampleCsv, signedInCaller } from './helpers';

let t: TestDatabase;
let queue: QueueClient;
beforeAll(async () => {
  t = await createTestDatabase();
  queue = await startQueue(t.url, { role: 'sender' });
});
afterAll(async () => {
  await queue.stop();
  await t.drop();
});

const marketFields = {
  name: 'Revenue',
  dateColumn: 'date',
  valueColumn: 'revenue',
  seriesColumn: 'region',
};

describe('upload → dataset → queued forecast job', () => {
  it('stores the rows, lists the dataset and puts a job on the real queue', async () => {
    const { caller } = await signedInCaller(t, queue, 'uploader');
    const result = await caller.datasets.uploadMarket(csvForm(sampleCsv, marketFields));
    expect(result.rowCount).toBe(60);

    const [listed] = await caller.datasets.all();
    expect(listed).toMatchObject({
      id: result.datasetId,
      name: 'Revenue',
      rowCount: 60,
      seriesCount: 2,
      status: 'ready',
    });
    const series = await caller.datasets.series({ id: result.datasetId });
    expect(series.map((s) => s.series)).toEqual(['north', 'south']);

    const job = await caller.jobs.byId({ id: result.jobId });
    expect(job.status).toBe('queued');
    const queued = await queue.boss.fetch<{ jobId: string }>('train-forecast');
    expect(queued.map((j) => j.data.jobId)).toContain(result.jobId);
  });

  it('rejects a bad row with row and column, and stores nothing', async () => {
    const { caller, organizationId } = await signedInCaller(t, queue, 'badrows');
    const bad = sampleCsv.replace('2023-01-05,south,58', '2023-01-05,south,lots');
    const error = await caller.datasets
      .uploadMarket(csvForm(bad, marketFields))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe('BAD_REQUEST');
    expect((error as TRPCError).message).toBe('row 11, column "revenue": "lots" is not a number');
    expect(await caller.datasets.all()).toEqual([]);
    const points = await t.db.pool.query(
      'SELECT count(*)::int AS n FROM market_points WHERE organization_id = $1',
      [organizationId],
    );
    expect(points.rows[0].n).toBe(0);
  });

  it('refuses callers who are not signed in', async () => {
    const anonymous = createCallerFactory(appRouter)({ db: t.db, queue, session: null });
    await expect(anonymous.datasets.all()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });
});

describe('organization scoping', () => {
  it("never shows one organization's datasets, jobs or forecasts to another", async () => {
    const a = await signedInCaller(t, queue, 'alpha');
    const b = await signedInCaller(t, queue, 'beta');
    const { datasetId, jobId } = await a.caller.datasets.uploadMarket(
      csvForm(sampleCsv, marketFields),
    );

    // A forecast model exists for A's dataset.
    const model = await t.db.prisma.model.create({
      data: {
        organizationId: a.organizationId,
        datasetId,
        jobId,
        task: 'forecast',
        version: 1,
        chosen: 'neural',
        metrics: {},
        backend: 'cpu',
      },
    });
    await t.db.prisma.forecastPoint.create({
      data: {
        modelId: model.id,
        organizationId: a.organizationId,
        series: 'north',
        date: new Date('2023-02-01'),
        p10: 1,
        p50: 2,
        p90: 3,
      },
    });
    expect((await a.caller.forecasts.latest({ datasetId })).forecast?.modelId).toBe(model.id);

    const notFound = { code: 'NOT_FOUND' };
    expect(await b.caller.datasets.all()).toEqual([]);
    expect(await b.caller.jobs.all()).toEqual([]);
    expect(await b.caller.jobs.all({ datasetId })).toEqual([]);
    await expect(b.caller.datasets.byId({ id: datasetId })).rejects.toMatchObject(notFound);
    await expect(b.caller.datasets.series({ id: datasetId })).rejects.toMatchObject(notFound);
    await expect(b.caller.jobs.byId({ id: jobId })).rejects.toMatchObject(notFound);
    await expect(b.caller.forecasts.latest({ datasetId })).rejects.toMatchObject(notFound);
    await expect(b.caller.forecasts.train({ datasetId })).rejects.toMatchObject(notFound);
    await expect(b.caller.datasets.delete({ id: datasetId })).rejects.toMatchObject(notFound);
    expect((await b.caller.org.current()).id).toBe(b.organizationId);

    // A session pointing at an organization the user does not belong to falls back to their own.
    const sneaky = createCallerFactory(appRouter)({
      db: t.db,
      queue,
      session: {
        userId: b.userId,
        email: 'b@x',
        name: 'b',
        activeOrganizationId: a.organizationId,
      },
    });
    expect(await sneaky.datasets.all()).toEqual([]);
    expect((await sneaky.org.current()).id).toBe(b.organizationId);

    // A's data is intact.
    expect((await a.caller.datasets.byId({ id: datasetId })).rowCount).toBe(60);
  });
});
