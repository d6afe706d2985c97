/**
 * Reads the header and first rows from the start of a CSV file in the browser (quotes handled),
 * and guesses which columns hold the date, the value and the series name. The server validates
 * every row again; this only fills the form.
 */
export function parseCsvRows(text: string, maxRows: number): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const src = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < src.length && rows.length < maxRows; i++) {
    const c = src[i]!;
    if (quoted) {
      if (c === '"' && src[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && src[i + 1] === '\n') i++;
      row.push(field);
      if (row.some((f) => f !== '')) rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  return rows;
}

const DATE_LIKE = /^\d{4}[-/]\d{1,2}([-/]\d{1,2})?([T ].*)?$/;
const NUMBER_LIKE = /^\s*[-+(]?\s*[$€£¥]?\s*[\d,]*\.?\d+([eE][-+]?\d+)?\)?\s*$/;

export interface ColumnGuess {
  header: string[];
  preview: string[][];
  date: string | null;
  value: string | null;
  series: string | null;
}

interface Sample {
  names: string[];
  preview: string[][];
  column(i: number): string[];
  share(i: number, re: RegExp): number;
}

function sample(text: string): Sample {
  const [header = [], ...preview] = parseCsvRows(text, 21);
  const names = header.map((h) => h.trim());
  const column = (i: number) => preview.map((r) => (r[i] ?? '').trim()).filter((v) => v !== '');
  const share = (i: number, re: RegExp) => {
    const values = column(i);
    return values.length ? values.filter((v) => re.test(v)).length / values.length : 0;
  };
  return { names, preview, column, share };
}

export function guessMarketColumns(text: string): ColumnGuess {
  const { names, preview, column, share } = sample(text);
  const dateIdx = names.findIndex((_, i) => share(i, DATE_LIKE) >= 0.9);
  const valueIdx = names.findIndex((_, i) => i !== dateIdx && share(i, NUMBER_LIKE) >= 0.9);
  const seriesIdx = names.findIndex((_, i) => {
    if (i === dateIdx || i === valueIdx || share(i, NUMBER_LIKE) >= 0.9) return false;
    const values = column(i);
    return values.length > 0 && new Set(values).size < values.length;
  });
  return {
    header: names,
    preview,
    date: names[dateIdx] ?? null,
    value: names[valueIdx] ?? null,
    series: names[seriesIdx] ?? null,
  };
}

export interface FinancialsGuess {
  header: string[];
  preview: string[][];
  date: string | null;
  revenue: string | null;
  expenses: string[];
  cash: string | null;
}

const REVENUE = /revenue|sales|mrr|arr|income|turnover|bookings/i;
const EXPENSE = /expense|cost|spend|payroll|salar|wage|rent|hosting|marketing|cogs|opex|burn|software|office|travel/i;
const CASH = /cash|balance|bank/i;

/** Guesses the period, revenue, cost and cash-balance columns of a financials export. */
export function guessFinancialColumns(text: string): FinancialsGuess {
  const { names, preview, share } = sample(text);
  const dateIdx = names.findIndex((_, i) => share(i, DATE_LIKE) >= 0.9);
  const numeric = names.filter((_, i) => i !== dateIdx && share(i, NUMBER_LIKE) >= 0.9);
  const cash = numeric.find((n) => CASH.test(n)) ?? null;
  const revenue = numeric.find((n) => REVENUE.test(n) && n !== cash) ?? null;
  const expenses = numeric.filter((n) => n !== cash && n !== revenue && EXPENSE.test(n));
  return { header: names, preview, date: names[dateIdx] ?? null, revenue, expenses, cash };
}
