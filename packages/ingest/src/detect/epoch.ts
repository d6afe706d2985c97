/**
 * Epoch timestamps: one rule for every reader (the upload, the API, the CLI).
 *
 * A number n — an integer or a decimal, of any number of digits, with an optional sign — is epoch
 * **milliseconds when |n| ≥ 1e11** and epoch **seconds otherwise**. The threshold cannot mislead a
 * real timestamp: 1e11 seconds is the year 5138, while 1e11 milliseconds is 1973-03-03. So every
 * second count up to the far future (9 digits: 1973–2001, 10 digits: 2001–2286) reads as seconds,
 * and every millisecond count from March 1973 on (12 and 13 digits) reads as milliseconds. Only
 * millisecond counts before March 1973 are misread (as seconds); choose "Unix milliseconds" for
 * such a column.
 *
 * Small integers (1, 2, 3 … an order or step column) read as seconds after 1970-01-01T00:00:00Z.
 * The map is increasing on each side of the threshold, so a column whose values all lie below
 * 1e11 (any order column does) keeps its order exactly: 1 < 2 gives 00:00:01 < 00:00:02.
 */
export const EPOCH_MS_THRESHOLD = 1e11;

/** Earliest and latest instants we store: 0001-01-01 to 9999-12-31 (four-digit ISO years). */
export const MIN_TIME_MS = -62_135_596_800_000;
export const MAX_TIME_MS = 253_402_300_799_999;

export type EpochUnit = 'auto' | 's' | 'ms';

/** Epoch milliseconds of `n` read in `unit` (`auto`: the magnitude rule above), rounded to 1 ms. */
export function epochMs(n: number, unit: EpochUnit = 'auto'): number {
  const seconds = unit === 's' || (unit === 'auto' && Math.abs(n) < EPOCH_MS_THRESHOLD);
  return Math.round(seconds ? n * 1000 : n);
}

/** Whether epoch milliseconds `t` fall in the years we store (0001–9999). */
export function inTimeRange(t: number): boolean {
  return t >= MIN_TIME_MS && t <= MAX_TIME_MS;
}
