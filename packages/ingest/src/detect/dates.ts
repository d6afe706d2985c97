import { type DateFormat } from '../schema';
import {
  SCAN_OK,
  SCAN_SHAPE,
  bounds,
  parts,
  scanDate,
  scannedDate,
  scannedDateTime,
  trimBounds,
} from './date-scan';
import { TYPE_TOLERANCE } from './tolerance';

export interface DateInference {
  format: DateFormat;
  /** Some value has a time of day (always true for epoch formats). */
  hasTime: boolean;
  /** D/M/Y vs M/D/Y could not be told apart from the data; day-first was assumed. */
  ambiguous: boolean;
  /**
   * Present (true) when the column is `epoch` and every value has 9 digits: seconds before
   * 2001-09-09, which amounts and counts also look like, so the caller asks the name to agree.
   */
  nineDigits?: true;
}

const CANDIDATES = ['iso', 'ymd', 'dmy', 'epoch'] as const;

/**
 * Whether the epoch number just scanned looks like a timestamp rather than a quantity: unsigned,
 * with 9–10 digits before any decimal point (seconds, 1973–2286) or 12–13 digits and no
 * fraction (milliseconds, the same years). Reading accepts any magnitude (epoch.ts); detection
 * only proposes a time column for these.
 */
function plausibleEpoch(value: string, start: number): boolean {
  const c = value.charCodeAt(start);
  if (c < 48 || c > 57) return false;
  const digits = parts.epochDigits;
  if (digits === 9 || digits === 10) return true;
  return (digits === 12 || digits === 13) && !value.includes('.');
}

/**
 * Infers how a column's dates are written, or null when they are not dates (or mix day-first
 * and month-first values). A bare year or `20240305` is a number, not a date.
 */
export function inferDateFormat(
  values: readonly string[],
  minShare = TYPE_TOLERANCE,
): DateInference | null {
  const ok = { iso: 0, ymd: 0, dmy: 0, mdy: 0, epoch: 0 };
  let present = 0;
  let nineDigits = 0;
  let dayFirst = false;
  let monthFirst = false;
  for (const value of values) {
    if (!trimBounds(value)) continue;
    present++;
    for (const format of CANDIDATES) {
      const status = scanDate(value, bounds.start, bounds.end, format);
      if (format === 'dmy' && status !== SCAN_SHAPE) {
        // The numbers were read; decide which of them is the day.
        const { first, second } = parts;
        if (first > 12 && first <= 31) dayFirst = true;
        if (second > 12 && second <= 31) monthFirst = true;
        if (status === SCAN_OK) ok.dmy++;
        if (scanDate(value, bounds.start, bounds.end, 'mdy') === SCAN_OK) ok.mdy++;
        break;
      }
      if (format === 'epoch') {
        if (status === SCAN_OK && plausibleEpoch(value, bounds.start)) {
          ok.epoch++;
          if (parts.epochDigits === 9) nineDigits++;
        }
        break;
      }
      if (status === SCAN_OK) {
        ok[format]++;
        break;
      }
    }
  }
  if (present === 0) return null;
  if (dayFirst && monthFirst) {
    ok.dmy = 0;
    ok.mdy = 0;
  }
  const slashFormat: DateFormat = monthFirst ? 'mdy' : 'dmy';
  const ambiguous = !dayFirst && !monthFirst;
  let best: DateFormat = 'iso';
  for (const format of ['iso', 'ymd', slashFormat, 'epoch'] as const) {
    if (ok[format] > ok[best]) best = format;
  }
  if (ok[best] < present * minShare) return null;
  return {
    format: best,
    hasTime: best === 'epoch' || anyTime(values, best),
    ambiguous: best === 'dmy' && ambiguous,
    ...(best === 'epoch' && nineDigits === ok.epoch ? { nineDigits: true as const } : {}),
  };
}

function anyTime(values: readonly string[], format: DateFormat): boolean {
  for (const value of values) {
    if (!trimBounds(value)) continue;
    if (scanDate(value, bounds.start, bounds.end, format) === SCAN_OK && parts.hasTime) return true;
  }
  return false;
}

/**
 * Reads one value written in `format`: YYYY-MM-DD, or with `asDateTime` an ISO UTC timestamp.
 * Null for anything else, including impossible dates (2023-02-29) and times (25:00).
 */
export function parseDateValue(
  format: DateFormat,
  raw: string,
  asDateTime: boolean,
): string | null {
  if (!trimBounds(raw)) return null;
  if (scanDate(raw, bounds.start, bounds.end, format) !== SCAN_OK) return null;
  return asDateTime ? scannedDateTime(format) : scannedDate(format);
}
