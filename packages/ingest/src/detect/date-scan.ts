import { type DateFormat } from '../schema';
import { epochMs, inTimeRange, type EpochUnit } from './epoch';
import { isSpaceCode } from '../spaces';

/**
 * A hand-written scanner for the date formats we read. It runs once per cell of large files, so
 * it reads character codes, writes into one reused `parts` record and allocates nothing.
 */

export const SCAN_OK = 0;
export const SCAN_SHAPE = 1;
export const SCAN_BAD_DATE = 2;
export const SCAN_BAD_TIME = 3;
/** An epoch number outside the years 0001–9999. */
export const SCAN_OUT_OF_RANGE = 4;

/** The fields of the last scanned value (valid after SCAN_OK, and y/m/d after SCAN_BAD_DATE). */
export const parts = {
  y: 0,
  m: 0,
  d: 0,
  hh: 0,
  mi: 0,
  ss: 0,
  ms: 0,
  /** Offset from UTC in minutes, as written. */
  offset: 0,
  hasTime: false,
  /** Epoch milliseconds for epoch formats. */
  epochMs: 0,
  /** Digits before the decimal point of the last epoch number (detection's plausibility test). */
  epochDigits: 0,
  /** The first two numbers of a D/M/Y or M/D/Y value, as written. */
  first: 0,
  second: 0,
};

const DASH = 0x2d;
const SLASH = 0x2f;
const DOT = 0x2e;
const COLON = 0x3a;
const SPACE = 0x20;
const PLUS = 0x2b;
const COMMA = 0x2c;

let digitsValue = 0;

/** Reads min..max digits at i; returns the index after them (value in digitsValue) or -1. */
function readDigits(s: string, i: number, end: number, min: number, max: number): number {
  let value = 0;
  let count = 0;
  while (i < end) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) break;
    value = value * 10 + c;
    count++;
    i++;
  }
  if (count < min || count > max) return -1;
  digitsValue = value;
  return i;
}

/** Reads exactly two digits, even when more follow (`+0530`). */
function readTwoDigits(s: string, i: number, end: number): number {
  if (i + 2 > end) return -1;
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  if (a < 0 || a > 9 || b < 0 || b > 9) return -1;
  digitsValue = a * 10 + b;
  return i + 2;
}

/** Scans s[start..end) (already trimmed) as `format`; returns a SCAN_ status. */
export function scanDate(s: string, start: number, end: number, format: DateFormat): number {
  parts.hasTime = false;
  parts.hh = 0;
  parts.mi = 0;
  parts.ss = 0;
  parts.ms = 0;
  parts.offset = 0;
  if (isEpochFormat(format)) return scanEpoch(s, start, end, EPOCH_UNITS[format]);
  let i = start;
  if (format === 'iso' || format === 'ymd') {
    i = readDigits(s, i, end, 4, 4);
    if (i < 0 || i >= end) return SCAN_SHAPE;
    parts.y = digitsValue;
    const sep = s.charCodeAt(i);
    if (format === 'iso' ? sep !== DASH : sep !== SLASH && sep !== DOT) return SCAN_SHAPE;
    i = readDigits(s, i + 1, end, 1, 2);
    if (i < 0) return SCAN_SHAPE;
    parts.m = digitsValue;
    if (i === end && format === 'iso') {
      parts.d = 1; // YYYY-MM: the first of the month
      return checkDate();
    }
    if (i >= end || s.charCodeAt(i) !== sep) return SCAN_SHAPE;
    i = readDigits(s, i + 1, end, 1, 2);
    if (i < 0) return SCAN_SHAPE;
    parts.d = digitsValue;
  } else {
    i = readDigits(s, i, end, 1, 2);
    if (i < 0 || i >= end) return SCAN_SHAPE;
    const a = digitsValue;
    const sep = s.charCodeAt(i);
    if (sep !== SLASH && sep !== DOT && sep !== DASH) return SCAN_SHAPE;
    i = readDigits(s, i + 1, end, 1, 2);
    if (i < 0 || i >= end || s.charCodeAt(i) !== sep) return SCAN_SHAPE;
    const b = digitsValue;
    i = readDigits(s, i + 1, end, 4, 4);
    if (i < 0) return SCAN_SHAPE;
    parts.y = digitsValue;
    parts.first = a;
    parts.second = b;
    parts.d = format === 'dmy' ? a : b;
    parts.m = format === 'dmy' ? b : a;
  }
  if (i < end) {
    const timeStatus = scanTime(s, i, end);
    if (timeStatus === SCAN_SHAPE) return SCAN_SHAPE;
    const dateStatus = checkDate();
    return dateStatus === SCAN_OK ? timeStatus : dateStatus;
  }
  return checkDate();
}

