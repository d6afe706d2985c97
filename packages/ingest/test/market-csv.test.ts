import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { previewCsv } from '../src/csv-records';
import { readMarketCsv } from '../src/market-csv';
import { UploadError } from '../src/upload-error';

async function collect(
  csv: string,
  mapping = { date: 'date', value: 'value', series: null as string | null },
) {
  const out = [];
  for await (const r of readMarketCsv(Readable.from([csv]), mapping)) out.push(r);
  return out;
}

async function errorOf(
  csv: string,
  mapping?: { date: string; value: string; series: string | null },
) {
  try {
    await collect(csv, mapping);
  } catch (e) {
    return e as UploadError;
  }
  throw new Error('expected an UploadError');
}

describe('readMarketCsv', () => {
  it('reads rows with a BOM, CRLF, quoted values and a series column', async () => {
    const csv =
      '\uFEFFday,region,sales\r\n2024-01-01,north,"1,200"\r\n2024-01-02,"south, east",7\r\n';
    const rows = await collect(csv, { date: 'day', value: 'sales', series: 'region' });
    expect(rows).toEqual([
      { series: 'north', date: '2024-01-01', value: 1200 },
      { series: 'south, east', date: '2024-01-02', value: 7 },
    ]);
  });

  it('names the value column as the series when there is no series column', async () => {
    const rows = await collect('date,value\n2024-01-01,1\n');
    expect(rows).toEqual([{ series: 'value', date: '2024-01-01', value: 1 }]);
  });

  it('reports the row, column and reason for a bad date', async () => {
    const e = await errorOf('date,value\n2024-01-01,1\n2024-02-31,2\n');
    expect(e).toBeInstanceOf(UploadError);
    expect(e.message).toBe(
      'row 3, column "date": "2024-02-31" is not a date (expected YYYY-MM-DD)',
    );
    expect(e.location).toMatchObject({ row: 3, column: 'date' });
  });

  it('reports a bad number', async () => {
    const e = await errorOf('date,value\n2024-01-01,12abc\n');
    expect(e.message).toBe('row 2, column "value": "12abc" is not a number');
  });

  it('reports an empty value', async () => {
    const e = await errorOf('date,value\n2024-01-01,\n');
    expect(e.message).toMatch(/row 2, column "value": "" is empty/);
  });

  it('reports a duplicate date within a series', async () => {
    const e = await errorOf('date,value\n2024-01-01,1\n2024-01-01,2\n');
    expect(e.message).toBe(
      'row 3, column "date": "2024-01-01" repeats the date of row 2 for series "value"',
    );
  });

  it('reports a mapped column missing from the header', async () => {
    const e = await errorOf('when,value\n2024-01-01,1\n');
    expect(e.message).toMatch(/date column "date" is not in the file's header \(when, value\)/);
  });

  it('reports ragged rows and unclosed quotes as invalid CSV with a row number', async () => {
    expect((await errorOf('date,value\n2024-01-01,1,extra\n')).message).toMatch(
      /^row 2: the file is not valid CSV/,
    );
    expect((await errorOf('date,value\n2024-01-01,"1\n')).message).toMatch(/not valid CSV/);
  });

  it('rejects empty and header-only files', async () => {
    expect((await errorOf('')).message).toMatch(/empty/);
    expect((await errorOf('date,value\n')).message).toMatch(/no data rows/);
  });
});

describe('previewCsv', () => {
  it('returns the header and the first rows', async () => {
    const p = await previewCsv(Readable.from(['a,b\n1,2\n3,4\n5,6\n']), 2);
    expect(p).toEqual({
      header: ['a', 'b'],
      rows: [
        ['1', '2'],
        ['3', '4'],
      ],
    });
  });
});
