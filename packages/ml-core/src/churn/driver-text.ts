/**
 * Drivers in words: each driver of a churn score gets the customer's raw value, the typical value
 * (median of the training rows, or the most common category) and a sentence a founder can act on,
 * e.g. "no activity for 41 days (typical 6)" or "contract: Month-to-month (most customers: Two
 * year)". The modes describe their own features (`DriverFeature`); this module only formats.
 */
import type { ChurnDriver, ChurnScore } from './types';

/** How a feature's numbers read: it picks the rounding and the unit word. */
export type DriverUnit =
  | 'days'
  | 'count'
  | 'money'
  | 'percent'
  /** A fraction 0…1 shown as a percentage. */
  | 'share'
  /** A log ratio (log(now / before)) shown as a percentage change. */
  | 'change'
  /** A multiple, shown as e.g. `6.8×`. */
  | 'ratio'
  | 'number'
  | 'boolean'
  | 'category';

/** One feature as the modes hand it to `describeDrivers`: raw values of every row and how to say them. */
export interface DriverFeature {
  /** The feature's name as in `ChurnDriver.feature`. */
  name: string;
  unit: DriverUnit;
  /** Numeric features (NaN = missing), indexed by row. */
  numbers?: ArrayLike<number>;
  /** Categorical features (null = missing), indexed by row. */
  strings?: readonly (string | null)[];
  /** Money: the symbol the column was written with (`$`, `€`…), if any. */
  currency?: string;
  /**
   * The sentence, given the formatted value and typical value and the raw numbers (NaN when
   * missing, or for categories); default `<name>: <value> (typical <typical>)`.
   */
  sentence?: (
    text: { value: string; typical: string },
    raw: { value: number; typical: number },
  ) => string;
  /** The sentence when this customer's value is missing, given the formatted typical value. */
  missingSentence?: (typical: string) => string;
}

/** `1 event`, `3 events`, `1.5 days`: the unit word after a formatted number. */
export function withUnit(value: string, singular: string, plural = `${singular}s`): string {
  return `${value} ${value === '1' ? singular : plural}`;
}

