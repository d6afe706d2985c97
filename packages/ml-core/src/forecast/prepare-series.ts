import {
  addPeriods,
  FREQUENCIES,
  inferFrequency,
  periodsBetween,
  type Frequency,
  type FrequencyInfo,
} from '../common/calendar';
import { ForecastInputError } from './errors';

export interface RawSeries {
  id: string;
  /** ISO dates (YYYY-MM-DD), any order. */
  dates: string[];
  values: number[];
}

export interface SeriesIssue {
  series: string;
  /** `gap_filled`, `duplicate_dates` (aggregated), `missing_values` (non-finite values dropped). */
  kind: 'gap_filled' | 'duplicate_dates' | 'missing_values' | (string & {});
  count: number;
  message: string;
}

export interface PreparedSeries {
  frequency: FrequencyInfo;
  /** Regular series: one value per period from each series' first to last date, oldest first. */
  series: RawSeries[];
  /** Everything that was changed, per series; empty when the input was already regular. */
  issues: SeriesIssue[];
}

/** What to do with two values in the same period: refuse (default) or combine them. */
export type DuplicatePolicy = 'reject' | 'mean' | 'sum' | 'last';

export interface PrepareSeriesOptions {
  /** Frequency of every series; `auto` (default) infers it from the longest series' dates. */
  frequency?: Frequency | 'auto';
  /**
   * Two values in one period (same date, or e.g. two dates in one month of monthly data):
   * `reject` (default) throws a ForecastInputError naming the series and date, since whether they
   * should be summed or averaged cannot be guessed; `mean`/`sum`/`last` combine them and report a
   * `duplicate_dates` issue.
   */
  duplicates?: DuplicatePolicy;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function checkDate(id: string, date: string, index: number): void {
  if (
    typeof date !== 'string' ||
    !ISO_DATE.test(date) ||
    Number.isNaN(Date.parse(`${date}T00:00:00Z`))
  ) {
    throw new ForecastInputError(
      `series "${id}": date ${index + 1} is "${String(date)}", not an ISO date (YYYY-MM-DD)`,
      { seriesIds: [id] },
    );
  }
}

function combine(values: number[], policy: Exclude<DuplicatePolicy, 'reject'>): number {
  if (policy === 'last') return values[values.length - 1] as number;
  const sum = values.reduce((a, b) => a + b, 0);
  return policy === 'sum' ? sum : sum / values.length;
}

/**
 * Turns raw (date, value) series into regular ones for forecasting: sorts by date, infers (or
 * takes) one frequency for the dataset, puts each value in its period, fills missing periods by
 * linear interpolation and reports every change as an issue. Non-finite values are dropped and
 * their periods filled (reported as `missing_values`). Business-daily data (weekdays only) gets
 * frequency `B`: weekends are not periods, so nothing is invented for them; a missing weekday
 * (a holiday) is filled and reported like any gap.
 *
 * Throws ForecastInputError for empty input, repeated series ids, bad dates, mismatched lengths,
 * and (with the default `duplicates: 'reject'`) two values in one period.
 */
export function prepareSeries(
  input: readonly RawSeries[],
  options: PrepareSeriesOptions = {},
): PreparedSeries {
  if (input.length === 0) throw new ForecastInputError('no series to prepare');
  const ids = new Set<string>();
  const issues: SeriesIssue[] = [];
  const cleaned = input.map(({ id, dates, values }) => {
    if (ids.has(id)) {
      throw new ForecastInputError(`series id "${id}" appears more than once`, { seriesIds: [id] });
    }
    ids.add(id);
    if (dates.length !== values.length) {
      throw new ForecastInputError(
        `series "${id}": ${dates.length} dates but ${values.length} values`,
        { seriesIds: [id] },
      );
    }
    dates.forEach((date, index) => checkDate(id, date, index));
    const rows = dates
      .map((date, index) => ({ date, value: values[index] as number }))
      .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    const finite = rows.filter(
      (row) => typeof row.value === 'number' && Number.isFinite(row.value),
    );
    if (finite.length < rows.length) {
      const dropped = rows.length - finite.length;
      issues.push({
        series: id,
        kind: 'missing_values',
        count: dropped,
        message: `series "${id}": ${dropped} missing or non-numeric values dropped; their periods are filled by interpolation`,
      });
    }
    if (finite.length === 0) {
      throw new ForecastInputError(`series "${id}" has no numeric values`, { seriesIds: [id] });
    }
    return { id, rows: finite, allDates: rows.map((row) => row.date) };
  });

  const requested = options.frequency ?? 'auto';
  let frequency: FrequencyInfo;
  if (requested === 'auto') {
    const longest = cleaned.reduce((a, b) => (b.allDates.length > a.allDates.length ? b : a));
    if (new Set(longest.allDates).size < 2) {
      throw new ForecastInputError(
        'every series has a single date; a forecast needs at least two dates to infer the frequency',
      );
    }
    frequency = inferFrequency(longest.allDates);
  } else {
    const info = FREQUENCIES[requested];
    if (info === undefined)
      throw new ForecastInputError(`unknown frequency "${String(requested)}"`);
    frequency = info;
  }
  const freq = frequency.frequency;
  const policy = options.duplicates ?? 'reject';

  const series = cleaned.map(({ id, rows }) => {
    const first = rows[0]!.date;
    const slots = new Map<number, number[]>();
    for (const { date, value } of rows) {
      const k = periodsBetween(first, date, freq);
      const slot = slots.get(k);
      if (slot === undefined) slots.set(k, [value]);
      else slot.push(value);
    }
    const collisions = [...slots.entries()].filter(([, values]) => values.length > 1);
    if (collisions.length > 0) {
      const [k, values] = collisions[0]!;
      const period = addPeriods(first, freq, k);
      if (policy === 'reject') {
        throw new ForecastInputError(
          `series "${id}": ${values.length} values fall in the ${frequency.label} period of ${period}` +
            (collisions.length > 1
              ? ` (and ${collisions.length - 1} more periods have several values)`
              : '') +
            '; keep one value per period (sum or average them first)',
          { seriesIds: [id] },
        );
      }
      const extra = collisions.reduce((sum, [, v]) => sum + v.length - 1, 0);
      issues.push({
        series: id,
        kind: 'duplicate_dates',
        count: extra,
        message: `series "${id}": ${collisions.length} ${frequency.label} periods had several values (first: ${period}); combined by ${policy}`,
      });
      for (const [key, values] of collisions) slots.set(key, [combine(values, policy)]);
    }
    const last = Math.max(...slots.keys());
    const outDates: string[] = [];
    const outValues: number[] = [];
    let filled = 0;
    let prevK = 0;
    for (let k = 0; k <= last; k += 1) {
      outDates.push(addPeriods(first, freq, k));
      const slot = slots.get(k);
      if (slot !== undefined) {
        outValues.push(slot[0] as number);
        prevK = k;
        continue;
      }
      let nextK = k + 1;
      while (!slots.has(nextK)) nextK += 1;
      const a = slots.get(prevK)![0] as number;
      const b = slots.get(nextK)![0] as number;
      outValues.push(a + ((b - a) * (k - prevK)) / (nextK - prevK));
      filled += 1;
    }
    if (filled > 0) {
      issues.push({
        series: id,
        kind: 'gap_filled',
        count: filled,
        message: `series "${id}": ${filled} missing ${frequency.label} periods filled by linear interpolation`,
      });
    }
    return { id, dates: outDates, values: outValues };
  });
  return { frequency, series, issues };
}
