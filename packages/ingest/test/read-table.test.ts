import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readColumns, readTable, type TableOptions, type TableSource } from '../src/read-table';
import type { DataKind } from '../src/schema';
import { UploadError } from '../src/upload-error';

/** A file in memory, as a TableSource. */
function source(content: string | Uint8Array): TableSource {
  const bytes = typeof content === 'string' ? Buffer.from(content) : Buffer.from(content);
  return {
    size: bytes.length,
    head: async (n) => bytes.subarray(0, n),
    open: () => Readable.from([bytes]),
  };
}

async function errorOf<K extends DataKind>(
  csv: string | Uint8Array,
  kind: K,
  options: TableOptions<K>,
): Promise<UploadError> {
  try {
    await readTable(source(csv), kind, options);
  } catch (e) {
    expect(e).toBeInstanceOf(UploadError);
    return e as UploadError;
  }
  throw new Error('expected an UploadError');
}

const market = { date: 'date', values: ['value'], series: null };

describe('readTable (the CLI and the upload read files the same way)', () => {
  it('reads a market file with a BOM, CRLF, quoted numbers and a series column', async () => {
    const t = await readTable(
      source(
        '\uFEFFday,region,sales\r\n2024-01-01,north,"1,200"\r\n2024-01-02,"south, east",7\r\n',
      ),
      'market',
      { roles: { date: 'day', values: ['sales'], series: 'region' } },
    );
    expect(t.records).toEqual([
      { series: 'north', date: '2024-01-01', value: 1200 },
      { series: 'south, east', date: '2024-01-02', value: 7 },
    ]);
  });

  it('detects a semicolon delimiter and decimal commas', async () => {
    const t = await readTable(
      source('series;date;value\na;2024-01-01;1,5\na;2024-01-02;2,25\n'),
      'market',
      { roles: { date: 'date', values: ['value'], series: 'series' } },
    );
    expect(t.detection.delimiter).toBe(';');
    expect(t.records.map((r) => r.value)).toEqual([1.5, 2.25]);
  });

  it('reads a Latin-1 (Windows-1252) file with its accented letters', async () => {
    const bytes = Buffer.concat([
      Buffer.from('series,date,value\n'),
      Buffer.from([0x4d, 0x6f, 0x6e, 0x74, 0x72, 0xe9, 0x61, 0x6c]), // Montréal
      Buffer.from(',2024-01-01,1\n'),
      Buffer.from([0x5a, 0xfc, 0x72, 0x69, 0x63, 0x68, 0x20, 0x80]), // Zürich €
      Buffer.from(',2024-01-01,2\n'),
    ]);
    const t = await readTable(source(bytes), 'market', {
      roles: { date: 'date', values: ['value'], series: 'series' },
    });
    expect(t.detection.encoding).toBe('windows-1252');
    expect(t.detection.warnings[0]).toMatch(/read as Windows-1252/);
    expect(t.records.map((r) => r.series)).toEqual(['Montréal', 'Zürich €']);
    expect(JSON.stringify(t.records)).not.toContain('\uFFFD');
  });

  it('keeps formula-looking series names as data', async () => {
    const t = await readTable(
      source('series,date,value\n=HYPERLINK("http://x"),2024-01-01,1\n"=1+2;=3",2024-01-01,2\n'),
      'market',
      { roles: { date: 'date', values: ['value'], series: 'series' } },
    );
    expect(t.records.map((r) => r.series)).toEqual(['=HYPERLINK("http://x")', '=1+2;=3']);
  });

  it('reads 9-, 10- and 13-digit epochs, decimals and order numbers as event times', async () => {
    const t = await readTable(
      source(
        'user,ts\nu1,964980499\nu1,1700000000\nu1,1700000000123\nu1,1700000000.25\nu2,1\nu2,2\n',
      ),
      'events',
      {
        roles: { user: 'user', time: 'ts', event: null, item: null, value: null },
        fitRoleTypes: true,
      },
    );
    expect(t.records.map((r) => r.occurredAt)).toEqual([
      '2000-07-30T18:08:19.000Z',
      '2023-11-14T22:13:20.000Z',
      '2023-11-14T22:13:20.123Z',
      '2023-11-14T22:13:20.250Z',
      '1970-01-01T00:00:01.000Z',
      '1970-01-01T00:00:02.000Z',
    ]);
  });

  it('reads zoneless ISO times, and refuses a column mixing epochs and ISO, naming the row', async () => {
    const roles = { user: 'user', time: 'ts', event: null, item: null, value: null };
    const t = await readTable(
      source('user,ts\nu1,2024-03-05 10:20\nu1,2024-03-05T10:20:30+02:00\n'),
      'events',
      {
        roles,
        fitRoleTypes: true,
      },
    );
    expect(t.records.map((r) => r.occurredAt)).toEqual([
      '2024-03-05T10:20:00.000Z',
      '2024-03-05T08:20:30.000Z',
    ]);
    const e = await errorOf(
      'user,ts\nu1,964980499\nu1,1700000000\nu1,2024-03-05 10:20\n',
      'events',
      {
        roles,
        fitRoleTypes: true,
      },
    );
    expect(e.location).toMatchObject({ row: 4, column: 'ts' });
  });

  it('reads a 9-digit epoch column named as the time even when detection calls it a number', async () => {
    const t = await readTable(source('user,t\nu1,964980499\nu2,964980500\n'), 'events', {
      roles: { user: 'user', time: 't', event: null, item: null, value: null },
      fitRoleTypes: true,
    });
    expect(t.records.map((r) => r.occurredAt)).toEqual([
      '2000-07-30T18:08:19.000Z',
      '2000-07-30T18:08:20.000Z',
    ]);
  });

  it('sums cost columns as positive amounts', async () => {
    const t = await readTable(
      source(
        'month,mrr,payroll,hosting,bank\n2024-01,"$10,000",-8000,1200,250000\n2024-02,11000,8200,(1300),252000\n',
      ),
      'financials',
      {
        roles: {
          date: 'month',
          revenue: 'mrr',
          expenses: ['payroll', 'hosting'],
          cash: 'bank',
        },
      },
    );
    expect(t.records).toEqual([
      {
        date: '2024-01-01',
        revenue: 10000,
        expenses: 9200,
        expenseLines: { payroll: 8000, hosting: 1200 },
        cash: 250000,
      },
      {
        date: '2024-02-01',
        revenue: 11000,
        expenses: 9500,
        expenseLines: { payroll: 8200, hosting: 1300 },
        cash: 252000,
      },
    ]);
  });

  it('with fitRoleTypes, names the row and column of the bad cell in a role column', async () => {
    const e = await errorOf('d,v\n2024-01-01,1\n2024-01-02,abc\n', 'market', {
      roles: { date: 'd', values: ['v'], series: null },
      fitRoleTypes: true,
    });
    expect(e.message).toBe(
      '1 problem in 1 row; the first: row 3, column "v": "abc" is not a number',
    );
    expect(e.location).toMatchObject({ row: 3, column: 'v', value: 'abc' });
  });

  it('without fitRoleTypes, refuses the column as the upload does before reading', async () => {
    const e = await errorOf('d,v\n2024-01-01,1\n2024-01-02,abc\n', 'market', {
      roles: { date: 'd', values: ['v'], series: null },
    });
    expect(e.message).toMatch(/^The value column "v" is typed as /);
  });

  it('names a mapped column missing from the header, listing the header', async () => {
    const e = await errorOf('when,value\n2024-01-01,1\n', 'market', { roles: market });
    expect(e.message).toBe(`The date column "date" is not in the file's header (when, value)`);
  });

  it('names a missing role that detection did not find either', async () => {
    const e = await errorOf('a,b\nx,y\nz,w\n', 'market', {});
    expect(e.message).toMatch(/^No date column was named and none was recognised/);
  });

  it('refuses empty and header-only files, repeats, and an unclosed quote, in one line', async () => {
    expect((await errorOf('', 'market', { roles: market })).message).toBe('The file is empty');
    expect((await errorOf('date,value\n', 'market', { roles: market })).message).toMatch(
      /no data rows/,
    );
    expect(
      (await errorOf('date,value\n2024-01-01,1\n2024-01-01,2\n', 'market', { roles: market }))
        .message,
    ).toMatch(/row 3, column "date": "2024-01-01" repeats the date \(series "value"\) of row 2/);
    const quote = await errorOf('date,value\n2024-01-01,"1\n', 'market', { roles: market });
    expect(quote.message).toMatch(/never closed/);
    expect(quote.message).not.toMatch(/\n/);
  });
});

