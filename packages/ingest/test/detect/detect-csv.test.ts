import { describe, expect, it } from 'vitest';
import { detectCsv } from '../../src/detect';
import { UploadError } from '../../src/upload-error';

const utf8 = (s: string) => new TextEncoder().encode(s);
const detect = (text: string, isComplete = true) => detectCsv(utf8(text), { isComplete });

describe('detectCsv', () => {
  it('reads a typical market file', () => {
    const d = detect(
      'date,close,symbol\n2024-01-02,10.5,AAPL\n2024-01-03,11,AAPL\n2024-01-02,20,MSFT\n',
    );
    expect(d).toMatchObject({
      encoding: 'utf-8',
      delimiter: ',',
      hasHeader: true,
      lineEnding: 'lf',
      header: ['date', 'close', 'symbol'],
      sampledRows: 3,
      warnings: [],
      kindGuess: 'market',
    });
    expect(d.columns.map((c) => c.type)).toEqual(['date', 'decimal', 'categorical']);
    expect(d.preview[0]).toEqual(['2024-01-02', '10.5', 'AAPL']);
    expect(d.proposals.market).toEqual({ date: 'date', values: ['close'], series: 'symbol' });
  });

  it('strips a BOM and reads CRLF semicolon files with decimal commas', () => {
    const head = Uint8Array.from([
      0xef,
      0xbb,
      0xbf,
      ...utf8('Datum;Umsatz\r\n05.03.2024;1.234,50\r\n25.03.2024;99,9\r\n'),
    ]);
    const d = detectCsv(head, { isComplete: true });
    expect(d).toMatchObject({ encoding: 'utf-8-bom', delimiter: ';', lineEnding: 'crlf' });
    expect(d.header).toEqual(['Datum', 'Umsatz']);
    expect(d.columns[0]).toMatchObject({ type: 'date', dateFormat: 'dmy' });
    expect(d.columns[1]).toMatchObject({ type: 'decimal', decimalSeparator: ',' });
  });

  it('reads tab- and pipe-separated files with CR line endings', () => {
    expect(detect('a\tb\r1\t2\r3\t4\r')).toMatchObject({ delimiter: '\t', lineEnding: 'cr' });
    expect(detect('a|b\n1|2\n')).toMatchObject({ delimiter: '|' });
  });

  it('names columns when the first row is data', () => {
    const d = detect('2024-01-01,5\n2024-01-02,6\n2024-01-03,7\n');
    expect(d.hasHeader).toBe(false);
    expect(d.header).toEqual(['column 1', 'column 2']);
    expect(d.sampledRows).toBe(3);
    expect(d.preview[0]).toEqual(['2024-01-01', '5']);
    expect(d.warnings.join(' ')).toMatch(/No header row/);
  });

  it('takes words above typed columns as a header', () => {
    expect(detect('when,amount\n2024-01-01,5\n').hasHeader).toBe(true);
    expect(detect('name,city\nann,paris\nbob,rome\n').hasHeader).toBe(true);
    // No typed columns and a repeated first row: data.
    expect(detect('ann,ann\nbob,rome\n').hasHeader).toBe(false);
  });

  it('makes duplicate and empty header names unique, with warnings', () => {
    const d = detect('amount,amount,,amount\n1,2,3,4\n5,6,7,8\n');
    expect(d.header).toEqual(['amount', 'amount (2)', 'column 3', 'amount (3)']);
    expect(d.warnings).toHaveLength(3);
    expect(d.warnings[0]).toContain('"amount (2)"');
    expect(d.warnings[1]).toContain('no name');
  });

  it('warns about ragged rows without throwing', () => {
    const d = detect('a,b,c\n1,2,3\n4,5\n6,7,8,9\n');
    expect(d.warnings).toHaveLength(1);
    expect(d.warnings[0]).toContain('2 of 3 sampled rows');
    expect(d.warnings[0]).toContain('row 3 has 2 fields, expected 3');
    expect(d.columns[2]!.missingShare).toBeCloseTo(1 / 3);
  });

  it('drops a cut-off last row and a cut-off character at the end of a head', () => {
    const full = utf8('name,price\nZoë,1\nJosé,2\nRenée,3');
    const d = detectCsv(full.subarray(0, full.length - 4), { isComplete: false });
    expect(d.sampledRows).toBe(2);
    expect(d.preview).toEqual([
      ['Zoë', '1'],
      ['José', '2'],
    ]);
  });

  it('samples at most maxSampleRows data rows', () => {
    const text = `n\n${Array.from({ length: 50 }, (_, i) => i).join('\n')}\n`;
    const d = detectCsv(utf8(text), { isComplete: true, maxSampleRows: 10 });
    expect(d.sampledRows).toBe(10);
    expect(d.preview).toHaveLength(10);
  });

  it('shows at most 20 preview rows', () => {
    const text = `n\n${Array.from({ length: 50 }, (_, i) => i).join('\n')}\n`;
    expect(detect(text).preview).toHaveLength(20);
    expect(detect(text).sampledRows).toBe(50);
  });

  it.each([
    ['', 'The file is empty'],
    ['\n\r\n  \n', 'The file is empty'],
    ['date,amount\n', 'The file has a header row but no data rows'],
    ['date,amount', 'The file has a header row but no data rows'],
  ])('rejects %j', (text, message) => {
    expect(() => detect(text)).toThrow(UploadError);
    expect(() => detect(text)).toThrow(message);
  });

  it('rejects more than 2,000 columns', () => {
    const header = Array.from({ length: 10_000 }, (_, i) => `c${i}`).join(',');
    const row = Array.from({ length: 10_000 }, () => '1').join(',');
    expect(() => detect(`${header}\n${row}\n`)).toThrow(
      'The file has 10,000 columns; the limit is 2,000. Remove the columns you do not need',
    );
    // Also when the head ends inside the header row.
    expect(() => detect(header.slice(0, 30_000), false)).toThrow(/columns; the limit is 2,000/);
  });

  it('refuses a whole file that ends inside a quoted field, naming the line the quote opens', () => {
    const text = 'id,note\nc1,fine\nc2,"never closed\nc3,more\nc4,rows\n';
    expect(() => detect(text)).toThrow(
      /^Line 3 opens a quoted field \(a " at the start of a field\) that is never closed.*Add the closing " or remove the stray "/,
    );
    // The head of a longer file may end inside a long quoted field: not a problem there.
    expect(detect(text, false).header).toEqual(['id', 'note']);
    // A quote inside an unquoted field is text.
    expect(detect('id,product\nc1,5" screen\nc2,TV\n').preview).toEqual([
      ['c1', '5" screen'],
      ['c2', 'TV'],
    ]);
  });

  it('accepts exactly 2,000 columns', () => {
    const header = Array.from({ length: 2000 }, (_, i) => `c${i}`).join(',');
    const row = Array.from({ length: 2000 }, () => '1').join(',');
    expect(detect(`${header}\n${row}\n`).columns).toHaveLength(2000);
  });

  it('passes encoding errors on', () => {
    expect(() => detectCsv(Uint8Array.from([0xff, 0xfe, 0x61, 0]), { isComplete: true })).toThrow(
      /UTF-16/,
    );
    expect(() =>
      detectCsv(Uint8Array.from([...utf8('a\nZoë\ncaf'), 0xe9, 0x0a]), { isComplete: true }),
    ).toThrow(/line 3/);
  });

  it('reads a Latin-1 file as Windows-1252, saying so', () => {
    const d = detectCsv(
      Uint8Array.from([...utf8('city,n\nMontr'), 0xe9, ...utf8('al,1\nParis,2\n')]),
      {
        isComplete: true,
      },
    );
    expect(d.encoding).toBe('windows-1252');
    expect(d.preview[0]).toEqual(['Montréal', '1']);
    expect(d.warnings[0]).toMatch(/not UTF-8; it is read as Windows-1252/);
  });
});
