import type { Readable } from 'node:stream';
import { DuplicateDates, dateCell, numberCell } from './cells';
import { readCsvRecords } from './csv-records';
import { UploadError } from './upload-error';

export interface FinancialsMapping {
  date: string;
  revenue: string;
  /** One or several cost columns; their sum is the period's expenses. */
  expenses: string[];
  /** End-of-period cash balance column, if the file has one. */
  cash: string | null;
}

export interface FinancialsRecord {
  date: string;
  revenue: number;
  expenses: number;
  /** Each cost column's amount by name, when there are several (else null). */
  expenseLines: Record<string, number> | null;
  cash: number | null;
}

/**
 * Streams a financials CSV (one row per period) and yields validated periods. Costs are taken as
 * positive amounts (a column of negative numbers, as some exports write costs, is flipped).
 */
export async function* readFinancialsCsv(
  input: Readable,
  mapping: FinancialsMapping,
): AsyncGenerator<FinancialsRecord> {
  if (mapping.expenses.length === 0)
    throw new UploadError('Pick at least one expense (cost) column');
  const columns = [
    { name: mapping.date, role: 'date' },
    { name: mapping.revenue, role: 'revenue' },
    ...mapping.expenses.map((name) => ({ name, role: 'expense' })),
    ...(mapping.cash ? [{ name: mapping.cash, role: 'cash balance' }] : []),
  ];
  const duplicates = new DuplicateDates();
  for await (const r of readCsvRecords(input, columns)) {
    const rawDate = r.get(mapping.date);
    const date = dateCell(r.row, mapping.date, rawDate);
    duplicates.check(r.row, mapping.date, rawDate, date);
    const revenue = numberCell(r.row, mapping.revenue, r.get(mapping.revenue));
    let expenses = 0;
    const lines: Record<string, number> = {};
    for (const column of mapping.expenses) {
      const amount = Math.abs(numberCell(r.row, column, r.get(column)));
      lines[column] = amount;
      expenses += amount;
    }
    const cash = mapping.cash ? numberCell(r.row, mapping.cash, r.get(mapping.cash)) : null;
    yield {
      date,
      revenue,
      expenses,
      expenseLines: mapping.expenses.length > 1 ? lines : null,
      cash,
    };
  }
}