describe('readColumns', () => {
  it('reads chosen columns, requiring the ones marked required', async () => {
    const { rows } = await readColumns(source('user,item,x\nu1,A,1\nu2,B,2\n'), [
      { name: 'user', role: 'user id', required: true },
      { name: 'item', role: 'item', required: true },
    ]);
    expect(rows).toEqual([
      ['u1', 'A'],
      ['u2', 'B'],
    ]);
    await expect(
      readColumns(source('user,item\nu1,A\n,B\n'), [
        { name: 'user', role: 'user id', required: true },
        { name: 'item', role: 'item', required: true },
      ]),
    ).rejects.toThrow('row 3, column "user": "" is empty (every row needs a user id)');
  });
});

describe('fitRoleTypes', () => {
  it('does not read a period column of small numbers as 1970 dates', async () => {
    const e = await readTable(
      {
        size: 8,
        head: async () => Buffer.from('a,b\n1,2\n'),
        open: () => Readable.from([Buffer.from('a,b\n1,2\n')]),
      },
      'market',
      { roles: { date: 'a', values: ['b'], series: null }, fitRoleTypes: true },
    ).catch((error: unknown) => error as UploadError);
    expect(e).toBeInstanceOf(UploadError);
    expect((e as UploadError).message).toMatch(/row 2, column "a": "1" is not a date/);
  });
});
