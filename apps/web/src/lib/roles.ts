import type { DataKind, KindRoles, RoleProposal, RoleProposals } from '@foresight/ingest';
import { parseNumber } from '@foresight/ingest/numbers';

/** The confirmed roles for one kind, as `uploads.ingest` takes them. */
export type KindAndRoles = { [K in DataKind]: { kind: K; roles: KindRoles[K] } }[DataKind];

export type RolesCheck = { ok: true; value: KindAndRoles } | { ok: false; problems: string[] };

/**
 * An amount of money as typed ("500,000", "$ 500000", "-1200.50", "(1,200)", "EUR 5"), read by the
 * ingest's number parser; null when empty, not a number or a percentage.
 */
export function parseAmount(text: string): number | null {
  return parseNumber(text, { percent: 'refuse' });
}

/**
 * The client-side check before "Import": every required role is filled (the server validates
 * again with the same rules).
 */
export function checkRoles(
  kind: DataKind,
  proposals: RoleProposals,
  startingCash: string,
): RolesCheck {
  switch (kind) {
    case 'market':
      return checkMarket(proposals.market);
    case 'events':
      return checkEvents(proposals.events);
    case 'financials':
      return checkFinancials(proposals.financials, startingCash);
    case 'customers':
      return checkCustomers(proposals.customers);
  }
}

function result(problems: string[], value: KindAndRoles): RolesCheck {
  return problems.length ? { ok: false, problems } : { ok: true, value };
}

function checkMarket(p: RoleProposal<'market'>): RolesCheck {
  const problems: string[] = [];
  if (!p.date) problems.push('Pick the date column');
  if (p.values.length === 0) problems.push('Pick at least one value column');
  return result(problems, {
    kind: 'market',
    roles: { date: p.date ?? '', values: p.values, series: p.series || null },
  });
}

function checkEvents(p: RoleProposal<'events'>): RolesCheck {
  const problems: string[] = [];
  if (!p.user) problems.push('Pick the user id column');
  if (!p.time) problems.push('Pick the timestamp column');
  return result(problems, {
    kind: 'events',
    roles: {
      user: p.user ?? '',
      time: p.time ?? '',
      event: p.event || null,
      item: p.item || null,
      value: p.value || null,
    },
  });
}

function checkFinancials(p: RoleProposal<'financials'>, startingCashText: string): RolesCheck {
  const problems: string[] = [];
  if (!p.date) problems.push('Pick the period column');
  if (!p.revenue) problems.push('Pick the revenue column');
  if (p.expenses.length === 0) problems.push('Pick at least one expense column');
  const startingCash = p.cash ? null : parseAmount(startingCashText);
  if (!p.cash && startingCash === null) {
    problems.push('Pick the cash balance column, or enter the cash at the start');
  }
  return result(problems, {
    kind: 'financials',
    roles: {
      date: p.date ?? '',
      revenue: p.revenue ?? '',
      expenses: p.expenses,
      cash: p.cash || null,
      startingCash,
    },
  });
}

function checkCustomers(p: RoleProposal<'customers'>): RolesCheck {
  const problems = p.id ? [] : ['Pick the customer id column'];
  return result(problems, { kind: 'customers', roles: { id: p.id ?? '', label: p.label || null } });
}
