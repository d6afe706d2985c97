import {
  SCAN_OK,
  bounds,
  scanDate,
  scanEpoch,
  scannedDateTime,
  trimBounds,
} from './detect/date-scan';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const SLASH_YMD = /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/;
const YEAR_MONTH = /^(\d{4})-(\d{2})$/;

function validDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return d <= days;
}

function iso(y: number, m: number, d: number): string {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/**
 * Parses a calendar date written as YYYY-MM-DD (optionally with a time, which is dropped),
 * YYYY/MM/DD, or YYYY-MM (the first of that month). Returns YYYY-MM-DD or null.
 */
export function parseDate(raw: string): string | null {
  const text = raw.trim();
  const m = ISO_DATE.exec(text) ?? SLASH_YMD.exec(text);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    return validDate(y, mo, d) ? iso(y, mo, d) : null;
  }
  const ym = YEAR_MONTH.exec(text);
  if (ym) {
    const [y, mo] = [Number(ym[1]), Number(ym[2])];
    return validDate(y, mo, 1) ? iso(y, mo, 1) : null;
  }
  return null;
}

const NUMBER = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;
const GROUPED = /^[-+]?\d{1,3}(,\d{3})+(\.\d+)?$/;

/**
 * Parses a number as exported by spreadsheets: plain or scientific notation, "1,234.5"
 * thousands separators, a leading currency symbol ($ € £ ¥), and "(12.5)" for negatives.
 */
export function parseNumber(raw: string): number | null {
  let text = raw.trim().replace(/^([-+]?)\s*[$€£¥]\s*/, '$1');
  let sign = 1;
  const paren = /^\((.*)\)$/.exec(text);
  if (paren) {
    sign = -1;
    text = paren[1]!.trim().replace(/^[$€£¥]\s*/, '');
  }
  if (GROUPED.test(text)) text = text.replace(/,/g, '');
  if (!NUMBER.test(text)) return null;
  const value = Number(text) * sign;
  return Number.isFinite(value) ? value : null;
}

/** Why a cell is not a timestamp (after row, column and value in an UploadError). */
export const TIMESTAMP_EXPECTED =
  'is not a timestamp (expected ISO 8601 like 2024-03-05T10:20:30Z, or epoch seconds or milliseconds)';

/**
 * Parses a point in time — the one reader of timestamps for the upload, the API and the CLI:
 *
 * - ISO 8601 with or without a zone: `2024-03-05` (midnight), `2024-03-05T10:20:30Z`,
 *   `2024-03-05 10:20`, fractional seconds (`10:20:30.123456`), offsets `Z`, `±hh:mm`, `±hhmm`,
 *   `±hh`. Without a zone the time is taken as UTC.
 * - Epoch numbers of any magnitude, integer or decimal: seconds when |n| < 1e11, milliseconds
 *   from 1e11 on (1e11 s is the year 5138, 1e11 ms is 1973; detect/epoch.ts). So 9-digit
 *   `964980499` is 2000-07-30T18:08:19Z, 10-digit seconds and 13-digit milliseconds read as
 *   expected, and small integers (1, 2, 3 — an order column) read as seconds after 1970, which
 *   keeps their order.
 *
 * Returns an ISO string in UTC (years 0001–9999), or null. The upload's converter reads `iso` and
 * `epoch` columns with the same scanner (detect/date-scan.ts), so both accept the same text.
 */
export function parseTimestamp(raw: string): string | null {
  if (!trimBounds(raw)) return null;
  const { start, end } = bounds;
  if (scanEpoch(raw, start, end, 'auto') === SCAN_OK) return scannedDateTime('epoch');
  if (scanDate(raw, start, end, 'iso') === SCAN_OK) return scannedDateTime('iso');
  return null;
}
