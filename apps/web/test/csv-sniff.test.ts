import { describe, expect, it } from 'vitest';
import { guessFinancialColumns, guessMarketColumns, parseCsvRows } from '../src/lib/csv-sniff';

describe('parseCsvRows', () => {
  it('handles quotes, escaped quotes, CRLF and a BOM', () => {
    expect(parseCsvRows('\uFEFFa,b\r\n"x, y","say ""hi"""\r\n', 10)).toEqual([
      ['a', 'b'],
      ['x, y', 'say "hi"'],
    ]);
  });
});

describe('guessMarketColumns', () => {
  it('finds date, value and series columns', () => {
    const csv =
      'region,month,revenue\nnorth,2024-01,"1,200"\nsouth,2024-01,900\nnorth,2024-02,1300\n';
    expect(guessMarketColumns(csv)).toMatchObject({
      date: 'month',
      value: 'revenue',
      series: 'region',
    });
  });

  it('leaves the series empty for a single series', () => {
    const csv = 'date,visits\n2024-01-01,10\n2024-01-02,12\n';
    expect(guessMarketColumns(csv)).toMatchObject({ date: 'date', value: 'visits', series: null });
  });
});

describe('guessFinancialColumns', () => {
  it('finds period, revenue, cost columns and the cash balance', () => {
    const csv = 'month,MRR,Payroll,Hosting,Marketing spend,Cash balance,notes\n2024-01,10000,8000,1200,500,250000,ok\n2024-02,11000,8100,1250,700,251000,\n';
    expect(guessFinancialColumns(csv)).toMatchObject({
      date: 'month',
      revenue: 'MRR',
      expenses: ['Payroll', 'Hosting', 'Marketing spend'],
      cash: 'Cash balance',
    });
  });
});
