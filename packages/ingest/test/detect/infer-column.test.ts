import { describe, expect, it } from 'vitest';
import { inferColumn } from '../../src/detect';

const many = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i));

describe('inferColumn', () => {
  it('calls an all-empty column text and warns', () => {
    const column = inferColumn('notes', ['', ' ', '']);
    expect(column).toMatchObject({
      type: 'text',
      missingShare: 1,
      examples: [],
      warnings: ['column is empty in the sample'],
    });
  });

  it('fills missingShare and up to five distinct examples', () => {
    const column = inferColumn('qty', ['1', '', '2', '2', '3', '4', '5', '6', '']);
    expect(column.type).toBe('integer');
    expect(column.missingShare).toBeCloseTo(2 / 9);
    expect(column.examples).toEqual(['1', '2', '3', '4', '5']);
  });

  it('finds booleans before numbers', () => {
    expect(inferColumn('churned', ['0', '1', '1', '0']).type).toBe('boolean');
    expect(inferColumn('active', ['Yes', 'no', '']).type).toBe('boolean');
    expect(inferColumn('count', ['1', '1', '1']).type).toBe('integer');
  });

  it('finds dates and datetimes with their format', () => {
    expect(inferColumn('day', ['2024-03-05', '2024-03-06'])).toMatchObject({
      type: 'date',
      dateFormat: 'iso',
      warnings: [],
    });
    expect(inferColumn('at', ['2024-03-05T10:00:00Z', '2024-03-05'])).toMatchObject({
      type: 'datetime',
      dateFormat: 'iso',
    });
    expect(inferColumn('ts', ['1709633700', '1709720100'])).toMatchObject({
      type: 'datetime',
      dateFormat: 'epoch',
    });
    expect(inferColumn('date', ['25/12/2024', '01/02/2024'])).toMatchObject({
      type: 'date',
      dateFormat: 'dmy',
      warnings: [],
    });
  });

  it('warns in plain English when day and month order is ambiguous', () => {
    const column = inferColumn('date', ['03/04/2024', '05/06/2024']);
    expect(column).toMatchObject({ type: 'date', dateFormat: 'dmy' });
    expect(column.warnings).toHaveLength(1);
    expect(column.warnings[0]).toContain('"03/04/2024" could be day-first or month-first');
    expect(column.warnings[0]).toContain('assumed day-first');
  });

  it('keeps a type at 98% and reports the rest with an example', () => {
    const values = [
      ...many(498, (i) => `2024-01-${String((i % 28) + 1).padStart(2, '0')}`),
      'N/A',
      'N/A',
    ];
    const column = inferColumn('date', values);
    expect(column.type).toBe('date');
    expect(column.warnings).toEqual([
      '2 of 500 sampled values are not dates, e.g. "N/A"; they will be rejected or skipped',
    ]);
    const numbers = inferColumn('price', [...many(99, (i) => `${i}.5`), '#N/A']);
    expect(numbers.type).toBe('decimal');
    expect(numbers.warnings).toEqual([
      '1 of 100 sampled values is not a number, e.g. "#N/A"; it will be rejected or skipped',
    ]);
  });

  it('says why a mostly-date or mostly-number column fell back to text, naming the bad cells', () => {
    const dates = Array.from(
      { length: 40 },
      (_, i) => `2024-03-${String((i % 28) + 1).padStart(2, '0')}`,
    );
    dates[3] = 'soon';
    dates[9] = '2024-02-30';
    const column = inferColumn('signup', dates);
    expect(column.type).not.toBe('date');
    expect(column.warnings.join(' ')).toMatch(
      /read as text: 38 of 40 sampled values are dates but "soon", "2024-02-30" are not; .*written like "2024-03-01"/,
    );
    const amounts = Array.from({ length: 30 }, (_, i) => String(100 + i * 7));
    amounts[5] = 'about 90';
    expect(inferColumn('amount', amounts).warnings.join(' ')).toMatch(
      /29 of 30 sampled values are numbers but "about 90" is not/,
    );
    // Ordinary text is not a near miss.
    expect(inferColumn('plan', ['pro', 'free', 'team', 'pro']).warnings).toEqual([]);
  });

  it('does not take a year column for dates', () => {
    expect(inferColumn('year', ['2022', '2023', '2024'])).toMatchObject({
      type: 'integer',
      decimalSeparator: '.',
    });
  });

  it('tells integers from decimals and keeps the decimal separator', () => {
    expect(inferColumn('n', ['1,000', '2'])).toMatchObject({
      type: 'integer',
      decimalSeparator: '.',
    });
    expect(inferColumn('amount', ['1.234,56', '7,5'])).toMatchObject({
      type: 'decimal',
      decimalSeparator: ',',
    });
    expect(inferColumn('share', ['50%', '25%'])).toMatchObject({ type: 'decimal' });
    expect(inferColumn('price', ['$5', '$1,200.50'])).toMatchObject({ type: 'decimal' });
  });

  it('warns when 1.234 or 1,234 could be read either way', () => {
    const dot = inferColumn('amount', ['1.234', '5.678']);
    expect(dot).toMatchObject({ type: 'decimal', decimalSeparator: '.' });
    expect(dot.warnings).toEqual([
      'numbers like "1.234" could have "." or "," as the decimal separator; assumed "." (so "1.234" reads as 1.234)',
    ]);
    const comma = inferColumn('amount', ['1,234', '12']);
    expect(comma).toMatchObject({ type: 'integer', decimalSeparator: '.' });
    expect(comma.warnings[0]).toContain('"1,234" reads as 1234');
    expect(inferColumn('amount', ['1,234', '2.5']).warnings).toEqual([]);
  });

  it('makes integer columns named like ids identifiers', () => {
    expect(inferColumn('user_id', ['1', '2', '1', '3']).type).toBe('identifier');
    expect(inferColumn('customerId', ['10', '11']).type).toBe('identifier');
    expect(inferColumn('Order ID', ['10', '11']).type).toBe('identifier');
    expect(
      inferColumn(
        'account',
        many(30, (i) => String(1000 + i)),
      ).type,
    ).toBe('identifier');
    expect(inferColumn('zip', ['02134', '10001', '02134']).type).toBe('categorical');
    expect(inferColumn('paid', ['10', '20']).type).toBe('integer');
    expect(
      inferColumn(
        'active_users',
        many(30, (i) => String(100 + i)),
      ).type,
    ).toBe('integer');
  });

  it('reads 9-digit epoch seconds as datetimes when the name says time, else as numbers', () => {
    const seconds = many(30, (i) => String(964980499 + i * 3_607));
    expect(inferColumn('timestamp', seconds)).toMatchObject({
      type: 'datetime',
      dateFormat: 'epoch',
      warnings: [],
    });
    expect(inferColumn('created_at', seconds)).toMatchObject({ type: 'datetime' });
    expect(inferColumn('amount_cents', seconds).type).toBe('integer');
  });

  it('does not read ten-digit ids as epoch seconds', () => {
    expect(inferColumn('customer_id', ['1709633700', '1709720100']).type).toBe('identifier');
  });

  it('finds UUIDs, emails and unique codes as identifiers', () => {
    expect(
      inferColumn('x', [
        '3f2b8c1e-9d4a-4b6f-8e2a-1c3d5e7f9a0b',
        '7a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d',
      ]).type,
    ).toBe('identifier');
    expect(inferColumn('contact', ['a@x.io', 'b@y.com']).type).toBe('identifier');
    expect(
      inferColumn(
        'ref',
        many(50, (i) => `ORD-${10000 + i}`),
      ).type,
    ).toBe('identifier');
    expect(
      inferColumn(
        'user',
        many(50, (i) => `u${i}`),
      ).type,
    ).toBe('identifier');
  });

  it('tells categorical from text', () => {
    const plans = many(200, (i) => ['free', 'pro', 'team'][i % 3]!);
    expect(inferColumn('plan', plans).type).toBe('categorical');
    expect(
      inferColumn(
        'name',
        many(50, (i) => `Person number ${i}`),
      ).type,
    ).toBe('text');
    const comments = many(
      5,
      (i) => `This is a long free-text comment about the order, number ${i} of five`,
    );
    expect(inferColumn('comment', comments).type).toBe('text');
    // Many distinct values, but few relative to the sample: still categorical.
    const cities = many(2000, (i) => `City ${i % 90}`);
    expect(inferColumn('city', cities).type).toBe('categorical');
    expect(
      inferColumn(
        'city',
        many(2000, (i) => `City ${i % 150}`),
      ).type,
    ).toBe('text');
  });
});