function checkDate(): number {
  const { y, m, d } = parts;
  if (y < 1000 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return SCAN_BAD_DATE;
  return SCAN_OK;
}

export function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** `[T ]HH:MM[:SS[.fff]][ AM|PM][ ][Z|±HH[:]MM|±HH]` from i to end. */
function scanTime(s: string, i: number, end: number): number {
  const sep = s.charCodeAt(i);
  if (sep !== SPACE && sep !== 0x54 && sep !== 0x74) return SCAN_SHAPE; // ' ', 'T', 't'
  i = readDigits(s, i + 1, end, 1, 2);
  if (i < 0 || i >= end || s.charCodeAt(i) !== COLON) return SCAN_SHAPE;
  let hh = digitsValue;
  i = readDigits(s, i + 1, end, 2, 2);
  if (i < 0) return SCAN_SHAPE;
  const mi = digitsValue;
  let ss = 0;
  let ms = 0;
  if (i < end && s.charCodeAt(i) === COLON) {
    i = readDigits(s, i + 1, end, 2, 2);
    if (i < 0) return SCAN_SHAPE;
    ss = digitsValue;
    const c = s.charCodeAt(i);
    if (i < end && (c === DOT || c === COMMA)) {
      i++;
      let scale = 100;
      const fractionStart = i;
      while (i < end) {
        const digit = s.charCodeAt(i) - 48;
        if (digit < 0 || digit > 9) break;
        ms += digit * scale;
        scale /= 10;
        i++;
      }
      if (i === fractionStart) return SCAN_SHAPE;
      ms = Math.floor(ms);
    }
  }
  let bad = hh > 23 || mi > 59 || ss > 59;
  if (i < end && s.charCodeAt(i) === SPACE) i++;
  // 12-hour clock
  if (i + 1 < end) {
    const c = s.charCodeAt(i) | 0x20;
    const next = s.charCodeAt(i + 1) | 0x20;
    if ((c === 0x61 || c === 0x70) && next === 0x6d) {
      bad = bad || hh < 1 || hh > 12;
      hh = (hh % 12) + (c === 0x70 ? 12 : 0);
      i += 2;
      if (i < end && s.charCodeAt(i) === SPACE) i++;
    }
  }
  let offset = 0;
  if (i < end) {
    const c = s.charCodeAt(i);
    if (c === 0x5a || c === 0x7a)
      i++; // Z
    else if (c === PLUS || c === DASH) {
      i = readTwoDigits(s, i + 1, end);
      if (i < 0) return SCAN_SHAPE;
      const oh = digitsValue;
      let om = 0;
      if (i < end) {
        if (s.charCodeAt(i) === COLON) i++;
        i = readDigits(s, i, end, 2, 2);
        if (i < 0) return SCAN_SHAPE;
        om = digitsValue;
      }
      bad = bad || oh > 18 || om > 59;
      offset = (c === DASH ? -1 : 1) * (oh * 60 + om);
    } else return SCAN_SHAPE;
  }
  if (i !== end) return SCAN_SHAPE;
  parts.hasTime = true;
  parts.hh = hh;
  parts.mi = mi;
  parts.ss = ss;
  parts.ms = ms;
  parts.offset = offset;
  return bad ? SCAN_BAD_TIME : SCAN_OK;
}

const EPOCH_UNITS: Record<'epoch' | 'epoch-s' | 'epoch-ms', EpochUnit> = {
  epoch: 'auto',
  'epoch-s': 's',
  'epoch-ms': 'ms',
};

export function isEpochFormat(format: DateFormat): format is 'epoch' | 'epoch-s' | 'epoch-ms' {
  return format === 'epoch' || format === 'epoch-s' || format === 'epoch-ms';
}

/**
 * `[+-]digits[.digits]` (or `.digits`) as an epoch in `unit` (epoch.ts has the rule for `auto`).
 * Sets parts.epochMs and parts.epochDigits.
 */
export function scanEpoch(s: string, start: number, end: number, unit: EpochUnit): number {
  let i = start;
  const first = s.charCodeAt(i);
  const negative = first === DASH;
  if (negative || first === PLUS) i++;
  let whole = 0;
  let digits = 0;
  while (i < end) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) break;
    whole = whole * 10 + c;
    digits++;
    i++;
  }
  let fraction = 0;
  let fractionDigits = 0;
  if (i < end && s.charCodeAt(i) === DOT) {
    i++;
    let scale = 0.1;
    while (i < end) {
      const c = s.charCodeAt(i) - 48;
      if (c < 0 || c > 9) break;
      fraction += c * scale;
      scale /= 10;
      fractionDigits++;
      i++;
    }
  }
  if (i !== end || digits + fractionDigits === 0) return SCAN_SHAPE;
  const value = (negative ? -1 : 1) * (whole + fraction);
  const t = epochMs(value, unit);
  parts.epochDigits = digits;
  parts.hasTime = true;
  if (!inTimeRange(t)) return SCAN_OUT_OF_RANGE;
  parts.epochMs = t;
  return SCAN_OK;
}

