/**
 * Calendar arithmetic on ISO dates (YYYY-MM-DD, UTC): infer a series' frequency from its dates,
 * lay dates on a regular grid, and step forward for forecast dates.
 */

/** D daily, B business days (Mon–Fri; weekends are not periods), W weekly, M, Q, Y. */
export type Frequency = 'D' | 'B' | 'W' | 'M' | 'Q' | 'Y';

export interface FrequencyInfo {
  frequency: Frequency;
  /** Season length in periods (7 daily, 5 business-daily, 52 weekly, 12 monthly, 4 quarterly, 1 yearly). */
  seasonality: number;
  /** A sensible default forecast horizon in periods. */
  defaultHorizon: number;
  label: string;
}

export const FREQUENCIES: Record<Frequency, FrequencyInfo> = {
  D: { frequency: 'D', seasonality: 7, defaultHorizon: 28, label: 'daily' },
  B: { frequency: 'B', seasonality: 5, defaultHorizon: 20, label: 'business-daily' },
  W: { frequency: 'W', seasonality: 52, defaultHorizon: 13, label: 'weekly' },
  M: { frequency: 'M', seasonality: 12, defaultHorizon: 12, label: 'monthly' },
  Q: { frequency: 'Q', seasonality: 4, defaultHorizon: 4, label: 'quarterly' },
  Y: { frequency: 'Y', seasonality: 1, defaultHorizon: 3, label: 'yearly' },
};

const DAY_MS = 86_400_000;

function toUtc(date: string): Date {
  const d = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || !/^\d{4}-\d{2}-\d{2}$/.test(date))
    throw new RangeError(`Not an ISO date: ${date}`);
  return d;
}

function toIso(d: Date): string {
  return d.toISOString().slice(0, 10);
}

const isWeekend = (time: number): boolean => {
  const day = new Date(time).getUTCDay();
  return day === 0 || day === 6;
};

/**
 * Infers the frequency from the median gap between consecutive (sorted, distinct) dates. Daily
 * data with no Saturday or Sunday at all and at least one Friday→Monday step is business-daily
 * ('B'): weekends are not missing values, they are not periods.
 */
export function inferFrequency(dates: readonly string[]): FrequencyInfo {
  const times = [...new Set(dates)].map((d) => toUtc(d).getTime()).sort((a, b) => a - b);
  if (times.length < 2)
    throw new RangeError('At least two distinct dates are needed to infer a frequency');
  const gaps = times
    .slice(1)
    .map((t, i) => (t - times[i]!) / DAY_MS)
    .sort((a, b) => a - b);
  const median = gaps[Math.floor(gaps.length / 2)]!;
  if (median <= 1.5) {
    const weekdaysOnly = times.every((t) => !isWeekend(t));
    const skipsWeekend = times.slice(1).some((t, i) => (t - times[i]!) / DAY_MS === 3);
    return weekdaysOnly && skipsWeekend ? FREQUENCIES.B : FREQUENCIES.D;
  }
  if (median <= 10) return FREQUENCIES.W;
  if (median <= 45) return FREQUENCIES.M;
  if (median <= 135) return FREQUENCIES.Q;
  return FREQUENCIES.Y;
}

function lastDayOfMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
}

/** Moves `n` business days (Mon–Fri) from `time`; a weekend start counts from the Friday before. */
function addBusinessDays(time: number, n: number): number {
  let t = time;
  while (isWeekend(t)) t -= DAY_MS;
  const weeks = Math.trunc(n / 5);
  t += weeks * 7 * DAY_MS;
  let rest = n - weeks * 5;
  const step = rest >= 0 ? DAY_MS : -DAY_MS;
  while (rest !== 0) {
    t += step;
    if (!isWeekend(t)) rest -= Math.sign(rest);
  }
  return t;
}

/** Business days in (from, to] (negative when `to` is earlier); weekend dates count as nothing. */
function businessDaysBetween(from: number, to: number): number {
  if (to < from) return -businessDaysBetween(to, from);
  const days = Math.round((to - from) / DAY_MS);
  const weeks = Math.floor(days / 7);
  let count = weeks * 5;
  for (let t = from + weeks * 7 * DAY_MS + DAY_MS; t <= to; t += DAY_MS) {
    if (!isWeekend(t)) count += 1;
  }
  return count;
}

