import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import {
  RejectedUpload,
  UploadError,
  kindIngest,
  readKindRecords,
  type BadRowPolicy,
  type ColumnSpec,
  type ReadPlan,
} from '../src';

const columns: ColumnSpec[] = [
  { name: 'customer_id', type: 'identifier' },
  { name: 'note', type: 'text' },
  { name: 'seats', type: 'integer', decimalSeparator: '.' },
];
const plan: ReadPlan = {
  delimiter: ',',
  hasHeader: true,
  header: columns.map((c) => c.name),
  columns,
};

async function read(csv: string, policy: BadRowPolicy = 'reject') {
  const kind = kindIngest('customers', { id: 'customer_id', label: null }, plan);
  const stream = readKindRecords(Readable.from([Buffer.from(csv)]), plan, kind, policy);
  const records = [];
  for await (const batch of stream.batches) records.push(...batch);
  return { records, problems: stream.problems };
}

async function failure(csv: string): Promise<UploadError> {
  const error = await read(csv).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UploadError);
  return error as UploadError;
}

describe('readKindRecords', () => {
  it('numbers rows as the spreadsheet does: empty lines count, but are not data', async () => {
    const error = await failure('customer_id,note,seats\nc1,a,1\n\n  \nc2,b,x\nc3,c,3\n');
    expect(error).toBeInstanceOf(RejectedUpload);
    expect((error as RejectedUpload).problems.listed).toEqual([
      { row: 5, column: 'seats', value: 'x', reason: 'is not a number' },
    ]);
  });

  it('reads mixed line endings without leaving \\r in values', async () => {
    const { records } = await read(
      'customer_id,note,seats\nc1,"a"\r\nc2,b,2\r\nc3,"c",3\n'.replace('"a"', '"a",1'),
    );
    expect(records.map((r) => Object.values(r.attributes))).toEqual([
      ['c1', 'a', 1],
      ['c2', 'b', 2],
      ['c3', 'c', 3],
    ]);
  });

  it('keeps a quote inside an unquoted field as text', async () => {
    const { records } = await read('customer_id,note,seats\nc1,5" screen,1\nc2,the "best" one,2\n');
    expect(records.map((r) => r.attributes.note)).toEqual(['5" screen', 'the "best" one']);
  });

  it('refuses an unclosed quote with what to do', async () => {
    const error = await failure('customer_id,note,seats\nc1,"open,1\nc2,b,2\n');
    expect(error.message).toMatch(
      /a quoted field is never closed .*close the quote or remove the stray " and upload again/,
    );
  });

  it('reports other CSV errors as UploadErrors naming the line', async () => {
    const error = await failure(
      `customer_id,note,seats\nc1,ok,1\nc2,${'x'.repeat(9 * 1024 * 1024)},2\n`,
    );
    expect(error.message).toMatch(/^line 3: the file is not valid CSV: /);
    expect(error.location.row).toBe(3);
  });
});

describe('readKindRecords: event times', () => {
  async function events(timeSpec: ColumnSpec, csv: string) {
    const specs: ColumnSpec[] = [{ name: 'user', type: 'identifier' }, timeSpec];
    const eventsPlan: ReadPlan = {
      delimiter: ',',
      hasHeader: true,
      header: ['user', 't'],
      columns: specs,
    };
    const kind = kindIngest(
      'events',
      { user: 'user', time: 't', event: null, item: null, value: null },
      eventsPlan,
    );
    const stream = readKindRecords(Readable.from([Buffer.from(csv)]), eventsPlan, kind, 'reject');
    const records = [];
    for await (const batch of stream.batches) records.push(...batch);
    return records.map((r) => r.occurredAt);
  }

  it('reads an epoch column of 9-, 10- and 13-digit values by magnitude', async () => {
    await expect(
      events(
        { name: 't', type: 'datetime', dateFormat: 'epoch' },
        'user,t\nu1,964980499\nu1,1700000000\nu1,1700000000123\nu1,1700000000.5\n',
      ),
    ).resolves.toEqual([
      '2000-07-30T18:08:19.000Z',
      '2023-11-14T22:13:20.000Z',
      '2023-11-14T22:13:20.123Z',
      '2023-11-14T22:13:20.500Z',
    ]);
  });

  it('takes a whole-number order column as the time, keeping its order', async () => {
    const times = await events(
      { name: 't', type: 'integer', decimalSeparator: '.' },
      'user,t\nu1,1\nu1,2\nu2,3\nu2,40\n',
    );
    expect(times[0]).toBe('1970-01-01T00:00:01.000Z');
    expect(times.map(Date.parse)).toEqual([1000, 2000, 3000, 40000]);
  });

  it('names the row, column, value and reason of a bad time', async () => {
    await expect(
      events(
        { name: 't', type: 'datetime', dateFormat: 'epoch' },
        'user,t\nu1,964980499\nu1,soon\n',
      ),
    ).rejects.toThrow(
      'row 3, column "t": "soon" is not a Unix timestamp (seconds or milliseconds)',
    );
  });
});
