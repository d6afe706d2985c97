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
const EXPENSE =
  /expense|cost|spend|payroll|salar|wage|rent|hosting|marketing|cogs|opex|burn|software|office|travel/i;
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

const TIMESTAMP_LIKE = /^(\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?|\d{10}|\d{13})$/;
const BOOLEAN_LIKE = /^(yes|no|y|n|true|false|t|f|0|1|churned|active|retained|lost|cancel(l)?ed)$/i;

export interface EventsGuess {
  header: string[];
  preview: string[][];
  user: string | null;
  time: string | null;
  event: string | null;
  item: string | null;
  value: string | null;
}

/** Guesses the user, timestamp, event name, item and value columns of an event log. */
export function guessEventColumns(text: string): EventsGuess {
  const { names, preview, share } = sample(text);
  const byName = (re: RegExp, exclude: (string | null)[]) =>
    names.find((n) => re.test(n) && !exclude.includes(n)) ?? null;
  const time = names.find((_, i) => share(i, TIMESTAMP_LIKE) >= 0.9) ?? null;
  const user = byName(/user|customer|account|member|visitor|client/i, [time]);
  const event = byName(/event|action|type|name|activity/i, [time, user]);
  const item = byName(/item|product|sku|content|article|feature|page|course/i, [time, user, event]);
  const value =
    names.find(
      (n, i) =>
        ![time, user, event, item].includes(n) &&
        /value|amount|revenue|price|total/i.test(n) &&
        share(i, NUMBER_LIKE) >= 0.9,
    ) ?? null;
  return { header: names, preview, user, time, event, item, value };
}

export interface CustomersGuess {
  header: string[];
  preview: string[][];
  id: string | null;
  label: string | null;
}

/** Guesses the id column and a yes/no churn label column of a customer table. */
export function guessCustomerColumns(text: string): CustomersGuess {
  const { names, preview, column, share } = sample(text);
  const unique = (i: number) => {
    const values = column(i);
    return values.length > 0 && new Set(values).size === values.length;
  };
  const id =
    names.find((n, i) => /(^id$|_id$|\bid\b|customer|account)/i.test(n) && unique(i)) ??
    names.find((_, i) => unique(i)) ??
    null;
  const label =
    names.find(
      (n, i) =>
        n !== id &&
        /churn|cancel|left|lost|retained|label|target/i.test(n) &&
        share(i, BOOLEAN_LIKE) >= 0.9,
    ) ?? null;
  return { header: names, preview, id, label };
}
