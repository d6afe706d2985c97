// uploads.fromRows: services send rows as JSON and get the same detection, validation and
// all-or-nothing store as a file upload, with problems named by row index and column.
import { authenticateApiKey } from '@foresight/db';
import { TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { RowsRejectedError, headerOf, rowsToCsv } from '../src/services/rows-upload';
import { callerFor, signedInCaller, testContext, testFiles, useTestApi } from './helpers';

const api = useTestApi();

function monthlyRows(months: number, series = 'north') {
  return Array.from({ length: months }, (_, i) => ({
    month: new Date(Date.UTC(2022, i, 1)).toISOString().slice(0, 10),
    region: series,
    revenue: 1000 + 25 * i + (i % 12 === 11 ? 300 : 0),
  }));
}

async function rejection(promise: Promise<unknown>): Promise<TRPCError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  return error as TRPCError;
}

describe('rowsToCsv', () => {
  it('quotes what needs quoting and leaves missing keys empty', () => {
    const rows: Record<string, string | number | boolean | null>[] = [
      { a: 'plain', b: 'comma, "quoted"', c: 1.5 },
      { a: ' padded', b: 'line\nbreak', d: true },
      { a: null, b: '' },
    ];
    expect(headerOf(rows)).toEqual(['a', 'b', 'c', 'd']);
    expect(rowsToCsv(headerOf(rows), rows)).toBe(
      'a,b,c,d\nplain,"comma, ""quoted""",1.5,\n" padded","line\nbreak",,true\n,,,\n',
    );
  });
});

describe('uploads.fromRows', () => {
  it('stores JSON rows as a dataset with detected types and mapping, and queues training', async () => {
    const { caller } = await signedInCaller(api.t, api.queue, 'rows');
    const rows = monthlyRows(24, 'North, "East"');
    const stored = await caller.uploads.fromRows({
      kind: 'market',
      target: { mode: 'new', name: 'Revenue from the billing service' },
      rows,
    });
    expect(stored).toMatchObject({
      rowsStored: 24,
      rowsSkipped: 0,
      problemCount: 0,
      message: null,
    });
    expect(stored.jobIds).toHaveLength(1);
    expect((await caller.jobs.byId({ id: stored.jobIds[0]! })).task).toBe('forecast');

    const dataset = await caller.datasets.byId({ id: stored.datasetId });
    expect(dataset).toMatchObject({ kind: 'market', rowCount: 24, sourceFileName: 'rows.json' });
    const [series] = await caller.datasets.series({ id: stored.datasetId });
    expect(series!.series).toBe('North, "East"');
    expect(series!.dates[0]).toBe('2022-01-01');
    expect(series!.values[1]).toBe(1025);
    const upload = await caller.uploads.byId({ id: stored.uploadId });
    expect(upload).toMatchObject({ status: 'stored', datasetId: stored.datasetId });

    // Appending more rows to the same dataset.
    const more = await caller.uploads.fromRows({
      kind: 'market',
      target: { mode: 'append', datasetId: stored.datasetId },
      rows: monthlyRows(30, 'North, "East"').slice(24),
    });
    expect(more.datasetId).toBe(stored.datasetId);
    expect((await caller.datasets.byId({ id: stored.datasetId })).rowCount).toBe(30);
  });

  it('refuses rows with a bad value, naming the row index and column, and stores nothing', async () => {
    const { caller } = await signedInCaller(api.t, api.queue, 'rows-bad');
    const rows: Record<string, string | number>[] = monthlyRows(24);
    rows[7] = { ...rows[7]!, revenue: 'twelve' };
    const error = await rejection(
      caller.uploads.fromRows({
        kind: 'market',
        target: { mode: 'new', name: 'bad' },
        rows,
        // One word among numbers reads as a text column: the caller says what it is.
        roles: { date: 'month', series: 'region', values: ['revenue'] },
        columns: [{ name: 'revenue', type: 'integer' }],
      }),
    );
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toMatch(/^Nothing was stored: rows\[7\], column "revenue": /);
    expect(error.cause).toBeInstanceOf(RowsRejectedError);
    expect((error.cause as RowsRejectedError).problems[0]).toMatchObject({
      index: 7,
      column: 'revenue',
      value: 'twelve',
    });
    expect(await caller.datasets.all()).toEqual([]);

    // With badRows "skip" the rest is kept and the bad row is reported.
    const skipped = await caller.uploads.fromRows({
      kind: 'market',
      target: { mode: 'new', name: 'skipping' },
      rows,
      badRows: 'skip',
      roles: { date: 'month', series: 'region', values: ['revenue'] },
      columns: [{ name: 'revenue', type: 'integer' }],
    });
    expect(skipped).toMatchObject({ rowsStored: 23, rowsSkipped: 1, problemCount: 1 });
    expect(skipped.problems[0]).toMatchObject({ index: 7, column: 'revenue' });
  });

  it('says what is wrong with the request itself', async () => {
    const { caller } = await signedInCaller(api.t, api.queue, 'rows-request');
    const rows = monthlyRows(12);
    expect(
      (
        await rejection(
          caller.uploads.fromRows({
            kind: 'market',
            target: { mode: 'new', name: 'x' },
            rows,
            columns: [{ name: 'turnover', type: 'decimal' }],
          }),
        )
      ).message,
    ).toBe('columns: "turnover" is not a key of any row');
    expect(
      (
        await rejection(
          caller.uploads.fromRows({
            kind: 'market',
            target: { mode: 'new', name: 'x' },
            rows: [{ note: 'a' }, { note: 'b' }],
          }),
        )
      ).message,
    ).toMatch(
      /No market mapping could be proposed for the columns note \(categorical\); pass "roles"/,
    );
    expect(
      (
        await rejection(
          caller.uploads.fromRows({ kind: 'market', target: { mode: 'new', name: 'x' }, rows: [] }),
        )
      ).code,
    ).toBe('BAD_REQUEST');
    expect(await caller.datasets.all()).toEqual([]);
  });

  it('refuses rows larger than the upload limit before storing anything', async () => {
    const { userId, organizationId } = await signedInCaller(api.t, api.queue, 'rows-limit');
    const small = callerFor(
      testContext(api.t, api.queue, {
        session: {
          userId,
          email: 'rows-limit@example.com',
          name: 'x',
          activeOrganizationId: organizationId,
        },
        files: { ...testFiles, maxBytes: 200 },
      }),
    );
    const error = await rejection(
      small.uploads.fromRows({
        kind: 'market',
        target: { mode: 'new', name: 'big' },
        rows: monthlyRows(24),
      }),
    );
    expect(error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(error.message).toMatch(/upload limit is 200 bytes/);
    expect(await small.datasets.all()).toEqual([]);
  });

  it('needs a key with the write scope', async () => {
    const { caller } = await signedInCaller(api.t, api.queue, 'rows-key');
    const { key } = await caller.apiKeys.create({ name: 'reader', scopes: ['read'] });
    const reader = callerFor(
      testContext(api.t, api.queue, {
        session: null,
        apiKey: await authenticateApiKey(api.t.db, key),
      }),
    );
    const error = await rejection(
      reader.uploads.fromRows({
        kind: 'market',
        target: { mode: 'new', name: 'x' },
        rows: monthlyRows(12),
      }),
    );
    expect(error.code).toBe('FORBIDDEN');
  });
});
