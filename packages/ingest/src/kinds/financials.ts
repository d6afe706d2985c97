import type { ColumnSpec, FinancialsRoles } from '../schema';
import {
  DATE_TYPES,
  NUMBER_TYPES,
  RepeatGuard,
  dayOf,
  distinctRoles,
  roleColumn,
  type KindIngest,
} from './kind-ingest';

export interface FinancialPeriodRecord {
  /** YYYY-MM-DD of the period */
  date: string;
  revenue: number;
  /** The expense columns summed, each as a positive amount; a blank cost cell counts as 0. */
  expenses: number;
  /** Each expense column's amount by column name, when there are several (else null). */
  expenseLines: Record<string, number> | null;
  cash: number | null;
}

/** Financials rows: one period each, with revenue, one or more cost columns and a cash balance. */
export function financialsIngest(
  roles: FinancialsRoles,
  columns: ColumnSpec[],
): KindIngest<FinancialPeriodRecord> {
  distinctRoles([
    { name: roles.date, role: 'period' },
    { name: roles.revenue, role: 'revenue' },
    ...roles.expenses.map((name) => ({ name, role: 'expense' })),
    ...(roles.cash ? [{ name: roles.cash, role: 'cash balance' }] : []),
  ]);
  roleColumn(columns, roles.date, 'period', DATE_TYPES);
  roleColumn(columns, roles.revenue, 'revenue', NUMBER_TYPES);
  for (const e of roles.expenses) roleColumn(columns, e, 'expense', NUMBER_TYPES);
  if (roles.cash) roleColumn(columns, roles.cash, 'cash balance', NUMBER_TYPES);

  const firstExpense = 2;
  const cashAt = roles.cash ? firstExpense + roles.expenses.length : -1;
  const repeats = new RepeatGuard();
  return {
    columns: [
      { name: roles.date, role: 'period' },
      { name: roles.revenue, role: 'revenue' },
      ...roles.expenses.map((name) => ({ name, role: 'expense' })),
      ...(roles.cash ? [{ name: roles.cash, role: 'cash balance' }] : []),
    ],
    toRecords(row, cells, problems) {
      const rawDate = cells[0];
      const revenue = cells[1];
      let ok = true;
      if (rawDate === null || rawDate === undefined) {
        problems.add(row, roles.date, '', 'is empty (every period needs a date)');
        ok = false;
      }
      if (revenue === null || revenue === undefined) {
        problems.add(row, roles.revenue, '', 'is empty (write 0 for no revenue)');
        ok = false;
      }
      const cash = cashAt === -1 ? null : ((cells[cashAt] ?? null) as number | null);
      if (cashAt !== -1 && cash === null) {
        problems.add(
          row,
          roles.cash!,
          '',
          'is empty (every period needs its closing cash balance)',
        );
        ok = false;
      }
      if (!ok) return null;
      const date = dayOf(String(rawDate));
      if (!repeats.firstTime(date, row, roles.date, date, problems, 'period')) return null;
      let expenses = 0;
      const lines: Record<string, number> = {};
      roles.expenses.forEach((name, i) => {
        // Costs are amounts spent: a column written negative, as some exports write costs, counts
        // the same as a positive one.
        const amount = Math.abs((cells[firstExpense + i] as number | null) ?? 0);
        lines[name] = amount;
        expenses += amount;
      });
      const expenseLines = roles.expenses.length > 1 ? lines : null;
      return [{ date, revenue: revenue as number, expenses, expenseLines, cash }];
    },
  };
}
