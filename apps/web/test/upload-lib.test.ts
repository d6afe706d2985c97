import type { RoleProposals } from '@foresight/ingest';
import { describe, expect, it } from 'vitest';
import { mappingRoles } from '../src/components/dataset/mapping-roles';
import { checkRoles, parseAmount } from '../src/lib/roles';
import { formatBytes, nameFromFile, normaliseSpec, resultsPath } from '../src/lib/uploads';

const empty: RoleProposals = {
  market: { date: null, values: [], series: null },
  events: { user: null, time: null, event: null, item: null, value: null },
  financials: { date: null, revenue: null, expenses: [], cash: null, startingCash: null },
  customers: { id: null, label: null },
};

describe('checkRoles', () => {
  it('lists the missing required roles', () => {
    const r = checkRoles('market', empty, '');
    expect(r).toEqual({
      ok: false,
      problems: ['Pick the date column', 'Pick at least one value column'],
    });
  });

  it('builds market roles with an optional series', () => {
    const r = checkRoles(
      'market',
      { ...empty, market: { date: 'date', values: ['revenue'], series: null } },
      '',
    );
    expect(r).toEqual({
      ok: true,
      value: { kind: 'market', roles: { date: 'date', values: ['revenue'], series: null } },
    });
  });

  it('needs a cash column or a starting cash amount for financials', () => {
    const financials = {
      date: 'month',
      revenue: 'rev',
      expenses: ['pay'],
      cash: null,
      startingCash: null,
    };
    expect(checkRoles('financials', { ...empty, financials }, '').ok).toBe(false);
    const r = checkRoles('financials', { ...empty, financials }, '$500,000');
    expect(r.ok && r.value.kind === 'financials' && r.value.roles.startingCash).toBe(500000);
  });
});

describe('helpers', () => {
  it('parses amounts', () => {
    expect(parseAmount(' 1,200.5 ')).toBe(1200.5);
    expect(parseAmount('lots')).toBeNull();
    expect(parseAmount('')).toBeNull();
  });
  it.each([
    ['$ 500000', 500000],
    ['-1200.50', -1200.5],
    ['(1,200)', -1200],
    ['€ 12,000', 12000],
    ['EUR 5', 5],
    ['1 000 000', 1e6],
  ])('parses the amount %j as %s', (text, expected) => expect(parseAmount(text)).toBe(expected));
  it.each(['5%', '0x10', '1,2,3', '1e999', '  '])('refuses %j as an amount', (text) =>
    expect(parseAmount(text)).toBeNull(),
  );
  it('keeps only the format fields a type uses', () => {
    expect(normaliseSpec({ name: 'd', type: 'date', decimalSeparator: ',' })).toEqual({
      name: 'd',
      type: 'date',
      dateFormat: 'iso',
    });
    expect(normaliseSpec({ name: 'n', type: 'decimal', dateFormat: 'dmy' })).toEqual({
      name: 'n',
      type: 'decimal',
      decimalSeparator: '.',
    });
    expect(normaliseSpec({ name: 't', type: 'text', dateFormat: 'dmy' })).toEqual({
      name: 't',
      type: 'text',
    });
  });
  it('formats sizes, names and links', () => {
    expect(formatBytes(27 * 1024 * 1024)).toBe('27 MB');
    expect(formatBytes(1.5 * 1024 ** 3)).toBe('1.5 GB');
    expect(nameFromFile('market-sample.csv')).toBe('market-sample');
    expect(resultsPath('events', 'x')).toBe('/churn?dataset=x');
  });
  it('reads mapping roles and ignores older shapes', () => {
    expect(mappingRoles({ roles: { date: 'date', values: ['a', 'b'], series: null } })).toEqual([
      { role: 'date', columns: 'date' },
      { role: 'values', columns: 'a, b' },
    ]);
    expect(mappingRoles({ dateColumn: 'date' })).toEqual([]);
    expect(mappingRoles(null)).toEqual([]);
  });
});