/** Rounds for reading: integers from 10 up, one decimal from 1, two significant digits below. */
export function roundForReading(x: number): number {
  if (!Number.isFinite(x)) return x;
  const a = Math.abs(x);
  if (a >= 10) return Math.round(x);
  if (a >= 1) return Math.round(x * 10) / 10;
  if (a === 0) return 0;
  const digits = 1 - Math.floor(Math.log10(a));
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

function plain(x: number): string {
  const r = roundForReading(x);
  return Math.abs(r) >= 1000 ? r.toLocaleString('en-US') : String(r);
}

/** `−5%`, `+12%`: a log ratio as a percentage change. */
export function percentChange(logRatio: number): string {
  const pct = Math.round((Math.exp(logRatio) - 1) * 100);
  if (pct === 0) return '0%';
  return `${pct > 0 ? '+' : '−'}${Math.abs(pct).toLocaleString('en-US')}%`;
}

/** A value in the feature's unit: `41`, `3.5`, `$1,240`, `62%`, `6.8×`, `yes`. */
export function formatDriverValue(x: number, unit: DriverUnit, currency = ''): string {
  if (!Number.isFinite(x)) return 'missing';
  switch (unit) {
    case 'days':
      return plain(x < 1 ? Math.round(x * 10) / 10 : Math.round(x));
    case 'count':
      return plain(Math.abs(x) >= 10 ? Math.round(x) : Math.round(x * 10) / 10);
    case 'money': {
      const a = Math.abs(x);
      const digits = a >= 100 ? 0 : 2;
      const body = a.toLocaleString('en-US', {
        minimumFractionDigits: digits,
        maximumFractionDigits: digits,
      });
      return `${x < 0 ? '−' : ''}${currency}${body}`;
    }
    case 'percent':
      return `${plain(x)}%`;
    case 'share':
      return `${Math.round(x * 100)}%`;
    case 'change':
      return percentChange(x);
    case 'ratio':
      return `${plain(x)}×`;
    case 'boolean':
      return x >= 0.5 ? 'yes' : 'no';
    default:
      return plain(x);
  }
}

/** Median of the finite values at `rows` (NaN when none). */
export function medianAt(values: ArrayLike<number>, rows: ArrayLike<number>): number {
  const present: number[] = [];
  for (let i = 0; i < rows.length; i += 1) {
    const v = values[rows[i] as number] as number;
    if (Number.isFinite(v)) present.push(v);
  }
  if (present.length === 0) return Number.NaN;
  present.sort((a, b) => a - b);
  const mid = present.length >> 1;
  return present.length % 2 === 1
    ? (present[mid] as number)
    : ((present[mid - 1] as number) + (present[mid] as number)) / 2;
}

/** Most common non-missing value at `rows` (ties: the first seen), or null when none. */
export function modeAt(values: readonly (string | null)[], rows: ArrayLike<number>): string | null {
  const counts = new Map<string, number>();
  let best: string | null = null;
  let bestCount = 0;
  for (let i = 0; i < rows.length; i += 1) {
    const v = values[rows[i] as number];
    if (v === null || v === undefined) continue;
    const c = (counts.get(v) ?? 0) + 1;
    counts.set(v, c);
    if (c > bestCount) {
      best = v;
      bestCount = c;
    }
  }
  return best;
}

/** The typical value of each feature over the training rows. */
export interface DriverReference {
  /** Numeric and boolean features: the median (boolean: 0/1 majority). */
  typicalNumber: number;
  /** Categorical features: the most common category. */
  typicalCategory: string | null;
}

export function driverReferences(
  features: readonly DriverFeature[],
  trainRows: ArrayLike<number>,
): Map<string, DriverReference> {
  const out = new Map<string, DriverReference>();
  for (const feature of features) {
    if (feature.strings) {
      out.set(feature.name, {
        typicalNumber: Number.NaN,
        typicalCategory: modeAt(feature.strings, trainRows),
      });
    } else if (feature.numbers) {
      const median = medianAt(feature.numbers, trainRows);
      out.set(feature.name, {
        typicalNumber:
          feature.unit === 'boolean' && Number.isFinite(median) ? Math.round(median) : median,
        typicalCategory: null,
      });
    }
  }
  return out;
}

/** The driver with its raw value (from `feature`, row `row`), typical value and sentence. */
export function describeDriver(
  driver: Pick<ChurnDriver, 'feature' | 'contribution'>,
  feature: DriverFeature | undefined,
  reference: DriverReference | undefined,
  row: number,
): ChurnDriver {
  if (!feature || !reference) {
    return { ...driver, value: null, typical: null, text: driver.feature };
  }
  if (feature.strings) {
    const raw = feature.strings[row] ?? null;
    const typical = reference.typicalCategory;
    const value = raw ?? 'not given';
    const label = humaniseColumnName(feature.name);
    const text =
      typical === null
        ? `${label}: ${value}`
        : typical === raw
          ? `${label}: ${value} (like most customers)`
          : `${label}: ${value} (most customers: ${typical})`;
    return { ...driver, value: raw, typical, text };
  }
  const raw = feature.numbers ? (feature.numbers[row] as number) : Number.NaN;
  const typicalRaw = reference.typicalNumber;
  const currency = feature.currency ?? '';
  const value = Number.isFinite(raw) ? formatDriverValue(raw, feature.unit, currency) : 'not given';
  const typical = Number.isFinite(typicalRaw)
    ? formatDriverValue(typicalRaw, feature.unit, currency)
    : 'unknown';
  let text = `${humaniseColumnName(feature.name)}: ${value} (typical ${typical})`;
  if (Number.isFinite(raw) && feature.sentence) {
    text = feature.sentence({ value, typical }, { value: raw, typical: typicalRaw });
  } else if (!Number.isFinite(raw) && feature.missingSentence) {
    text = feature.missingSentence(typical);
  }
  return {
    ...driver,
    value: Number.isFinite(raw) ? roundStored(raw) : null,
    typical: Number.isFinite(typicalRaw) ? roundStored(typicalRaw) : null,
    text,
  };
}

/** Stored numbers keep 4 significant digits: plenty to read, small to store. */
function roundStored(x: number): number {
  if (x === 0) return 0;
  const digits = Math.max(0, 3 - Math.floor(Math.log10(Math.abs(x))));
  const f = 10 ** Math.min(digits, 8);
  return Math.round(x * f) / f;
}

/**
 * Adds value, typical value and sentence to every driver. `features` hold the scored rows' raw
 * values and `rowOf(i)` is the row of `scores[i]` in them; `references` (from `driverReferences`
 * over the training rows) give the typical values.
 */
export function describeDrivers(
  scores: readonly ChurnScore[],
  rowOf: (i: number) => number,
  features: readonly DriverFeature[],
  references: ReadonlyMap<string, DriverReference>,
): ChurnScore[] {
  const byName = new Map(features.map((f) => [f.name, f]));
  return scores.map((score, i) => ({
    ...score,
    drivers: score.drivers.map((d) =>
      describeDriver(d, byName.get(d.feature), references.get(d.feature), rowOf(i)),
    ),
  }));
}

/** `support_tickets_90d` → `support tickets in the last 90 days`; `lastLoginDays` → `last login days`. */
export function humaniseColumnName(name: string): string {
  let text = name
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/[_\-.]+/g, ' ')
    .trim()
    .toLowerCase();
  text = text
    .replace(/\b(\d+)\s*d\b/, 'in the last $1 days')
    .replace(/\b(\d+)\s*m\b/, 'in the last $1 months');
  return text.replace(/\s+/g, ' ');
}

