import { readCustomerTable } from '@foresight/db';
import { createTestDatabase, type TestDatabase } from '@foresight/db/testing';
import { startQueue, type QueueClient } from '@foresight/queue';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  confirmedColumns,
  importCsv,
  importUpload,
  marketRoles,
  sampleCsv,
  settleImports,
  signedInCaller,
  testFiles,
  uploadFile,
  type Caller,
} from './helpers';

let t: TestDatabase;
let queue: QueueClient;
let caller: Caller;
let organizationId: string;
beforeAll(async () => {
  t = await createTestDatabase();
  queue = await startQueue(t.url, { role: 'sender' });
  ({ caller, organizationId } = await signedInCaller(t, queue, 'uploader'));
});
afterAll(async () => {
  await queue.stop();
  await t.drop();
});

async function count(table: string, datasetId?: string): Promise<number> {
  const { rows } = await t.db.pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM ${table} WHERE organization_id = $1 ${datasetId ? 'AND dataset_id = $2' : ''}`,
    datasetId ? [organizationId, datasetId] : [organizationId],
  );
  return rows[0]!.n;
}

const day = (i: number) => new Date(Date.UTC(2024, 0, 1 + i)).toISOString().slice(0, 10);

describe('upload → detect → map → import', () => {
  it('detects a market file, proposes its roles and stores it with a profile and a preview', async () => {
    const view = await uploadFile(caller, sampleCsv, 'regions.csv');
    expect(view.status).toBe('staged');
    const d = view.detection!;
    expect(d.delimiter).toBe(',');
    expect(d.hasHeader).toBe(true);
    expect(d.columns.map((c) => [c.name, c.type])).toEqual([
      ['date', 'date'],
      ['region', 'categorical'],
      ['revenue', 'integer'],
    ]);
    expect(d.proposals.market).toMatchObject(marketRoles);
    expect(d.kindGuess).toBe('market');

    const done = await importUpload(caller, view, {
      kind: 'market',
      target: { mode: 'new', name: 'Regions' },
    });
    expect(done.status).toBe('stored');
    expect(done.result).toMatchObject({ rowsStored: 60, rowsSkipped: 0 });
    expect(done.result!.jobIds).toHaveLength(1);
    expect(done.progress.bytesProcessed).toBe(Buffer.byteLength(sampleCsv));

    const dataset = await caller.datasets.byId({ id: done.datasetId! });
    expect(dataset).toMatchObject({
      name: 'Regions',
      rowCount: 60,
      seriesCount: 2,
      dateFrom: '2023-01-01',
      dateTo: '2023-01-30',
    });
    expect(dataset.columns).toEqual(
      d.columns.map(({ name, type }) => expect.objectContaining({ name, type })),
    );
    // Two series: the value is summarised per series, never as one merged column.
    const values = dataset.profile!.filter((p) => p.role?.startsWith('value'));
    expect(values).toMatchObject([
      { name: 'revenue · north', series: 'north', min: 100, max: 129, missingShare: 0 },
      { name: 'revenue · south', series: 'south', min: 50, max: 108, missingShare: 0 },
    ]);
    for (const v of values) expect(v.histogram.reduce((s, b) => s + b.count, 0)).toBe(30);
    const series = dataset.profile!.find((p) => p.role === 'series')!;
    expect(series).toMatchObject({
      distinct: 2,
      histogram: [
        { label: 'north', count: 30 },
        { label: 'south', count: 30 },
      ],
    });

    const preview = await caller.datasets.preview({ id: done.datasetId! });
    expect(preview.header).toEqual(['series', 'date', 'value']);
    expect(preview.rows[0]).toEqual(['north', '2023-01-01', 100]);
  });

  it('reads semicolons, day-first dates and decimal commas, and turns several value columns into series', async () => {
    const csv = [
      'Datum;Umsatz;Kosten',
      '31/01/2024;"1.234,50";900',
      '29/02/2024;"1.300,25";950',
      '31/03/2024;"1.410,00";',
    ].join('\r\n');
    const view = await uploadFile(caller, csv);
    const d = view.detection!;
    expect(d.delimiter).toBe(';');
    expect(d.columns[0]).toMatchObject({ type: 'date', dateFormat: 'dmy' });
    expect(d.columns[1]).toMatchObject({ type: 'decimal', decimalSeparator: ',' });
    const done = await importUpload(caller, view, {
      kind: 'market',
      roles: { date: 'Datum', values: ['Umsatz', 'Kosten'], series: null },
    });
    expect(done.status).toBe('stored');
    // The empty Kosten cell is a gap, not a problem.
    expect(done.result!.rowsStored).toBe(5);
    const { rows } = await t.db.pool.query(
      `SELECT series, date, value FROM market_points WHERE dataset_id = $1 ORDER BY series, date`,
      [done.datasetId],
    );
    expect(rows).toEqual([
      { series: 'Kosten', date: '2024-01-31', value: 900 },
      { series: 'Kosten', date: '2024-02-29', value: 950 },
      { series: 'Umsatz', date: '2024-01-31', value: 1234.5 },
      { series: 'Umsatz', date: '2024-02-29', value: 1300.25 },
      { series: 'Umsatz', date: '2024-03-31', value: 1410 },
    ]);
  });

  it('rejects a file with bad rows: lists the first 100 problems, counts them all, stores nothing', async () => {
    const before = await count('market_points');
    const datasetsBefore = (await caller.datasets.all()).length;
    const lines = ['date,value'];
    for (let i = 0; i < 400; i++) lines.push(`${day(i)},${i % 3 === 0 ? 'n/a' : i}`);
    const view = await uploadFile(caller, lines.join('\n'));
    // The sample sees the bad cells; the user insists the column is a number.
    const done = await importUpload(caller, view, {
      kind: 'market',
      roles: { date: 'date', values: ['value'], series: null },
      types: { value: 'decimal' },
    });
    expect(done.status).toBe('rejected');
    expect(done.problemCount).toBe(134);
    expect(done.problems).toHaveLength(100);
    expect(done.problems[0]).toEqual({
      row: 2,
      column: 'value',
      value: 'n/a',
      reason: expect.stringMatching(/not a number/),
    });
    expect(done.problems[1]!.row).toBe(5);
    expect(done.message).toMatch(
      /^Nothing was stored: 134 problems in 134 rows; the first: row 2, column "value"/,
    );
    expect(await count('market_points')).toBe(before);
    expect(await caller.datasets.all()).toHaveLength(datasetsBefore);

    // The same upload can be imported again, skipping the bad rows.
    const skipped = await importUpload(caller, view, {
      kind: 'market',
      roles: { date: 'date', values: ['value'], series: null },
      types: { value: 'decimal' },
      badRows: 'skip',
    });
    expect(skipped.status).toBe('stored');
    expect(skipped.result).toMatchObject({ rowsStored: 266, rowsSkipped: 134 });
    expect(skipped.problemCount).toBe(134);
    await expect(
      caller.uploads.ingest({
        uploadId: view.id,
        kind: 'market',
        target: { mode: 'new', name: 'again' },
        roles: { date: 'date', values: ['value'], series: null },
        columns: confirmedColumns(view, { value: 'decimal' }),
        badRows: 'skip',
      }),
    ).rejects.toThrow(/already imported/);
  });

  it('refuses a mapping whose roles do not suit the column types, before reading anything', async () => {
    const view = await uploadFile(caller, sampleCsv);
    await expect(
      importUpload(caller, view, { kind: 'market', types: { date: 'text' } }),
    ).rejects.toThrow(
      /The date column "date" is typed as text; it must be a date or a date and time/,
    );
    await expect(
      importUpload(caller, view, {
        kind: 'market',
        roles: { date: 'date', values: ['date'], series: null },
      }),
    ).rejects.toThrow(/cannot be both the date and the value/);
    expect((await caller.uploads.byId({ id: view.id })).status).toBe('staged');
  });

  it('appends new periods, refuses repeated ones without changing the dataset, and replaces', async () => {
    const first = ['date,value', ...Array.from({ length: 10 }, (_, i) => `${day(i)},${i}`)].join(
      '\n',
    );
    const created = await importCsv(caller, first, {
      kind: 'market',
      target: { mode: 'new', name: 'Growing' },
    });
    const id = created.datasetId;

    const next = [
      'date,value',
      ...Array.from({ length: 5 }, (_, i) => `${day(10 + i)},${10 + i}`),
    ].join('\n');
    const appended = await importCsv(caller, next, {
      kind: 'market',
      target: { mode: 'append', datasetId: id },
    });
    expect(appended.datasetId).toBe(id);
    expect(appended.result.jobIds).toHaveLength(1);
    expect(await caller.datasets.byId({ id })).toMatchObject({ rowCount: 15, dateTo: day(14) });

    const overlap = ['date,value', `${day(14)},99`, `${day(15)},15`].join('\n');
    const refused = await importUpload(caller, await uploadFile(caller, overlap), {
      kind: 'market',
      target: { mode: 'append', datasetId: id },
    });
    expect(refused.status).toBe('rejected');
    expect(refused.message).toMatch(/repeat series, date = value, 2024-01-15/);
    expect(await caller.datasets.byId({ id })).toMatchObject({ rowCount: 15, dateTo: day(14) });

    const replaced = await importCsv(caller, overlap, {
      kind: 'market',
      target: { mode: 'replace', datasetId: id },
    });
    expect(replaced.datasetId).toBe(id);
    expect(await caller.datasets.byId({ id })).toMatchObject({
      rowCount: 2,
      dateFrom: day(14),
      dateTo: day(15),
    });

    const events = 'user,ts\nu1,2024-01-01T00:00:00Z\n';
    await expect(
      importCsv(caller, events, { kind: 'events', target: { mode: 'append', datasetId: id } }),
    ).rejects.toThrow(/Events dataset not found/);
  });

  it('deletes a dataset with its rows, models, predictions and original files', async () => {
    const { datasetId, id: uploadId } = await importCsv(caller, sampleCsv, { kind: 'market' });
    expect(await count('market_points', datasetId)).toBe(60);
    const { rows } = await t.db.pool.query<{ storage_key: string }>(
      'SELECT storage_key FROM uploads WHERE id = $1',
      [uploadId],
    );
    const key = rows[0]!.storage_key;
    expect((await testFiles.storage.head(key, 4)).length).toBe(4);
    await caller.datasets.delete({ id: datasetId });
    await expect(testFiles.storage.head(key, 4)).rejects.toThrow(/ENOENT/);
    await expect(caller.uploads.byId({ id: uploadId })).rejects.toThrow(/not found/);
    expect(await count('market_points', datasetId)).toBe(0);
    expect(await count('training_jobs', datasetId)).toBe(0);
    await expect(caller.datasets.byId({ id: datasetId })).rejects.toThrow(/not found/);
  });

  it('stores customers with typed attributes that the churn model reads back typed', async () => {
    const csv = [
      'customer_id,plan,seats,monthly_spend,churned',
      'c1,pro,5,"$1,200.50",yes',
      'c2,free,1,$0,no',
      'c3,pro,,"$980.00",no',
    ].join('\n');
    const view = await uploadFile(caller, csv);
    expect(view.detection!.kindGuess).toBe('customers');
    expect(view.detection!.proposals.customers).toEqual({ id: 'customer_id', label: 'churned' });
    const done = await importUpload(caller, view, { kind: 'customers' });
    expect(done.status).toBe('stored');
    const { rows } = await t.db.pool.query(
      'SELECT attributes FROM customer_records WHERE dataset_id = $1 ORDER BY row_number',
      [done.datasetId],
    );
    expect(rows[0].attributes).toEqual({
      customer_id: 'c1',
      plan: 'pro',
      seats: 5,
      monthly_spend: 1200.5,
      churned: true,
    });
    expect(rows[2].attributes).toMatchObject({ seats: null, churned: false });
    const table = await readCustomerTable(t.db, organizationId, done.datasetId!);
    expect(table.mapping).toEqual({
      id: 'customer_id',
      label: 'churned',
      columns: ['customer_id', 'plan', 'seats', 'monthly_spend', 'churned'],
    });
    expect(table.columns.find((c) => c.name === 'churned')!.values).toEqual([true, false, false]);
    expect(table.columns.find((c) => c.name === 'monthly_spend')!.values).toEqual([1200.5, 0, 980]);
  });

  it('stores events with epoch timestamps, and deletes them with their dataset', async () => {
    const csv = [
      'user_id,ts,event,amount',
      'u1,1704067200,signup,',
      'u2,1704153600,purchase,19.99',
      'u1,1704240000,purchase,5',
    ].join('\n');
    const done = await importCsv(caller, csv, { kind: 'events' });
    const { rows } = await t.db.pool.query(
      `SELECT user_id, occurred_at, event_name, value FROM events WHERE dataset_id = $1 ORDER BY occurred_at`,
      [done.datasetId],
    );
    expect(
      rows.map((r) => [r.user_id, (r.occurred_at as Date).toISOString(), r.event_name, r.value]),
    ).toEqual([
      ['u1', '2024-01-01T00:00:00.000Z', 'signup', null],
      ['u2', '2024-01-02T00:00:00.000Z', 'purchase', 19.99],
      ['u1', '2024-01-03T00:00:00.000Z', 'purchase', 5],
    ]);
    // Events have no foreign key (COPY speed); the datasets trigger removes them with the dataset.
    await caller.datasets.delete({ id: done.datasetId });
    expect(await count('events', done.datasetId)).toBe(0);
  });

  it('detects and stores a ratings log with 9-digit epoch seconds, and an order column as time', async () => {
    const ratings = [
      'userId,movieId,rating,timestamp',
      ...Array.from(
        { length: 30 },
        (_, i) => `${1 + (i % 3)},${100 + i},4.0,${964980499 + i * 60}`,
      ),
    ].join('\n');
    const view = await uploadFile(caller, ratings, 'ratings.csv');
    expect(view.detection!.columns.find((c) => c.name === 'timestamp')).toMatchObject({
      type: 'datetime',
      dateFormat: 'epoch',
    });
    expect(view.detection!.proposals.events).toMatchObject({ user: 'userId', time: 'timestamp' });
    const done = await importCsv(caller, ratings, { kind: 'events', roles: { item: 'movieId' } });
    const first = await t.db.pool.query(
      `SELECT min(occurred_at) AS at FROM events WHERE dataset_id = $1`,
      [done.datasetId],
    );
    expect((first.rows[0].at as Date).toISOString()).toBe('2000-07-30T18:08:19.000Z');

    const ordered = ['user,step,event', 'u1,1,open', 'u1,2,click', 'u2,3,open'].join('\n');
    const byOrder = await importCsv(caller, ordered, {
      kind: 'events',
      roles: { user: 'user', time: 'step', event: 'event' },
    });
    const { rows } = await t.db.pool.query(
      `SELECT event_name, occurred_at FROM events WHERE dataset_id = $1 ORDER BY occurred_at`,
      [byOrder.datasetId],
    );
    expect(rows.map((r) => [r.event_name, (r.occurred_at as Date).toISOString()])).toEqual([
      ['open', '1970-01-01T00:00:01.000Z'],
      ['click', '1970-01-01T00:00:02.000Z'],
      ['open', '1970-01-01T00:00:03.000Z'],
    ]);
  });

  it('refuses files over the size limit, at announcement and while streaming, keeping nothing', async () => {
    await expect(
      caller.uploads.create({ fileName: 'huge.csv', sizeBytes: 2 * 1024 ** 3 }),
    ).rejects.toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      message: '"huge.csv" is 2 GB; the upload limit is 64 MB',
    });
    const { id } = await caller.uploads.create({ fileName: 'liar.csv', sizeBytes: 10 });
    const { Readable } = await import('node:stream');
    const big = Readable.from(
      (function* () {
        for (let i = 0; i < 70; i++) yield Buffer.alloc(1024 * 1024, 0x61);
      })(),
    );
    await expect(caller.uploads.receive({ id, body: big })).rejects.toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
    });
    const view = await caller.uploads.byId({ id });
    expect(view).toMatchObject({
      status: 'failed',
      message: expect.stringMatching(/larger than the 64 MB upload limit/),
    });
  });

  it('reads a Latin-1 file as Windows-1252, and refuses UTF-8 with a stray Latin-1 byte, naming the line', async () => {
    const latin1 = Buffer.concat([
      Buffer.from('name,city\nx,'),
      Buffer.from([0x4d, 0xfc, 0x6e, 0x63, 0x68, 0x65, 0x6e]),
      Buffer.from('\n'),
    ]);
    const view = await uploadFile(caller, latin1);
    expect(view.detection).toMatchObject({ encoding: 'windows-1252', preview: [['x', 'München']] });
    const mixed = Buffer.concat([
      Buffer.from('name,city\nZoë,'),
      Buffer.from([0x4d, 0xfc]),
      Buffer.from('\n'),
    ]);
    await expect(uploadFile(caller, mixed)).rejects.toThrow(/not UTF-8: line 2/);
    await settleImports();
  });
});
