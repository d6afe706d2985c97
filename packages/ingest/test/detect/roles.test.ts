import { describe, expect, it } from 'vitest';
import { detectCsv, guessKind, inferColumn, proposeAll, proposeRoles } from '../../src/detect';

const utf8 = (s: string) => new TextEncoder().encode(s);
const rows = (n: number, f: (i: number) => string) =>
  Array.from({ length: n }, (_, i) => f(i)).join('\n');
const detect = (header: string, n: number, f: (i: number) => string) =>
  detectCsv(utf8(`${header}\n${rows(n, f)}\n`), { isComplete: true });
const day = (i: number) =>
  `2024-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`;

describe('role proposals', () => {
  it('market: date, numeric values and a series', () => {
    const d = detect(
      'Date,Ticker,Open,Close,Volume',
      60,
      (i) => `${day(i)},${['AAPL', 'MSFT'][i % 2]},${100 + i}.5,${101 + i}.25,${1000 * i}`,
    );
    expect(d.kindGuess).toBe('market');
    expect(d.proposals.market).toEqual({
      date: 'Date',
      values: ['Open', 'Close', 'Volume'],
      series: 'Ticker',
    });
  });

  it('events: user id with repeats, timestamp, event, item, value', () => {
    const d = detect(
      'event_time,user_id,event_name,product_id,amount',
      200,
      (i) =>
        `${day(i)}T10:${String(i % 60).padStart(2, '0')}:00Z,u${i % 17},${['view', 'cart', 'purchase'][i % 3]},p${i % 40},${(i % 7) * 3}.99`,
    );
    expect(d.columns.map((c) => c.type)).toEqual([
      'datetime',
      'identifier',
      'categorical',
      'identifier',
      'decimal',
    ]);
    expect(d.kindGuess).toBe('events');
    expect(d.proposals.events).toEqual({
      user: 'user_id',
      time: 'event_time',
      event: 'event_name',
      item: 'product_id',
      value: 'amount',
    });
  });

  it('events: a ratings log with 9-digit epoch seconds (MovieLens) has its time column', () => {
    const d = detect(
      'userId,movieId,rating,timestamp',
      100,
      (i) => `${1 + (i % 7)},${(i * 37) % 500},${1 + (i % 5)}.0,${964980499 + i * 613}`,
    );
    expect(d.columns.find((c) => c.name === 'timestamp')).toMatchObject({
      type: 'datetime',
      dateFormat: 'epoch',
    });
    expect(d.kindGuess).toBe('events');
    expect(d.proposals.events).toMatchObject({ user: 'userId', time: 'timestamp' });
  });

  it('events: epoch timestamps and numeric user ids', () => {
    const d = detect(
      'userId,ts,action',
      100,
      (i) => `${i % 9},${1709633700 + i * 60},${['open', 'click'][i % 2]}`,
    );
    expect(d.kindGuess).toBe('events');
    expect(d.proposals.events).toMatchObject({ user: 'userId', time: 'ts', event: 'action' });
  });

  it('financials: period, revenue, expense lines, cash', () => {
    const d = detect(
      'Month,Revenue,Payroll,Rent,Hosting costs,Net income,Cash balance',
      24,
      (i) =>
        `${day(i).slice(0, 7)},${1000 + i * 100},${800},${200},${50 + i},${-50 + i},${50000 - i * 1000}`,
    );
    expect(d.kindGuess).toBe('financials');
    expect(d.proposals.financials).toEqual({
      date: 'Month',
      revenue: 'Revenue',
      expenses: ['Payroll', 'Rent', 'Hosting costs'],
      cash: 'Cash balance',
      startingCash: null,
    });
  });

  it('financials: "current" is not rent and MRR is revenue', () => {
    const d = detect(
      'period,mrr,current_assets,salaries',
      12,
      (i) => `${day(i)},${i * 10},${i},${5}`,
    );
    expect(d.proposals.financials).toMatchObject({
      revenue: 'mrr',
      expenses: ['salaries'],
      cash: null,
    });
  });

  it('customers: unique id and a churn label', () => {
    const d = detect(
      'customer_id,plan,seats,churned',
      100,
      (i) => `c${1000 + i},${['free', 'pro'][i % 2]},${i % 10},${i % 3 === 0 ? 'yes' : 'no'}`,
    );
    expect(d.kindGuess).toBe('customers');
    expect(d.proposals.customers).toEqual({ id: 'customer_id', label: 'churned' });
  });

  it('customers with a signup date and a label are still customers', () => {
    const d = detect('email,signup_date,Cancelled', 50, (i) => `p${i}@x.io,${day(i)},${i % 2}`);
    expect(d.columns.map((c) => c.type)).toEqual(['identifier', 'date', 'boolean']);
    expect(d.kindGuess).toBe('customers');
    expect(d.proposals.customers).toEqual({ id: 'email', label: 'Cancelled' });
  });

  it('leaves roles it cannot find empty', () => {
    const long = 'a long free-text note about this customer that nobody will group by';
    const columns = [inferColumn('notes', [long, `${long}!`])];
    expect(columns[0]!.type).toBe('text');
    expect(proposeAll(columns)).toEqual({
      market: { date: null, values: [], series: null },
      events: { user: null, time: null, event: null, item: null, value: null },
      financials: { date: null, revenue: null, expenses: [], cash: null, startingCash: null },
      customers: { id: null, label: null },
    });
    expect(guessKind(columns)).toBeNull();
  });

  it('proposeRoles gives one kind', () => {
    const columns = [
      inferColumn('day', ['2024-01-01', '2024-01-02']),
      inferColumn('price', ['1', '2.5']),
    ];
    expect(proposeRoles('market', columns)).toEqual({
      date: 'day',
      values: ['price'],
      series: null,
    });
    expect(guessKind(columns)).toBe('market');
  });

  it('does not use id columns as market values', () => {
    const columns = [
      inferColumn('date', ['2024-01-01', '2024-01-02']),
      inferColumn('store_id', ['1', '2']),
      inferColumn('sales', ['10', '20']),
    ];
    expect(proposeRoles('market', columns).values).toEqual(['sales']);
  });
});

describe('role names', () => {
  it('matches short time and revenue words whole, not inside other words', () => {
    const columns = [
      inferColumn('attribute_date', ['2024-01-01T10:00:00Z', '2024-01-02T10:00:00Z']),
      inferColumn('created_at', ['2024-01-01T10:00:00Z', '2024-01-02T10:00:00Z']),
      inferColumn('user_id', ['u1', 'u1']),
    ];
    expect(proposeRoles('events', columns).time).toBe('attribute_date');
    expect(proposeRoles('events', columns.slice(1)).time).toBe('created_at');
    const money = [
      inferColumn('month', ['2024-01', '2024-02']),
      inferColumn('arrears', ['1', '2']),
      inferColumn('ARR', ['10', '20']),
      inferColumn('fees', ['1', '1']),
    ];
    expect(proposeRoles('financials', money)).toMatchObject({ revenue: 'ARR', expenses: ['fees'] });
  });
});