const MONEY_NAME =
  /(charge|price|revenue|amount|spend|spent|mrr|arr|arpu|ltv|cost|fee|bill|paid|payment_total|balance|salary|income|value_usd)/i;
const DAYS_NAME = /(^|[_\s-])days?($|[_\s-])|days$|_days_|since|ago/i;
const COUNT_NAME =
  /(^|[_\s-])(num|n|count|number)([_\s-]|$)|tickets|logins|sessions|calls|visits|events|orders|purchases|complaints|payments|products|seats|users|clicks/i;

/**
 * How a table column reads, from its name and raw values: a currency symbol or a money-like name
 * is money, `%` values are percent, a days-like name is days, a count-like name is a count.
 */
export function tableColumnUnit(
  name: string,
  kind: 'numeric' | 'boolean' | 'date' | 'categorical' | string,
  raw: readonly (string | null)[],
): { unit: DriverUnit; currency?: string } {
  if (kind === 'categorical') return { unit: 'category' };
  if (kind === 'boolean') return { unit: 'boolean' };
  if (kind === 'date') return { unit: 'days' };
  let currency: string | undefined;
  let percent = 0;
  let seen = 0;
  for (let i = 0; i < raw.length && seen < 200; i += 1) {
    const v = raw[i];
    if (v === null || v === undefined || v.trim() === '') continue;
    seen += 1;
    const symbol = /[$€£¥]/u.exec(v);
    if (symbol && currency === undefined) currency = symbol[0];
    if (v.trim().endsWith('%')) percent += 1;
  }
  if (currency !== undefined) return { unit: 'money', currency };
  if (seen > 0 && percent >= seen / 2) return { unit: 'percent' };
  if (MONEY_NAME.test(name)) return { unit: 'money' };
  if (DAYS_NAME.test(name)) return { unit: 'days' };
  if (COUNT_NAME.test(name)) return { unit: 'count' };
  return { unit: 'number' };
}

/** The sentence of a table column: `last login: 41 days (typical 6)`, `has partner: no (most customers: yes)`. */
export function tableColumnSentence(
  name: string,
  unit: DriverUnit,
  kind: string,
): DriverFeature['sentence'] {
  const label = humaniseColumnName(name);
  if (kind === 'date') {
    return ({ value, typical }) => `${label}: ${withUnit(value, 'day')} ago (typical ${typical})`;
  }
  if (unit === 'boolean') {
    return ({ value, typical }) =>
      value === typical
        ? `${label}: ${value} (like most customers)`
        : `${label}: ${value} (most customers: ${typical})`;
  }
  if (unit === 'days') {
    const stripped = label.replace(/\s*\bdays?\b\s*/g, ' ').trim() || label;
    return ({ value, typical }) => `${stripped}: ${withUnit(value, 'day')} (typical ${typical})`;
  }
  if (unit === 'count' && /\bin the last \d+ (days|months)$/.test(label)) {
    const [, what, period] = /^(.*?) (in the last \d+ (?:days|months))$/.exec(label) ?? [];
    if (what && period) {
      const one = what.replace(/s$/, '');
      return ({ value, typical }) =>
        `${value} ${value === '1' ? one : what} ${period} (typical ${typical})`;
    }
  }
  const time = TIME_WORD.exec(label);
  if (time && unit === 'number' && !/\bin the last\b/.test(label)) {
    const word = TIME_UNITS[(time[1] as string).replace(/s$/, '')] ?? 'unit';
    const stripped = label.replace(time[0], ' ').replace(/\s+/g, ' ').trim() || label;
    return ({ value, typical }) => `${stripped}: ${withUnit(value, word)} (typical ${typical})`;
  }
  return ({ value, typical }) => `${label}: ${value} (typical ${typical})`;
}

/** A time unit in a column name (`tenure_months`, `avg_session_minutes`). */
const TIME_WORD = /\b(minutes?|mins?|hours?|hrs?|weeks?|months?|years?)\b/;
const TIME_UNITS: Record<string, string> = {
  minute: 'minute',
  min: 'minute',
  hour: 'hour',
  hr: 'hour',
  week: 'week',
  month: 'month',
  year: 'year',
};
