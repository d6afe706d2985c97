/** Automatic typing of raw CSV columns and parsing of yes/no labels for the churn table mode. */
import { ChurnInputError } from './errors';

export type ColumnKind =
  'numeric' | 'categorical' | 'boolean' | 'date' | 'id' | 'constant' | 'empty';

export type DateOrder = 'iso' | 'dmy' | 'mdy';

export interface ColumnTyping {
  name: string;
  kind: ColumnKind;
  /** For `date`: how slash/dot/dash day-month dates are read. */
  dateOrder?: DateOrder;
  /** Why the column is not used, for `id`, `constant` and `empty`. */
  reason?: string;
}

const MISSING = new Set(['', 'na', 'n/a', 'nan', 'null', 'none', 'nil', '-', '?', '#n/a']);

/**
 * One cell of a churn table: typed values as the upload stored them (numbers, booleans, text),
 * or raw text; typed values are used as they are, never turned back into text and re-parsed.
 */
export type ChurnCell = string | number | boolean | null;

/** True for null, a non-finite number and the usual spellings of "no value". */
export function isMissing(raw: ChurnCell | undefined): boolean {
  if (raw === null || raw === undefined) return true;
  if (typeof raw === 'number') return !Number.isFinite(raw);
  if (typeof raw === 'boolean') return false;
  return MISSING.has(raw.trim().toLowerCase());
}

/** A present cell as text (labels, categories, ids). */
export function cellText(raw: ChurnCell): string {
  return typeof raw === 'string' ? raw.trim() : String(raw);
}

const TRUE_WORDS = new Set(['yes', 'y', 'true', 't', '1']);
const FALSE_WORDS = new Set(['no', 'n', 'false', 'f', '0']);

