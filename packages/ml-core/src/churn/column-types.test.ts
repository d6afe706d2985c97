import { describe, expect, it } from 'vitest';
import { inferColumnType, parseDate, parseLabels, parseNumber } from './column-types';
import { ChurnInputError } from './errors';

const many = (values: string[], times: number): string[] =>
  Array.from({ length: times }, (_, i) => values[i % values.length] as string);

describe('column typing', () => {
  it('parses numbers with currency, thousands separators, percent and accounting negatives', () => {
    expect(parseNumber('$1,234.50')).toBe(1234.5);
    expect(parseNumber('15%')).toBe(15);
    expect(parseNumber('(12.5)')).toBe(-12.5);
    expect(parseNumber(' 3e2 ')).toBe(300);
    expect(Number.isNaN(parseNumber('12 apples'))).toBe(true);
  });

  it('parses ISO and day/month dates and rejects impossible ones', () => {
    expect(parseDate('2024-02-29')).toBe(Date.UTC(2024, 1, 29));
    expect(parseDate('31/01/2024', 'dmy')).toBe(Date.UTC(2024, 0, 31));
    expect(parseDate('01/31/2024', 'mdy')).toBe(Date.UTC(2024, 0, 31));
    expect(Number.isNaN(parseDate('31/02/2024', 'dmy'))).toBe(true);
  });

  it('types numeric, boolean, date, categorical, id, constant and empty columns', () => {
    expect(inferColumnType('charges', ['$10.00', '1,200.50', '', null, '7']).kind).toBe('numeric');
    expect(inferColumnType('partner', ['Yes', 'No', 'yes', null]).kind).toBe('boolean');
    expect(inferColumnType('flag', ['1', '0', '0', '1']).kind).toBe('boolean');
    expect(inferColumnType('signup', ['2024-01-05', '2024-03-09', 'NA']).kind).toBe('date');
    const dmy = inferColumnType('joined', ['25/01/2024', '03/02/2024']);
    expect(dmy).toMatchObject({ kind: 'date', dateOrder: 'dmy' });
    expect(inferColumnType('plan', many(['basic', 'pro', 'team'], 30)).kind).toBe('categorical');
    const ids = Array.from({ length: 40 }, (_, i) => `cust-${i}`);
    expect(inferColumnType('whatever', ids).kind).toBe('id');
    const numericIds = Array.from({ length: 40 }, (_, i) => String(1000 + i));
    expect(inferColumnType('account_id', numericIds).kind).toBe('id');
    expect(inferColumnType('balance', numericIds).kind).toBe('numeric');
    expect(inferColumnType('country', many(['US'], 10)).kind).toBe('constant');
    expect(inferColumnType('notes', ['', null, 'NA']).kind).toBe('empty');
  });
});

describe('label parsing', () => {
  it('reads the usual yes/no spellings and reports which values are positive', () => {
    const parsed = parseLabels('churned', [
      'Yes',
      'no',
      'TRUE',
      '0',
      'churned',
      'active',
      '',
      null,
    ]);
    expect(Array.from(parsed.labels.slice(0, 6))).toEqual([1, 0, 1, 0, 1, 0]);
    expect(Number.isNaN(parsed.labels[6] as number)).toBe(true);
    expect(Number.isNaN(parsed.labels[7] as number)).toBe(true);
    expect(parsed.positive).toEqual(['Yes', 'TRUE', 'churned']);
  });

  it('throws ChurnInputError naming the column and the unrecognised value', () => {
    const attempt = () => parseLabels('churned', ['yes', 'no', 'maybe']);
    expect(attempt).toThrow(ChurnInputError);
    expect(attempt).toThrow(/label column "churned": value "maybe" \(row 3\) is not yes\/no/);
    try {
      attempt();
    } catch (error) {
      expect(error).toMatchObject({ column: 'churned', value: 'maybe' });
    }
  });

  it('accepts any binary column with positiveLabel, and rejects a third value', () => {
    const parsed = parseLabels('tier', ['Gold', 'Silver', 'gold'], 'gold');
    expect(Array.from(parsed.labels)).toEqual([1, 0, 1]);
    expect(() => parseLabels('tier', ['Gold', 'Silver', 'Bronze'], 'Gold')).toThrow(
      /more than two values/,
    );
  });
});
