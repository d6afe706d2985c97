import { isSpaceCode } from './spaces';

/**
 * The one number parser, shared by ingestion (detection, typed CSV readers) and the web app's
 * fields. Pure: no Node modules, so Next.js client code imports it as `@foresight/ingest/numbers`.
 *
 * Accepted, around digits with an optional `.` or `,` decimal separator (one per call):
 * - thousands separators in groups of three, one kind per number: `,` `.` `'` `’` and spaces
 *   (space, no-break, thin, narrow no-break, figure) — `1,234,567.89`, `1.234,56`, `1 234,5`;
 * - a sign (`-`, `+`, `−` U+2212) or `(parentheses)` for a negative;
 * - a currency symbol (`$ £ ¥ € ₹`) or code (`USD`, `EUR`, `CHF`…) before or after;
 * - a trailing `%`, read as a fraction (`12.5%` → 0.125) or, for fields typed in points, as is;
 * - scientific notation (`1.5e6`), a leading or trailing decimal separator (`.5`, `5.`), padding.
 * Refused: NaN, Infinity, values beyond ±1.8e308, hex, Excel errors (`#N/A`), misplaced group
 * separators (`1,2,3`), anything else around the number (`12abc`).
 *
 * `scanNumber` is the per-cell hot path: it reads character codes, reports details in one reused
 * record and allocates nothing on the common path.
 */

export type DecimalSeparator = '.' | ',';

export interface NumberOptions {
  /** '.' (default) reads `1,234.5`; ',' reads `1.234,5`. */
  decimalSeparator?: DecimalSeparator;
  /**
   * What a trailing `%` means: 'fraction' (default, as ingestion stores it: `5%` → 0.05),
   * 'points' (`5%` → 5, for fields that ask for percentage points) or 'refuse' (amounts).
   */
  percent?: 'fraction' | 'points' | 'refuse';
}

/** Reads one number (the forms above); null for anything else, including blank text. */
export function parseNumber(text: string, options: NumberOptions = {}): number | null {
  const { decimalSeparator = '.', percent = 'fraction' } = options;
  const value = scanNumber(text, decimalSeparator === ',' ? COMMA : DOT, percent !== 'points');
  if (Number.isNaN(value) || (percent === 'refuse' && numberInfo.percent)) return null;
  return value;
}

/** Details of the last successfully scanned number. */
export const numberInfo = {
  /** Written with a decimal separator or an exponent. */
  fractional: false,
  percent: false,
  /** Written with a leading zero, like a ZIP code or account number: `0123`. */
  leadingZero: false,
};

const PLUS = 0x2b;
const MINUS = 0x2d;
const UNICODE_MINUS = 0x2212;
const OPEN = 0x28;
const CLOSE = 0x29;
const PERCENT = 0x25;
const DOT = 0x2e;
const COMMA = 0x2c;
const APOSTROPHE = 0x27;
const RIGHT_QUOTE = 0x2019;

const CURRENCY_CODES = new Set(
  ['CHF', 'USD', 'EUR', 'GBP', 'JPY', 'INR', 'CAD', 'AUD', 'NZD', 'SEK', 'NOK', 'DKK', 'CNY'].map(
    (code) => code.charCodeAt(0) * 65536 + code.charCodeAt(1) * 256 + code.charCodeAt(2),
  ),
);

const POW10: number[] = Array.from({ length: 23 }, (_, i) => 10 ** i);

function isCurrencySymbol(c: number): boolean {
  // $ £ ¥ € ₹
  return c === 0x24 || c === 0xa3 || c === 0xa5 || c === 0x20ac || c === 0x20b9;
}

function isUpper(c: number): boolean {
  return c >= 65 && c <= 90;
}

/** A currency code such as USD at s[i..i+3), not part of a longer word. */
function isCurrencyCode(s: string, i: number, start: number, end: number): boolean {
  if (i < start || i + 3 > end) return false;
  const a = s.charCodeAt(i);
  const b = s.charCodeAt(i + 1);
  const c = s.charCodeAt(i + 2);
  if (!isUpper(a) || !isUpper(b) || !isUpper(c)) return false;
  if (i > start && isUpper(s.charCodeAt(i - 1))) return false;
  if (i + 3 < end && isUpper(s.charCodeAt(i + 3))) return false;
  return CURRENCY_CODES.has(a * 65536 + b * 256 + c);
}

function isGroupSeparator(c: number): boolean {
  return (
    c === COMMA ||
    c === DOT ||
    c === APOSTROPHE ||
    c === RIGHT_QUOTE ||
    c === 0x20 ||
    c === 0xa0 ||
    c === 0x2009 ||
    c === 0x202f ||
    c === 0x2007
  );
}

/**
 * Reads a number with `decimal` (the code of '.' or ',') as its decimal separator; a trailing `%`
 * divides by 100 unless `percentAsFraction` is false. Returns NaN when `s` is not a number.
 */
