import { describe, expect, it } from 'vitest';
import {
  guessCustomerColumns,
  guessEventColumns,
  guessFinancialColumns,
  guessMarketColumns,
  parseCsvRows,
} from '../src/lib/csv-sniff';

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
    const csv =
      'month,MRR,Payroll,Hosting,Marketing spend,Cash balance,notes\n2024-01,10000,8000,1200,500,250000,ok\n2024-02,11000,8100,1250,700,251000,\n';
    expect(guessFinancialColumns(csv)).toMatchObject({
      date: 'month',
      revenue: 'MRR',
      expenses: ['Payroll', 'Hosting', 'Marketing spend'],
      cash: 'Cash balance',
    });
  });
});

describe('guessEventColumns', () => {
  it('finds user, time, event, item and value', () => {
    const csv =
      'user_id,timestamp,event,product,amount\nu1,2024-01-01T10:00:00Z,view,p1,0\nu2,2024-01-01T11:00:00Z,buy,p2,12.5\n';
    expect(guessEventColumns(csv)).toMatchObject({
      user: 'user_id',
      time: 'timestamp',
      event: 'event',
      item: 'product',
      value: 'amount',
    });
  });
});

describe('guessCustomerColumns', () => {
  it('finds a unique id and a yes/no churn label', () => {
    const csv = 'customer_id,plan,seats,churned\nc1,pro,5,no\nc2,free,1,yes\nc3,pro,3,no\n';
    expect(guessCustomerColumns(csv)).toMatchObject({ id: 'customer_id', label: 'churned' });
  });
});

import { toCsv } from '../src/lib/csv-export';

describe('toCsv', () => {
  it('quotes and neutralises formula injection', () => {
    expect(
      toCsv(
        ['id', 'note'],
        [
          ['=HYPERLINK("x")', 'a,b'],
          ['c', 1.5],
        ],
      ),
    ).toBe('id,note\n"\'=HYPERLINK(""x"")","a,b"\nc,1.5\n');
  });
});
