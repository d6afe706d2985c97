import { SCAN_OK, bounds, scanDate, scanEpoch, scannedDateTime, trimBounds } from './date-scan';

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