/** 1 / 0 for yes/no, true/false, y/n, t/f, 1/0 (case-insensitive), NaN otherwise. */
export function parseBoolean(raw: string): number {
  const value = raw.trim().toLowerCase();
  if (TRUE_WORDS.has(value)) return 1;
  if (FALSE_WORDS.has(value)) return 0;
  return Number.NaN;
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
const THOUSANDS = /^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$/;

/**
 * A number from text with optional currency symbol, thousands separators, trailing `%`
 * (kept in percent units) and accounting negatives `(12.5)`; NaN when it is not one.
 */
export function parseNumber(raw: string): number {
  let text = raw
    .trim()
    .replace(/^[$€£¥]|[$€£¥]$/gu, '')
    .replace(/\s/g, '');
  let sign = 1;
  if (text.startsWith('(') && text.endsWith(')')) {
    sign = -1;
    text = text.slice(1, -1);
  }
  if (text.startsWith('-$') || text.startsWith('-€') || text.startsWith('-£'))
    text = `-${text.slice(2)}`;
  if (text.endsWith('%')) text = text.slice(0, -1);
  if (THOUSANDS.test(text)) text = text.replace(/,/g, '');
  if (!NUMBER.test(text)) return Number.NaN;
  return sign * Number(text);
}

const ISO_DATE =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/;
const DAY_MONTH = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

function utc(year: number, month: number, day: number, h = 0, m = 0, s = 0): number {
  if (month < 1 || month > 12 || day < 1 || day > 31 || h > 23 || m > 59 || s > 59)
    return Number.NaN;
  const time = Date.UTC(year, month - 1, day, h, m, s);
  // Rejects 31/02 etc.
  return new Date(time).getUTCDate() === day ? time : Number.NaN;
}

/** Epoch ms of an ISO date/time or a `DD/MM/YYYY` / `MM/DD/YYYY` date, NaN when it is not one. */
export function parseDate(raw: string, order: DateOrder = 'iso'): number {
  const text = raw.trim();
  const iso = ISO_DATE.exec(text);
  if (iso) {
    if (iso[7] !== undefined) {
      const time = Date.parse(text.replace(' ', 'T'));
      return Number.isFinite(time) ? time : Number.NaN;
    }
    return utc(+iso[1]!, +iso[2]!, +iso[3]!, +(iso[4] ?? 0), +(iso[5] ?? 0), +(iso[6] ?? 0));
  }
  const dm = DAY_MONTH.exec(text);
  if (dm && order !== 'iso') {
    const [first, second] = [+dm[1]!, +dm[2]!];
    const [day, month] = order === 'dmy' ? [first, second] : [second, first];
    return utc(+dm[3]!, month, day, +(dm[4] ?? 0), +(dm[5] ?? 0), +(dm[6] ?? 0));
  }
  return Number.NaN;
}

/** `dmy` when some first part is > 12, `mdy` when some second part is > 12, else `mdy` (ambiguous). */
function dayMonthOrder(values: string[]): DateOrder {
  let firstOver12 = false;
  let secondOver12 = false;
  for (const value of values) {
    const match = DAY_MONTH.exec(value.trim());
    if (!match) continue;
    if (+match[1]! > 12) firstOver12 = true;
    if (+match[2]! > 12) secondOver12 = true;
  }
  if (firstOver12 && !secondOver12) return 'dmy';
  return 'mdy';
}

/** Share of present values a column type must parse to be chosen. */
const PARSE_SHARE = 0.95;
const ID_NAME = /(^|[^a-z])(id|uuid|guid|key)$|^id[^a-z]|_id$|number$|^customer$|^user$|^account$/i;

/**
 * Types a column from its raw values: `empty`, `constant`, `boolean` (two yes/no-like values, or
 * numeric with exactly the values 0 and 1), `numeric`, `date`, `id` (text that is unique per row, or
 * an id-named column of unique integers) or `categorical`.
 */
export function inferColumnType(name: string, values: readonly ChurnCell[]): ColumnTyping {
  const typed = typedColumnKind(name, values);
  if (typed !== null) return typed;
  const present: string[] = [];
  for (const raw of values) if (!isMissing(raw)) present.push(cellText(raw));
  if (present.length === 0) return { name, kind: 'empty', reason: 'no values' };
  const distinct = new Set(present);
  if (distinct.size === 1) return { name, kind: 'constant', reason: 'a single value' };
  const uniqueShare = distinct.size / present.length;

  const lowered = new Set(present.map((v) => v.toLowerCase()));
  if (lowered.size === 2 && [...lowered].every((v) => !Number.isNaN(parseBoolean(v)))) {
    return { name, kind: 'boolean' };
  }
  let numbers = 0;
  let integers = 0;
  for (const value of present) {
    const parsed = parseNumber(value);
    if (!Number.isNaN(parsed)) {
      numbers += 1;
      if (Number.isInteger(parsed)) integers += 1;
    }
  }
  if (numbers >= PARSE_SHARE * present.length) {
    if (ID_NAME.test(name) && integers === numbers && uniqueShare > 0.95 && present.length >= 20) {
      return { name, kind: 'id', reason: 'id-like: unique integers in an id-named column' };
    }
    return { name, kind: 'numeric' };
  }
  const order = dayMonthOrder(present);
  let dates = 0;
  for (const value of present) if (!Number.isNaN(parseDate(value, order))) dates += 1;
  if (dates >= PARSE_SHARE * present.length) return { name, kind: 'date', dateOrder: order };
  if (uniqueShare > 0.95 && present.length >= 20) {
    return { name, kind: 'id', reason: 'id-like: a different text value on almost every row' };
  }
  return { name, kind: 'categorical' };
}

/**
 * The kind of a column the upload already typed (every present value a number, or every one a
 * boolean), with the same constant / id rules as text; null when the column is text.
 */
function typedColumnKind(name: string, values: readonly ChurnCell[]): ColumnTyping | null {
  let numbers = 0;
  let booleans = 0;
  let integers = 0;
  let present = 0;
  const distinct = new Set<number | boolean>();
  for (const raw of values) {
    if (isMissing(raw)) continue;
    present += 1;
    if (typeof raw === 'number') {
      numbers += 1;
      if (Number.isInteger(raw)) integers += 1;
      distinct.add(raw);
    } else if (typeof raw === 'boolean') {
      booleans += 1;
      distinct.add(raw);
    } else return null;
  }
  if (present === 0 || (numbers > 0 && booleans > 0)) return null;
  if (distinct.size === 1) return { name, kind: 'constant', reason: 'a single value' };
  if (booleans > 0) return { name, kind: 'boolean' };
  const uniqueShare = distinct.size / present;
  if (ID_NAME.test(name) && integers === numbers && uniqueShare > 0.95 && present >= 20) {
    return { name, kind: 'id', reason: 'id-like: unique integers in an id-named column' };
  }
  return { name, kind: 'numeric' };
}

/** Label spellings read as churn (positive), case-insensitive. */
export const POSITIVE_LABELS: readonly string[] = [
  'yes',
  'y',
  'true',
  't',
  '1',
  '1.0',
  'churn',
  'churned',
  'left',
  'cancelled',
  'canceled',
  'lost',
  'inactive',
  'exited',
  'positive',
  'pos',
];
/** Label spellings read as no churn (negative), case-insensitive. */
export const NEGATIVE_LABELS: readonly string[] = [
  'no',
  'n',
  'false',
  'f',
  '0',
  '0.0',
  'active',
  'retained',
  'stayed',
  'stay',
  'current',
  'not churned',
  'no churn',
  'negative',
  'neg',
];

export interface ParsedLabels {
  /** 1 positive, 0 negative, NaN missing. */
  labels: Float64Array;
  /** Distinct raw values read as positive / negative. */
  positive: string[];
  negative: string[];
}

/**
 * Reads a binary label column. With `positiveLabel`, that value is positive and every other present
 * value negative (at most two distinct values). Throws ChurnInputError naming the column and the
 * first unrecognised value.
 */
export function parseLabels(
  column: string,
  values: readonly ChurnCell[],
  positiveLabel?: string,
): ParsedLabels {
  const labels = new Float64Array(values.length).fill(Number.NaN);
  const positive = new Set<string>();
  const negative = new Set<string>();
  const wanted = positiveLabel?.trim().toLowerCase();
  for (let i = 0; i < values.length; i += 1) {
    const raw = values[i];
    if (isMissing(raw)) continue;
    const text = cellText(raw as ChurnCell);
    const key = text.toLowerCase();
    let label: number;
    if (wanted !== undefined) label = key === wanted ? 1 : 0;
    else if (POSITIVE_LABELS.includes(key)) label = 1;
    else if (NEGATIVE_LABELS.includes(key)) label = 0;
    else {
      throw new ChurnInputError(
        `label column "${column}": value "${text}" (row ${i + 1}) is not yes/no; ` +
          'use yes/no, true/false, 1/0, churned/active, or name the positive value (positiveLabel)',
        { column, value: text },
      );
    }
    labels[i] = label;
    (label === 1 ? positive : negative).add(text);
  }
  if (wanted !== undefined && negative.size > 1) {
    throw new ChurnInputError(
      `label column "${column}": more than two values (${[...positive, ...negative].slice(0, 5).join(', ')}…); a label must be binary`,
      { column },
    );
  }
  return { labels, positive: [...positive], negative: [...negative] };
}
