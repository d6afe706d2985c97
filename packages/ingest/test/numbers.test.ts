import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseNumber, type NumberOptions } from '../src/numbers';

const DOT: NumberOptions = { decimalSeparator: '.' };
const COMMA: NumberOptions = { decimalSeparator: ',' };
const POINTS: NumberOptions = { percent: 'points' };
const REFUSE: NumberOptions = { percent: 'refuse' };

describe('parseNumber, the one number parser', () => {
  it.each<[string, string, NumberOptions, number | null]>([
    // plain numbers
    ['integer', '42', {}, 42],
    ['signs', '-3.5', {}, -3.5],
    ['plus sign', '+7', {}, 7],
    ['unicode minus', '\u22125', {}, -5],
    ['leading decimal point', '.5', {}, 0.5],
    ['trailing decimal point', '5.', {}, 5],
    ['leading zeros', '007', {}, 7],
    ['negative zero is zero', '-0', {}, 0],
    ['exact decimals', '0.1', {}, 0.1],
    ['padding', '  8\t', {}, 8],
    ['no-break padding', '\u00a08\u00a0', {}, 8],
    // scientific notation
    ['exponent', '1e3', {}, 1000],
    ['negative exponent', '1.5E-3', {}, 0.0015],
    ['exponent with currency', '$1.5e6', {}, 1.5e6],
    // thousands separators, decimal point
    ['comma groups', '1,234,567.89', DOT, 1234567.89],
    ['comma group, no decimals', '1,234', DOT, 1234],
    ['apostrophe groups', "1'234.5", DOT, 1234.5],
    ['right-quote groups', '1\u2019234.5', DOT, 1234.5],
    ['space groups', '1 000 000', DOT, 1000000],
    ['narrow no-break groups', '1\u202f234\u202f567', DOT, 1234567],
    // decimal comma
    ['dot groups, decimal comma', '1.234.567,89', COMMA, 1234567.89],
    ['space group, decimal comma', '1 234,5', COMMA, 1234.5],
    ['no-break group, decimal comma', '1\u00a0234,5', COMMA, 1234.5],
    ['decimal comma', '1,5', COMMA, 1.5],
    ['1,234 with a decimal comma', '1,234', COMMA, 1.234],
    ['leading decimal comma', ',5', COMMA, 0.5],
    // currency
    ['dollar', '$1,200', {}, 1200],
    ['dollar and space', '$ 500000', {}, 500000],
    ['sign before currency', '-$5', {}, -5],
    ['sign after currency', '$-5', {}, -5],
    ['euro before', '€12.50', {}, 12.5],
    ['euro after', '5 €', {}, 5],
    ['euro after, decimal comma', '12,50 €', COMMA, 12.5],
    ['pound', '£3', {}, 3],
    ['yen', '¥1000', {}, 1000],
    ['code before', 'USD 99', {}, 99],
    ['code after', '99 EUR', {}, 99],
    ['code and quote groups', 'CHF 1’234.50', {}, 1234.5],
    // parentheses
    ['parentheses', '(1,234.50)', {}, -1234.5],
    ['currency in parentheses', '($12)', {}, -12],
    ['parentheses after currency', '$(12)', {}, -12],
    // percentages
    ['percent as a fraction (default)', '12.5%', {}, 0.125],
    ['negative percent', '-3%', {}, -0.03],
    ['spaced percent, decimal comma', '12,5 %', COMMA, 0.125],
    ['percent in points', '5%', POINTS, 5],
    ['percent in points, decimals', '2.5 %', POINTS, 2.5],
    ['points without %', '-1.5', POINTS, -1.5],
    ['percent with an exponent, in points', '1e1%', POINTS, 10],
    ['percent refused', '5%', REFUSE, null],
    ['no percent, refuse mode', '500,000', REFUSE, 500000],
    // large values
    ['more than 15 digits', '12345678901234567890', {}, 12345678901234567000],
  ])('%s: %j → %s', (_, text, options, expected) =>
    expect(parseNumber(text, options)).toBe(expected),
  );

  it.each([
    '',
    ' ',
    'abc',
    '12abc',
    'lots',
    'NaN',
    'Infinity',
    '-Infinity',
    '1e400',
    '1e999',
    '0x10',
    '0x1F',
    '#N/A',
    '#DIV/0!',
    '#VALUE!',
    '1,2,3',
    '1,23,4',
    '1.2.3',
    '1,5', // a decimal comma is not read with the default '.'
    '1.234,56',
    '₹2,50,000', // lakh grouping
    '1 0',
    '2024-03-05',
    '10:20',
    '--5',
    '$$5',
    '5-',
    '1e',
    '.',
    '-',
    '%',
    '$',
    '()',
    'XYZ 5',
  ])('%j is not a number', (text) => expect(parseNumber(text)).toBeNull());

  it('reads 1,234.56 only with a decimal point and 1.234,56 only with a decimal comma', () => {
    expect(parseNumber('1,234.56', COMMA)).toBeNull();
    expect(parseNumber('1.234,56', DOT)).toBeNull();
    expect(parseNumber('1.234,56', COMMA)).toBe(1234.56);
  });

  it('refuses in every percent mode what is not a number', () => {
    for (const percent of ['fraction', 'points', 'refuse'] as const) {
      expect(parseNumber('12abc%', { percent })).toBeNull();
      expect(parseNumber('%5', { percent })).toBeNull();
    }
  });
});

describe('@foresight/ingest/numbers', () => {
  it('is browser-safe: the subpath imports nothing but its pure sibling', () => {
    const imports = (file: string) =>
      [
        ...readFileSync(new URL(`../src/${file}`, import.meta.url), 'utf8').matchAll(
          /from '([^']+)'/g,
        ),
      ].map((m) => m[1]);
    expect(imports('numbers.ts')).toEqual(['./spaces']);
    expect(imports('spaces.ts')).toEqual([]);
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    expect(pkg.exports['./numbers']).toBe('./src/numbers.ts');
  });
});