const PAD2: string[] = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));
const PAD3: string[] = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));
const DAY_MS = 86_400_000;

/** The last scanned value as YYYY-MM-DD (the calendar date as written, ignoring any offset). */
export function scannedDate(format: DateFormat): string {
  if (isEpochFormat(format)) return isoFromEpoch(parts.epochMs).slice(0, 10);
  return `${parts.y}-${PAD2[parts.m]}-${PAD2[parts.d]}`;
}

/** The last scanned value as an ISO 8601 UTC timestamp; values without an offset are UTC. */
export function scannedDateTime(format: DateFormat): string {
  if (isEpochFormat(format)) return isoFromEpoch(parts.epochMs);
  const { y, m, d, hh, mi, ss, ms, offset } = parts;
  if (offset === 0) {
    return `${y}-${PAD2[m]}-${PAD2[d]}T${PAD2[hh]}:${PAD2[mi]}:${PAD2[ss]}.${PAD3[ms]}Z`;
  }
  return isoFromEpoch(Date.UTC(y, m - 1, d, hh, mi, ss, ms) - offset * 60_000);
}

/**
 * Same result as `new Date(t).toISOString()` for years 1000–9999, several times faster: it
 * converts days to a civil date arithmetically (H. Hinnant's days-to-civil algorithm).
 */
function isoFromEpoch(t: number): string {
  const days = Math.floor(t / DAY_MS);
  let rest = t - days * DAY_MS;
  const hh = Math.floor(rest / 3_600_000);
  rest -= hh * 3_600_000;
  const mi = Math.floor(rest / 60_000);
  rest -= mi * 60_000;
  const ss = Math.floor(rest / 1000);
  const ms = rest - ss * 1000;
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  if (y < 1000 || y > 9999) return new Date(t).toISOString();
  return `${y}-${PAD2[m]}-${PAD2[d]}T${PAD2[hh]}:${PAD2[mi]}:${PAD2[ss]}.${PAD3[ms]}Z`;
}

/** Start and end of `s` without surrounding whitespace, in `bounds` (reused). */
export const bounds = { start: 0, end: 0 };
export function trimBounds(s: string): boolean {
  let start = 0;
  let end = s.length;
  while (start < end && isSpaceCode(s.charCodeAt(start))) start++;
  while (end > start && isSpaceCode(s.charCodeAt(end - 1))) end--;
  bounds.start = start;
  bounds.end = end;
  return end > start;
}
