import { RiskInputError } from './errors';
import type { ExpenseLine, FinancialHistory } from './types';

/** Months of revenue and expenses the risk task needs at the very least. */
import { MIN_HISTORY_MONTHS } from '../requirements';

export { MIN_HISTORY_MONTHS };

/** A checked history: dates as `YYYY-MM-DD`, and the balance at the end of the last period. */
export interface CheckedHistory {
  dates: string[];
  revenue: number[];
  expenses: number[];
  /** The cost lines, when there are at least two (else undefined). */
  expenseLines?: ExpenseLine[];
  currentCash: number;
}

const MONTH_DATE = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/;

function monthIndex(date: string, row: number): { index: number; iso: string } {
  const match = MONTH_DATE.exec(date);
  const year = Number(match?.[1]);
  const month = Number(match?.[2]);
  const day = match?.[3] === undefined ? 1 : Number(match[3]);
  const parsed = new Date(Date.UTC(year, month - 1, day));
  if (
    !match ||
    month < 1 ||
    month > 12 ||
    parsed.getUTCMonth() !== month - 1 ||
    parsed.getUTCDate() !== day
  ) {
    throw new RiskInputError(`period ${row + 1}: "${date}" is not an ISO date (YYYY-MM-DD)`, {
      field: 'dates',
    });
  }
  return { index: year * 12 + month - 1, iso: match[3] === undefined ? `${date}-01` : date };
}

function assertFinite(values: readonly number[], field: string, dates: readonly string[]): void {
  values.forEach((value, i) => {
    if (!Number.isFinite(value)) {
      throw new RiskInputError(`${field} of ${dates[i]} is not a number (got ${String(value)})`, {
        field,
      });
    }
  });
}

/**
 * Checks a financials table (lengths, consecutive months, finite numbers, a cash balance or a
 * starting cash) and works out the current balance. Throws RiskInputError naming the problem.
 */
export function validateFinancialHistory(history: FinancialHistory): CheckedHistory {
  const { dates, revenue, expenses, cash } = history;
  if (revenue.length !== dates.length || expenses.length !== dates.length) {
    throw new RiskInputError(
      `dates, revenue and expenses must have one value per period (got ${dates.length} dates, ${revenue.length} revenue and ${expenses.length} expense values)`,
      { field: 'revenue' },
    );
  }
  if (cash !== null && cash.length !== dates.length) {
    throw new RiskInputError(
      `the cash balance column must have one value per period (got ${cash.length} for ${dates.length} dates)`,
      { field: 'cash' },
    );
  }
  if (dates.length < MIN_HISTORY_MONTHS) {
    throw new RiskInputError(
      `the runway forecast needs at least ${MIN_HISTORY_MONTHS} months of revenue and expenses, got ${dates.length}`,
      { field: 'dates' },
    );
  }

  const isoDates: string[] = [];
  let previous: { index: number; iso: string } | null = null;
  dates.forEach((date, row) => {
    const current = monthIndex(date, row);
    if (previous && current.index !== previous.index + 1) {
      const problem =
        current.index <= previous.index ? 'is not after' : 'leaves a gap of months after';
      throw new RiskInputError(
        `dates must be consecutive months, oldest first: ${current.iso} ${problem} ${previous.iso} (add the missing months or sort the rows)`,
        { field: 'dates' },
      );
    }
    isoDates.push(current.iso);
    previous = current;
  });

  assertFinite(revenue, 'revenue', isoDates);
  assertFinite(expenses, 'expenses', isoDates);

  let currentCash: number;
  if (cash !== null) {
    assertFinite(cash, 'cash balance', isoDates);
    currentCash = cash.at(-1) as number;
  } else {
    const start = history.startingCash;
    if (start === undefined || !Number.isFinite(start)) {
      throw new RiskInputError(
        'the runway needs a cash balance column or a starting cash amount (cash before the first period)',
        { field: 'startingCash' },
      );
    }
    currentCash = start;
    for (let i = 0; i < dates.length; i += 1) {
      currentCash += (revenue[i] as number) - (expenses[i] as number);
    }
  }
  const lines = checkedLines(history.expenseLines, isoDates);
  return {
    dates: isoDates,
    revenue: [...revenue],
    expenses: [...expenses],
    ...(lines ? { expenseLines: lines } : {}),
    currentCash,
  };
}

/** Cost lines worth simulating one by one: two or more, each one value per period. */
function checkedLines(
  lines: readonly ExpenseLine[] | undefined,
  dates: readonly string[],
): ExpenseLine[] | undefined {
  if (!lines || lines.length < 2) return undefined;
  return lines.map(({ name, values }) => {
    if (values.length !== dates.length) {
      throw new RiskInputError(
        `the cost line "${name}" has ${values.length} values for ${dates.length} periods`,
        { field: 'expenseLines' },
      );
    }
    assertFinite(values, `cost line "${name}"`, dates);
    return { name, values: [...values] };
  });
}
