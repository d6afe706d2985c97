import { createTestDatabase, type TestDatabase } from '@foresight/db/testing';
import { startQueue, type QueueClient } from '@foresight/queue';
import { collect, sampleDatasets } from '@foresight/sample-data';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SAMPLE_SCALES } from '../src/services/sample-data';
import { settleImports, signedInCaller } from './helpers';

let t: TestDatabase;
let queue: QueueClient;
beforeAll(async () => {
  t = await createTestDatabase();
  queue = await startQueue(t.url, { role: 'sender' });
});
afterAll(async () => {
  await settleImports();
  await queue.stop();
  await t.drop();
});

it('loads the small sample startup through the upload path and queues every training job', async () => {
  const { caller, organizationId } = await signedInCaller(t, queue, 'newcomer');
  const { uploads } = await caller.org.loadSampleData({ scale: 'small' });
  expect(uploads.map((u) => u.kind)).toEqual(['market', 'events', 'financials', 'customers']);
  // Answered before the files were generated: each upload is waiting for its turn, or under way.
  for (const u of uploads) {
    expect(['receiving', 'staged', 'processing', 'stored']).toContain(
      (await caller.uploads.byId({ id: u.uploadId })).status,
    );
  }
  await settleImports();

  // The same files, generated again, to count their rows.
  const expectedRows = new Map<string, number>();
  for (const d of sampleDatasets(SAMPLE_SCALES.small)) {
    expectedRows.set(d.kind, (await collect(d.chunks())).trimEnd().split('\n').length - 1);
  }
  expect(expectedRows.get('events')).toBeGreaterThan(15_000);

  const datasets = await caller.datasets.all();
  expect(datasets).toHaveLength(4);
  const tasksByKind: Record<string, string[]> = {};
  for (const u of uploads) {
    const view = await caller.uploads.byId({ id: u.uploadId });
    expect(view, `${u.kind}: ${view.message ?? ''}`).toMatchObject({
      status: 'stored',
      kind: u.kind,
      problemCount: 0,
    });
    const dataset = datasets.find((d) => d.id === view.datasetId)!;
    expect(dataset).toMatchObject({ kind: u.kind, name: u.name, status: 'ready' });
    // One market row holds three series; every other kind stores a record per row.
    const rows = expectedRows.get(u.kind)!;
    expect(dataset.rowCount, u.kind).toBe(u.kind === 'market' ? rows * 3 : rows);
    expect(view.result!.rowsSkipped).toBe(0);
    const jobs = await Promise.all(view.result!.jobIds.map((id) => caller.jobs.byId({ id })));
    tasksByKind[u.kind] = jobs.map((j) => j.task).sort();
    for (const job of jobs) expect(job.datasetId).toBe(dataset.id);
  }
  expect(tasksByKind).toEqual({
    market: ['forecast'],
    events: ['churn', 'recommend'],
    financials: ['risk'],
    customers: ['churn'],
  });

  // Stored through the ordinary tables: events with items and revenue, customers with labels.
  const { rows } = await t.db.pool.query<{ n: number; items: number; revenue: number }>(
    `SELECT count(*)::int AS n, count(DISTINCT item_id)::int AS items, coalesce(sum(value), 0)::float8 AS revenue
       FROM events WHERE organization_id = $1`,
    [organizationId],
  );
  expect(rows[0]!.n).toBe(expectedRows.get('events'));
  expect(rows[0]!.items).toBeGreaterThan(100);
  expect(rows[0]!.revenue).toBeGreaterThan(0);
});

it('another organization loading the sample gets its own copy', async () => {
  const a = await signedInCaller(t, queue, 'first');
  const b = await signedInCaller(t, queue, 'second');
  const fromA = await a.caller.org.loadSampleData({ scale: 'small' });
  await settleImports();
  await expect(b.caller.uploads.byId({ id: fromA.uploads[0]!.uploadId })).rejects.toMatchObject({
    code: 'NOT_FOUND',
  });
  expect(await b.caller.datasets.all()).toHaveLength(0);
  expect(await a.caller.datasets.all()).toHaveLength(4);
});