export function scanNumber(s: string, decimal: number, percentAsFraction = true): number {
  let i = 0;
  let end = s.length;
  while (i < end && isSpaceCode(s.charCodeAt(i))) i++;
  while (end > i && isSpaceCode(s.charCodeAt(end - 1))) end--;
  if (i === end) return NaN;
  let negative = false;
  let signed = false;
  let currency = false;
  let percent = false;
  if (s.charCodeAt(i) === OPEN && s.charCodeAt(end - 1) === CLOSE) {
    negative = signed = true;
    i++;
    end--;
  }
  // Suffixes: "12.5 %", "5 €", "5 EUR"
  while (end > i && isSpaceCode(s.charCodeAt(end - 1))) end--;
  if (end > i && s.charCodeAt(end - 1) === PERCENT) {
    percent = true;
    end--;
    while (end > i && isSpaceCode(s.charCodeAt(end - 1))) end--;
  }
  if (end > i && isCurrencySymbol(s.charCodeAt(end - 1))) {
    currency = true;
    end--;
  } else if (isCurrencyCode(s, end - 3, i, end)) {
    currency = true;
    end -= 3;
  }
  while (end > i && isSpaceCode(s.charCodeAt(end - 1))) end--;
  // Prefixes: "-$5", "$-5", "USD 5", "+5", "$(5)"
  for (;;) {
    if (i >= end) return NaN;
    const c = s.charCodeAt(i);
    if (!signed && (c === MINUS || c === PLUS || c === UNICODE_MINUS)) {
      signed = true;
      negative = c !== PLUS;
      i++;
    } else if (!signed && c === OPEN && s.charCodeAt(end - 1) === CLOSE) {
      negative = signed = true;
      i++;
      end--;
    } else if (!currency && isCurrencySymbol(c)) {
      currency = true;
      i++;
      while (i < end && isSpaceCode(s.charCodeAt(i))) i++;
    } else if (!currency && isCurrencyCode(s, i, i, end)) {
      currency = true;
      i += 3;
      while (i < end && isSpaceCode(s.charCodeAt(i))) i++;
    } else break;
  }
  return scanDigits(s, i, end, decimal, negative, percent, percentAsFraction);
}

function scanDigits(
  s: string,
  i: number,
  end: number,
  decimal: number,
  negative: boolean,
  percent: boolean,
  percentAsFraction: boolean,
): number {
  const start = i;
  let mantissa = 0;
  let digits = 0;
  let groupSeparator = -1;
  let inGroup = 0;
  let fractional = false;
  let decimals = 0;
  let exponent = 0;
  let hasExponent = false;
  const firstDigit = s.charCodeAt(i) - 48;
  if (firstDigit < 0 || firstDigit > 9) {
    if (s.charCodeAt(i) !== decimal) return NaN;
    const next = s.charCodeAt(i + 1) - 48;
    if (!(next >= 0 && next <= 9)) return NaN;
  }
  const leadingZero = firstDigit === 0 && i + 1 < end && isDigit(s.charCodeAt(i + 1));
  while (i < end) {
    const c = s.charCodeAt(i);
    const digit = c - 48;
    if (digit >= 0 && digit <= 9) {
      mantissa = mantissa * 10 + digit;
      digits++;
      inGroup++;
      i++;
    } else if (c !== decimal && isGroupSeparator(c)) {
      if (inGroup === 0) return NaN;
      if (groupSeparator === -1) {
        if (inGroup > 3) return NaN;
        groupSeparator = c;
      } else if (c !== groupSeparator || inGroup !== 3) return NaN;
      inGroup = 0;
      i++;
    } else break;
  }
  if (groupSeparator !== -1 && inGroup !== 3) return NaN;
  if (i < end && s.charCodeAt(i) === decimal) {
    fractional = true;
    i++;
    while (i < end && isDigit(s.charCodeAt(i))) {
      mantissa = mantissa * 10 + (s.charCodeAt(i) - 48);
      digits++;
      decimals++;
      i++;
    }
  }
  if (i < end && (s.charCodeAt(i) | 0x20) === 0x65) {
    // e / E
    hasExponent = fractional = true;
    i++;
    let sign = 1;
    const c = s.charCodeAt(i);
    if (c === PLUS || c === MINUS) {
      sign = c === MINUS ? -1 : 1;
      i++;
    }
    const exponentStart = i;
    while (i < end && isDigit(s.charCodeAt(i))) {
      exponent = exponent * 10 + (s.charCodeAt(i) - 48);
      i++;
    }
    if (i === exponentStart) return NaN;
    exponent *= sign;
  }
  if (i !== end) return NaN;
  const divide = percent && percentAsFraction;
  const scale = decimals + (divide ? 2 : 0);
  let value: number;
  if (!hasExponent && digits <= 15 && scale < POW10.length) {
    // Exact integer mantissa over an exact power of ten: correctly rounded, like Number().
    value = scale ? mantissa / POW10[scale]! : mantissa;
  } else {
    value = Number(plainText(s, start, end, decimal)) / (divide ? 100 : 1);
  }
  if (!Number.isFinite(value)) return NaN;
  numberInfo.fractional = fractional || percent;
  numberInfo.percent = percent;
  numberInfo.leadingZero = leadingZero;
  if (value === 0) return 0;
  return negative ? -value : value;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** The number without group separators and with '.' as the decimal point (rare, slow path). */
function plainText(s: string, start: number, end: number, decimal: number): string {
  let out = '';
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c === decimal) out += '.';
    else if (isDigit(c) || c === PLUS || c === MINUS || (c | 0x20) === 0x65) out += s[i];
  }
  return out;
}
