import { describe, expect, it } from 'vitest';
import { CellProblem, makeConverter } from '../../src/detect';

const reason = (value: unknown) => (value instanceof CellProblem ? value.reason : value);

describe('makeConverter', () => {
  it('turns empty and blank cells into null for every type', () => {
    for (const type of [
      'date',
      'datetime',
      'integer',
      'decimal',
      'boolean',
      'categorical',
      'identifier',
      'text',
    ] as const) {
      const convert = makeConverter({ name: 'c', type });
      expect(convert('')).toBeNull();
      expect(convert('  ')).toBeNull();
    }
  });

  it('converts dates to YYYY-MM-DD', () => {
    const convert = makeConverter({ name: 'd', type: 'date', dateFormat: 'dmy' });
    expect(convert('05/03/2024')).toBe('2024-03-05');
    expect(convert(' 5.3.2024 ')).toBe('2024-03-05');
    expect(reason(convert('2024-03-05'))).toBe('is not a date in DD/MM/YYYY form');
    expect(reason(convert('30/02/2024'))).toBe('is not a valid date (no 30 February)');
    expect(reason(convert('31/04/2024'))).toBe('is not a valid date (no 31 April)');
    expect(reason(convert('01/13/2024'))).toBe('is not a valid date (there is no month 13)');
  });

  it('defaults to ISO dates', () => {
    const convert = makeConverter({ name: 'd', type: 'date' });
    expect(convert('2024-03-05')).toBe('2024-03-05');
    expect(reason(convert('2023-02-29'))).toBe('is not a valid date (no 29 February)');
    expect(reason(convert('March 5'))).toBe('is not a date in YYYY-MM-DD form');
  });

  it('converts datetimes to ISO UTC strings', () => {
    const convert = makeConverter({ name: 't', type: 'datetime', dateFormat: 'iso' });
    expect(convert('2024-03-05T10:20:30+01:00')).toBe('2024-03-05T09:20:30.000Z');
    expect(convert('2024-03-05')).toBe('2024-03-05T00:00:00.000Z');
    expect(reason(convert('2024-03-05 25:00'))).toBe('is not a valid time of day');
    const epoch = makeConverter({ name: 't', type: 'datetime', dateFormat: 'epoch-ms' });
    expect(epoch('1709633700123')).toBe('2024-03-05T10:15:00.123Z');
    expect(epoch('17096337')).toBe('1970-01-01T04:44:56.337Z'); // the unit is fixed: any size
    expect(reason(epoch('17096337x'))).toBe('is not a Unix timestamp in milliseconds');
    const auto = makeConverter({ name: 't', type: 'datetime', dateFormat: 'epoch' });
    expect(auto('964980499')).toBe('2000-07-30T18:08:19.000Z');
    expect(auto('1700000000')).toBe('2023-11-14T22:13:20.000Z');
    expect(auto('1700000000123')).toBe('2023-11-14T22:13:20.123Z');
    expect(auto('3')).toBe('1970-01-01T00:00:03.000Z');
    expect(reason(auto('soon'))).toBe('is not a Unix timestamp (seconds or milliseconds)');
    expect(reason(auto('99999999999999999'))).toMatch(
      /^is not a Unix timestamp in the years 0001–9999/,
    );
  });

  it('converts integers and rejects fractions', () => {
    const convert = makeConverter({ name: 'n', type: 'integer', decimalSeparator: '.' });
    expect(convert('1,234')).toBe(1234);
    expect(convert('-7')).toBe(-7);
    expect(reason(convert('1.5'))).toBe('is not a whole number');
    expect(reason(convert('abc'))).toBe('is not a number');
  });

  it('converts decimals with either separator', () => {
    const dot = makeConverter({ name: 'n', type: 'decimal', decimalSeparator: '.' });
    expect(dot('$1,234.50')).toBe(1234.5);
    expect(dot('(2.5)')).toBe(-2.5);
    expect(dot('12.5%')).toBe(0.125);
    expect(reason(dot('#DIV/0!'))).toMatch(
      /^is a spreadsheet error, not a number; fix the formula/,
    );
    expect(reason(dot(' #N/A '))).toMatch(/^is a spreadsheet error/);
    expect(reason(dot('#value!'))).toMatch(/^is a spreadsheet error/);
    expect(reason(dot('#hashtag'))).toBe('is not a number');
    const comma = makeConverter({ name: 'n', type: 'decimal', decimalSeparator: ',' });
    expect(comma('1.234,5')).toBe(1234.5);
    expect(comma('5 €')).toBe(5);
    expect(makeConverter({ name: 'n', type: 'decimal' })('3.25')).toBe(3.25);
  });

  it('converts booleans', () => {
    const convert = makeConverter({ name: 'b', type: 'boolean' });
    expect(convert(' Yes')).toBe(true);
    expect(convert('0')).toBe(false);
    expect(reason(convert('maybe'))).toBe('is not yes/no, true/false or 1/0');
  });

  it('trims text-like values', () => {
    for (const type of ['categorical', 'identifier', 'text'] as const) {
      const convert = makeConverter({ name: 's', type });
      expect(convert('  pro ')).toBe('pro');
      expect(convert('007')).toBe('007');
    }
  });
});