/**
 * The date `n` periods after `date`; month steps keep the day of month (clamped, end stays end);
 * business-day steps skip Saturdays and Sundays.
 */
export function addPeriods(date: string, frequency: Frequency, n: number): string {
  const d = toUtc(date);
  if (frequency === 'B') return toIso(new Date(addBusinessDays(d.getTime(), n)));
  if (frequency === 'D' || frequency === 'W') {
    return toIso(new Date(d.getTime() + n * (frequency === 'D' ? 1 : 7) * DAY_MS));
  }
  const months = n * (frequency === 'M' ? 1 : frequency === 'Q' ? 3 : 12);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  const day = d.getUTCDate();
  const atEnd = day === lastDayOfMonth(y, m);
  const target = new Date(Date.UTC(y, m + months, 1));
  const ty = target.getUTCFullYear();
  const tm = target.getUTCMonth();
  const maxDay = lastDayOfMonth(ty, tm);
  return toIso(new Date(Date.UTC(ty, tm, atEnd ? maxDay : Math.min(day, maxDay))));
}

/** Number of whole periods from `from` to `to` (rounded to the nearest period). */
export function periodsBetween(from: string, to: string, frequency: Frequency): number {
  const a = toUtc(from);
  const b = toUtc(to);
  if (frequency === 'B') return businessDaysBetween(a.getTime(), b.getTime());
  if (frequency === 'D' || frequency === 'W') {
    return Math.round((b.getTime() - a.getTime()) / DAY_MS / (frequency === 'D' ? 1 : 7));
  }
  const months =
    (b.getUTCFullYear() - a.getUTCFullYear()) * 12 + (b.getUTCMonth() - a.getUTCMonth());
  return Math.round(months / (frequency === 'M' ? 1 : frequency === 'Q' ? 3 : 12));
}

export interface RegularSeries {
  dates: string[];
  values: number[];
  /** Periods that had no value and were filled by linear interpolation. */
  filled: number;
}

/**
 * Lays a sorted series on a regular grid from its first date, one point per period. Missing
 * periods are filled by linear interpolation between their neighbours (and counted); two values
 * falling in the same period are an error, since which one is right cannot be guessed.
 */
export function regularize(
  dates: readonly string[],
  values: readonly number[],
  frequency: Frequency,
): RegularSeries {
  if (dates.length !== values.length) throw new RangeError('dates and values differ in length');
  if (dates.length === 0) return { dates: [], values: [], filled: 0 };
  const first = dates[0]!;
  const slots = new Map<number, number>();
  dates.forEach((date, i) => {
    const k = periodsBetween(first, date, frequency);
    if (slots.has(k))
      throw new RangeError(
        `Two values fall in the same ${FREQUENCIES[frequency].label} period (${date})`,
      );
    slots.set(k, values[i]!);
  });
  const last = Math.max(...slots.keys());
  const outDates: string[] = [];
  const outValues: number[] = [];
  let filled = 0;
  let prevK = 0;
  for (let k = 0; k <= last; k++) {
    outDates.push(addPeriods(first, frequency, k));
    const v = slots.get(k);
    if (v !== undefined) {
      outValues.push(v);
      prevK = k;
      continue;
    }
    let nextK = k + 1;
    while (!slots.has(nextK)) nextK++;
    const a = slots.get(prevK)!;
    const b = slots.get(nextK)!;
    outValues.push(a + ((b - a) * (k - prevK)) / (nextK - prevK));
    filled++;
  }
  return { dates: outDates, values: outValues, filled };
}

/**
 * Position of `date` in its frequency's season (0..seasonality−1): weekday for daily (Monday 0)
 * and business-daily data, week of the year (0..51) for weekly, month (0..11) for monthly, quarter
 * (0..3) for quarterly, 0 for yearly. Feeds calendar features of the forecast models.
 */
export function seasonPhase(date: string, frequency: Frequency): number {
  const d = toUtc(date);
  switch (frequency) {
    case 'D':
    case 'B':
      return (d.getUTCDay() + 6) % 7;
    case 'W': {
      const dayOfYear = Math.floor((d.getTime() - Date.UTC(d.getUTCFullYear(), 0, 1)) / DAY_MS);
      return Math.min(Math.floor(dayOfYear / 7), 51);
    }
    case 'M':
      return d.getUTCMonth();
    case 'Q':
      return Math.floor(d.getUTCMonth() / 3);
    default:
      return 0;
  }
}
