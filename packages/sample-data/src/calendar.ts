/** The sample company's history: 24 months, 1 November 2024 to 31 October 2026 (the risk backtest needs 22+ months) (UTC). */
export const SAMPLE_START = '2024-11-01';
export const SAMPLE_END = '2026-10-31';

export const DAY_MS = 86_400_000;
export const START_MS = Date.parse(`${SAMPLE_START}T00:00:00Z`);
export const END_MS = Date.parse(`${SAMPLE_END}T00:00:00Z`);
/** Days in the period, both ends included. */
export const DAYS = Math.round((END_MS - START_MS) / DAY_MS) + 1;
/** Calendar months in the period. */
export const MONTHS = 24;

export function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** `2026-03-04T09:15:02Z` */
export function isoSecond(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19) + 'Z';
}

/** First day of month `m` counted from the start month. */
export function monthStart(m: number): string {
  const start = new Date(START_MS);
  return isoDay(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + m, 1));
}

/** Day index (0-based from the start) to the month index it falls in. */
export function monthOfDay(day: number): number {
  const d = new Date(START_MS + day * DAY_MS);
  const s = new Date(START_MS);
  return (d.getUTCFullYear() - s.getUTCFullYear()) * 12 + d.getUTCMonth() - s.getUTCMonth();
}
