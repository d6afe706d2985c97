// The import job's attempt on the real database and queue: rows are stored exactly once however
// attempts race or repeat, a cancelled import stores nothing, and a retry after the rows were
// committed only finishes the follow-ups (training queued once).
import { cancelImport, getUpload } from '@foresight/db';
import { createTestDatabase, seedOrganization, type TestDatabase } from '@foresight/db/testing';
import { clickhouseEngines, postgresEngines, type EventsEngines } from '@foresight/events';
import { startTestClickHouse, type TestClickHouse } from '@foresight/events/testing';
import { startQueue, type QueueClient } from '@foresight/queue';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runImport, type ImportDeps } from '../src/run-import';
import { claimedUpload, eventsCsv, marketCsv, testFiles } from '../src/testing';

let t: TestDatabase;
let queue: QueueClient;
let deps: ImportDeps;
let clickhouse: TestClickHouse;
let onClickHouse: EventsEngines;

beforeAll(async () => {
  [t, clickhouse] = await Promise.all([createTestDatabase(), startTestClickHouse()]);
  queue = await startQueue(t.url, { role: 'sender' });
  deps = { db: t.db, events: postgresEngines(t.db), queue, files: testFiles() };
  onClickHouse = await clickhouseEngines(t.db, clickhouse.target);
});
afterAll(async () => {
  await queue.stop();
  await onClickHouse?.close();
  await clickhouse?.close();
  await t.drop();
});

const runner = (workerId: string) => ({ workerId, queueJobId: null });

async function count(sql: string, params: unknown[]): Promise<number> {
  return (await t.db.pool.query<{ n: number }>(sql, params)).rows[0]!.n;
}

const datasetsOf = (organizationId: string) =>
  count('SELECT count(*)::int AS n FROM datasets WHERE organization_id = $1', [organizationId]);
const pointsOf = (organizationId: string) =>
  count('SELECT count(*)::int AS n FROM market_points WHERE organization_id = $1', [
    organizationId,
  ]);

async function until(probe: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

it('stores the rows once when a second attempt takes over a running one', async () => {
  const org = await seedOrganization(t.db, 'race');
  const id = await claimedUpload(t.db, deps.files, org, marketCsv(40, 4000));
  const first = runImport(deps, id, runner('trainer-a'));
  await until(async () => (await getUpload(t.db, org.organizationId, id)).rowsProcessed > 0);
  const second = await runImport(deps, id, runner('trainer-b'));

  expect([await first, second]).toEqual(['skipped', 'stored']);
  const upload = await getUpload(t.db, org.organizationId, id);
  expect(upload).toMatchObject({ status: 'stored', importAttempt: 2, rowsStored: 160_000 });
  expect(upload.finishedAt).not.toBeNull();
  expect(await datasetsOf(org.organizationId)).toBe(1);
  expect(await pointsOf(org.organizationId)).toBe(160_000);
});

it('events on ClickHouse (chDB): racing attempts count the log once, and the superseded rows are deleted', async () => {
  const org = await seedOrganization(t.db, 'race-ch');
  const onEngine = { ...deps, events: onClickHouse };
  const id = await claimedUpload(t.db, deps.files, org, eventsCsv(250_000), 'events');
  const first = runImport(onEngine, id, runner('trainer-a'));
  // Past one ClickHouse insert (100k rows): the first attempt has rows in the engine.
  await until(async () => (await getUpload(t.db, org.organizationId, id)).rowsProcessed > 120_000);
  const second = await runImport(onEngine, id, runner('trainer-b'));

  expect([await first, second]).toEqual(['skipped', 'stored']);
  const upload = await getUpload(t.db, org.organizationId, id);
  expect(upload).toMatchObject({ status: 'stored', importAttempt: 2, rowsStored: 250_000 });
  const scope = { organizationId: org.organizationId, datasetId: upload.datasetId! };
  const engine = await onClickHouse.forDataset(scope);
  expect(engine.name).toBe('clickhouse');
  expect((await engine.interactions(scope)).events).toBe(250_000);
  const inEngine = await clickhouse.client.query({
    query: 'SELECT toUInt32(count()) AS n FROM events WHERE organization_id = {org:String}',
    query_params: { org: org.organizationId },
    format: 'JSONEachRow',
  });
  expect(await inEngine.json()).toEqual([{ n: 250_000 }]);
  expect(await datasetsOf(org.organizationId)).toBe(1);
});

it('a retry after the rows were committed only finishes the follow-ups, once', async () => {
  const org = await seedOrganization(t.db, 'retry');
  const id = await claimedUpload(t.db, deps.files, org, marketCsv(2, 24));
  expect(await runImport(deps, id, runner('trainer-a'))).toBe('stored');
  const jobs = () =>
    count('SELECT count(*)::int AS n FROM training_jobs WHERE organization_id = $1', [
      org.organizationId,
    ]);
  expect(await jobs()).toBe(1);

  // As if the trainer died between the commit and the follow-ups.
  await t.db.pool.query('UPDATE uploads SET finished_at = NULL, job_ids = $2 WHERE id = $1', [
    id,
    [],
  ]);
  expect(await runImport(deps, id, runner('trainer-b'))).toBe('stored');
  const upload = await getUpload(t.db, org.organizationId, id);
  expect(upload.jobIds).toHaveLength(1);
  expect(await jobs()).toBe(1);
  expect(await pointsOf(org.organizationId)).toBe(48);
  // Finished: any further run has nothing to do.
  expect(await runImport(deps, id, runner('trainer-c'))).toBe('skipped');
});

it('a cancelled import stores nothing and goes back to mapping', async () => {
  const org = await seedOrganization(t.db, 'cancel');
  const id = await claimedUpload(t.db, deps.files, org, marketCsv(40, 4000));
  const running = runImport(deps, id, runner('trainer-a'));
  await until(async () => (await getUpload(t.db, org.organizationId, id)).rowsProcessed > 0);
  expect(await cancelImport(t.db, org.organizationId, id)).toBe(true);

  expect(await running).toBe('skipped');
  const upload = await getUpload(t.db, org.organizationId, id);
  expect(upload).toMatchObject({
    status: 'staged',
    message: 'Import cancelled; nothing was stored.',
  });
  expect(await datasetsOf(org.organizationId)).toBe(0);
  expect(await pointsOf(org.organizationId)).toBe(0);
});

it('a refused file leaves the upload rejected with the reason and nothing stored', async () => {
  const org = await seedOrganization(t.db, 'bad');
  const csv = marketCsv(1, 30) + 's0,2000-03-01,7.00\n';
  const id = await claimedUpload(t.db, deps.files, org, csv);
  expect(await runImport(deps, id, runner('trainer-a'))).toBe('rejected');
  const upload = await getUpload(t.db, org.organizationId, id);
  expect(upload.status).toBe('rejected');
  expect(upload.problems[0]).toMatchObject({ row: 32, column: 'date', value: '2000-03-01' });
  expect(upload.message).toContain('repeats the date (series "s0") of row 4');
  expect(await datasetsOf(org.organizationId)).toBe(0);
  expect(await pointsOf(org.organizationId)).toBe(0);
});
