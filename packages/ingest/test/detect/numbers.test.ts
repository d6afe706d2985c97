import { describe, expect, it } from 'vitest';
import {
  inferNumberFormat,
  isBooleanColumn,
  parseBoolean,
  parseNumberValue,
} from '../../src/detect';

describe('parseNumberValue', () => {
  it.each([
    ['42', '.', 42],
    ['-3.5', '.', -3.5],
    ['+7', '.', 7],
    ['.5', '.', 0.5],
    ['1e3', '.', 1000],
    ['1.5E-3', '.', 0.0015],
    ['1,234,567.89', '.', 1234567.89],
    ['1.234.567,89', ',', 1234567.89],
    ['1 234,5', ',', 1234.5],
    ['1\u00a0234,5', ',', 1234.5],
    ['1\u202f234\u202f567', '.', 1234567],
    ["1'234.5", '.', 1234.5],
    ['1,5', ',', 1.5],
    ['1,234', '.', 1234],
    ['1,234', ',', 1.234],
    ['$1,200', '.', 1200],
    ['-$5', '.', -5],
    ['$-5', '.', -5],
    ['€12.50', '.', 12.5],
    ['5 €', '.', 5],
    ['12,50 €', ',', 12.5],
    ['£3', '.', 3],
    ['¥1000', '.', 1000],
    ['₹2,50,000', '.', null],
    ['CHF 1’234.50', '.', 1234.5],
    ['USD 99', '.', 99],
    ['99 EUR', '.', 99],
    ['12.5%', '.', 0.125],
    ['12,5 %', ',', 0.125],
    ['-3%', '.', -0.03],
    ['(1,234.50)', '.', -1234.5],
    ['($12)', '.', -12],
    ['\u22125', '.', -5],
    ['  8  ', '.', 8],
    ['-0', '.', 0],
    ['12345678901234567890', '.', 12345678901234567000],
    ['0.1', '.', 0.1],
    ['007', '.', 7],
  ] as const)('%j with %s → %s', (raw, separator, expected) =>
    expect(parseNumberValue(raw, separator)).toBe(expected),
  );

  it.each([
    '',
    ' ',
    '#DIV/0!',
    '#N/A',
    '#VALUE!',
    'NaN',
    'Infinity',
    '-Infinity',
    '1e400',
    'abc',
    '12abc',
    '1,2,3',
    '1,23,4',
    '1.2.3',
    '2024-03-05',
    '10:20',
    '--5',
    '$$5',
    '5-',
    '1e',
    'XYZ 5',
    '0x1F',
  ])('%j is not a number', (raw) => expect(parseNumberValue(raw, '.')).toBeNull());

  it('rejects a decimal-point number when the separator is a comma', () => {
    expect(parseNumberValue('1,234.56', ',')).toBeNull();
    expect(parseNumberValue('1.234,56', '.')).toBeNull();
  });
});

describe('inferNumberFormat', () => {
  it('detects integers', () => {
    expect(inferNumberFormat(['1', '22', '-3', '1,000', ''])).toEqual(
      expect.objectContaining({ decimalSeparator: '.', integer: true, percent: false }),
    );
  });

  it('detects decimals with a point', () => {
    expect(inferNumberFormat(['1,234.56', '2.5', '3'])).toMatchObject({
      decimalSeparator: '.',
      integer: false,
    });
  });

  it('detects decimal commas from 1,5 or 1.234,56', () => {
    expect(inferNumberFormat(['1,5', '2', '3,25'])).toMatchObject({ decimalSeparator: ',' });
    expect(inferNumberFormat(['1.234,56', '2.000'])).toMatchObject({
      decimalSeparator: ',',
      integer: false,
    });
  });

  it('reads 1.234 alone with a decimal point, flagged ambiguous', () => {
    expect(inferNumberFormat(['1.234', '5.678'])).toMatchObject({
      decimalSeparator: '.',
      integer: false,
      ambiguous: true,
    });
    expect(inferNumberFormat(['1.5', '2'])).toMatchObject({ ambiguous: false });
  });

  it('detects percentages and currency', () => {
    expect(inferNumberFormat(['12.5%', '3%'])).toMatchObject({ percent: true, integer: false });
    expect(inferNumberFormat(['$5', '$1,200', '($30)'])).toMatchObject({ integer: true });
  });

  it('notes leading zeros', () => {
    expect(inferNumberFormat(['02134', '10001'])).toMatchObject({ leadingZeros: true });
  });

  it('is null for non-numbers, Excel errors beyond 2% and empty columns', () => {
    expect(inferNumberFormat(['a', 'b'])).toBeNull();
    expect(inferNumberFormat(['1', '#N/A', '3'])).toBeNull();
    expect(inferNumberFormat(['', ''])).toBeNull();
  });

  it('tolerates up to 2% bad values', () => {
    expect(inferNumberFormat([...Array(99).fill('5'), '#N/A'])).toMatchObject({ parsed: 99 });
  });
});

describe('parseBoolean', () => {
  it.each([
    ['yes', true],
    [' Yes ', true],
    ['Y', true],
    ['TRUE', true],
    ['t', true],
    ['1', true],
    ['no', false],
    ['N', false],
    ['false', false],
    ['F', false],
    ['0', false],
    ['maybe', null],
    ['', null],
    ['2', null],
    ['yess', null],
  ] as const)('%j → %s', (raw, expected) => expect(parseBoolean(raw)).toBe(expected));
});

describe('isBooleanColumn', () => {
  it('accepts two boolean spellings', () => {
    expect(isBooleanColumn(['yes', 'No', 'YES', ''])).toBe(true);
    expect(isBooleanColumn(['true', 'false'])).toBe(true);
    expect(isBooleanColumn(['0', '1', '1'])).toBe(true);
  });

  it('accepts a single yes/no spelling but not only 1s or 0s', () => {
    expect(isBooleanColumn(['no', 'no'])).toBe(true);
    expect(isBooleanColumn(['1', '1'])).toBe(false);
    expect(isBooleanColumn(['0'])).toBe(false);
  });

  it('rejects more than two spellings or non-boolean values', () => {
    expect(isBooleanColumn(['yes', 'no', 'y'])).toBe(false);
    expect(isBooleanColumn(['0', '1', '2'])).toBe(false);
    expect(isBooleanColumn(['', ''])).toBe(false);
  });
});
