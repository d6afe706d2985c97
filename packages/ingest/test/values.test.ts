import { describe, expect, it } from 'vitest';
import { parseDate, parseNumber } from '../src/values';

describe('parseDate', () => {
  it.each([
    ['2024-03-05', '2024-03-05'],
    ['2024-03-05T10:20:00Z', '2024-03-05'],
    ['2024-03-05 10:20:00', '2024-03-05'],
    ['2024/3/5', '2024-03-05'],
    ['2024-03', '2024-03-01'],
    [' 2024-12-31 ', '2024-12-31'],
    ['2024-02-29', '2024-02-29'],
  ])('reads %s', (raw, expected) => expect(parseDate(raw)).toBe(expected));

  it.each(['2023-02-29', '2024-13-01', '2024-00-10', '31/02/2024', 'yesterday', '', '2024-1-1x'])(
    'rejects %s',
    (raw) => expect(parseDate(raw)).toBeNull(),
  );
});

describe('parseNumber', () => {
  it.each([
    ['42', 42],
    ['-3.5', -3.5],
    ['1e3', 1000],
    ['1,234,567.25', 1234567.25],
    ['$1,200', 1200],
    ['-€12.5', -12.5],
    ['(300)', -300],
    ['.5', 0.5],
  ])('reads %s', (raw, expected) => expect(parseNumber(raw)).toBe(expected));

  it.each(['', 'abc', '12,34', '1.2.3', 'NaN', 'Infinity', '1e999', '--1'])('rejects %s', (raw) =>
    expect(parseNumber(raw)).toBeNull(),
  );
});
