/**
 * Churn from an event log (no labels needed): per-user features at a cutoff from activity up to
 * it, label "no activity in the next N days", train on earlier cutoffs, validate on the latest
 * labelled cutoff, score every user active in the final window.
 */
import { DEFAULT_CHURN_WINDOW_DAYS, MIN_EVENT_SPAN_WINDOWS } from '../requirements';
import { createRandom, type Random } from '../common/random';
import { runChurnClassifier } from './classifier';
import {
  describeDrivers,
  driverReferences,
  withUnit,
  type DriverFeature,
  type DriverUnit,
} from './driver-text';
import type { FeatureColumn } from './encoder';
import { ChurnInputError } from './errors';
import type { ChurnEvents, ChurnEventsOptions, ChurnResult, CodedEventLog } from './types';

export const DAY_MS = 86_400_000;
/** Event names that get their own share-of-activity feature (most frequent first). */
export const MAX_EVENT_TYPES = 8;
/** Activity windows (days) of the count/value features; the label window is added when missing. */
export const FEATURE_WINDOWS = [7, 30, 90] as const;
const MIN_TRAIN_PER_CLASS = 10;
/**
 * Training and validation rows used at most; beyond, a seeded uniform sample. Past ~100k rows the
 * candidates' validation scores barely move while training time grows with the rows (a 10M-event
 * log has millions of user × cutoff rows), so big logs train in minutes with the same models.
 */
export const MAX_TRAIN_ROWS = 150_000;
export const MAX_VALIDATION_ROWS = 60_000;
const MIN_VALIDATION_PER_CLASS = 5;

/**
 * Events grouped by user and sorted by time within each user (a `CodedEventLog` with its time
 * range). Names and items are dictionaries numbered in order of first appearance in this order,
 * trimmed, blank meaning missing; `indexEvents` (raw arrays) and `indexCodedEvents` (a coded log)
 * give the same index for the same events.
 */
export interface EventIndex extends CodedEventLog {
  firstTime: number;
  lastTime: number;
}

/** Validates and indexes an event log. Throws ChurnInputError on mismatched lengths or bad times. */
export function indexEvents(events: ChurnEvents): EventIndex {
  const n = events.userIds.length;
  if (events.times.length !== n) {
    throw new ChurnInputError(`events: ${n} user ids but ${events.times.length} timestamps`, {
      column: 'time',
    });
  }
  for (const [key, array] of [
    ['event name', events.eventNames],
    ['value', events.values],
    ['item', events.items],
  ] as const) {
    if (array !== undefined && array.length !== n) {
      throw new ChurnInputError(`events: ${n} user ids but ${array.length} ${key}s`, {
        column: key,
      });
    }
  }
  if (n === 0) throw new ChurnInputError('events: the log is empty');
  const userCode = new Map<string, number>();
  const users: string[] = [];
  const codes = new Int32Array(n);
  for (let i = 0; i < n; i += 1) {
    const id = events.userIds[i];
    if (id === undefined || id === null || String(id).trim() === '') {
      throw new ChurnInputError(`events: row ${i + 1} has no user id`, { column: 'user' });
    }
    const t = events.times[i] as number;
    if (!Number.isFinite(t)) {
      throw new ChurnInputError(`events: row ${i + 1}, timestamp "${String(t)}" is not a time`, {
        column: 'time',
        value: String(t),
      });
    }
    let code = userCode.get(id);
    if (code === undefined) {
      code = users.length;
      userCode.set(id, code);
      users.push(id);
    }
    codes[i] = code;
  }
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (a, b) =>
      (codes[a] as number) - (codes[b] as number) ||
      (events.times[a] as number) - (events.times[b] as number) ||
      a - b,
  );
  const offsets = new Int32Array(users.length + 1);
  for (let i = 0; i < n; i += 1)
    offsets[(codes[i] as number) + 1] = (offsets[(codes[i] as number) + 1] as number) + 1;
  for (let u = 0; u < users.length; u += 1)
    offsets[u + 1] = (offsets[u + 1] as number) + (offsets[u] as number);

  const names = new Dictionary();
  const items = new Dictionary();
  const times = new Float64Array(n);
  const nameCodes = new Int32Array(n);
  const values = events.values ? new Float64Array(n) : null;
  const itemCodes = events.items ? new Int32Array(n) : null;
  let firstTime = Number.POSITIVE_INFINITY;
  let lastTime = Number.NEGATIVE_INFINITY;
  order.forEach((source, position) => {
    const t = events.times[source] as number;
    times[position] = t;
    if (t < firstTime) firstTime = t;
    if (t > lastTime) lastTime = t;
    nameCodes[position] = names.code(events.eventNames?.[source]);
    if (values) {
      const v = events.values?.[source];
      values[position] = v === null || v === undefined || !Number.isFinite(v) ? Number.NaN : v;
    }
    if (itemCodes) itemCodes[position] = items.code(events.items?.[source]);
  });
  return {
    users,
    offsets,
    times,
    names: names.entries,
    nameCodes,
    values,
    items: items.entries,
    itemCodes,
    firstTime,
    lastTime,
  };
}

/** Trimmed names numbered in order of first use; blank or missing is −1. */
class Dictionary {
  readonly entries: string[] = [];
  private readonly codes = new Map<string, number>();

  code(raw: string | null | undefined): number {
    if (raw === undefined || raw === null) return -1;
    const key = raw.trim();
    if (key === '') return -1;
    let code = this.codes.get(key);
    if (code === undefined) {
      code = this.entries.length;
      this.codes.set(key, code);
      this.entries.push(key);
    }
    return code;
  }
}

/**
 * Codes renumbered as `indexEvents` numbers them: dictionary entries trimmed (blank = missing,
 * equal after trimming = one entry), in order of first use, unused entries dropped. The codes
 * array is returned as it is when nothing changes (the usual case for an engine's stream).
 */
function normalizeCodes(
  dictionary: readonly string[],
  codes: Int32Array,
  column: string,
): { entries: string[]; codes: Int32Array } {
  const remap = new Int32Array(dictionary.length).fill(-2);
  const normal = new Dictionary();
  let same = true;
  for (let i = 0; i < codes.length; i += 1) {
    const c = codes[i] as number;
    if (c < 0) {
      if (c !== -1) same = false;
      continue;
    }
    if (c >= dictionary.length) {
      throw new ChurnInputError(
        `events: event ${i + 1} has ${column} code ${c} but the dictionary has ${dictionary.length} entries`,
        { column },
      );
    }
    let mapped = remap[c] as number;
    if (mapped === -2) {
      mapped = normal.code(dictionary[c]);
      remap[c] = mapped;
    }
    if (mapped !== c) same = false;
  }
  if (same) return { entries: normal.entries, codes };
  const out = new Int32Array(codes.length);
  for (let i = 0; i < codes.length; i += 1) {
    const c = codes[i] as number;
    out[i] = c < 0 ? -1 : (remap[c] as number);
  }
  return { entries: normal.entries, codes: out };
}

/**
 * Indexes a log that is already grouped by user and in time order within each user (an events
 * engine's stream) without sorting or copying its columns: validates the shape (lengths, offsets,
 * finite times in order within each user, distinct non-blank user ids), drops users with no
 * events and renumbers names and items only where the dictionaries differ from `indexEvents`'s
 * numbering. Gives the same index as `indexEvents` on the same events listed in that order.
 * Throws ChurnInputError.
 */
export function indexCodedEvents(log: CodedEventLog): EventIndex {
  const n = log.times.length;
  const nUsers = log.users.length;
  if (n === 0) throw new ChurnInputError('events: the log is empty');
  for (const [key, array] of [
    ['event name', log.nameCodes],
    ['value', log.values],
    ['item', log.itemCodes],
  ] as const) {
    if (array !== null && array.length !== n) {
      throw new ChurnInputError(`events: ${n} timestamps but ${array.length} ${key}s`, {
        column: key,
      });
    }
  }
  if (log.offsets.length !== nUsers + 1 || log.offsets[0] !== 0 || log.offsets[nUsers] !== n) {
    throw new ChurnInputError(
      `events: offsets must run from 0 to ${n} over ${nUsers} users (${nUsers + 1} entries)`,
    );
  }
  const seen = new Set<string>();
  let firstTime = Number.POSITIVE_INFINITY;
  let lastTime = Number.NEGATIVE_INFINITY;
  let emptyUsers = 0;
  const { times } = log;
  for (let u = 0; u < nUsers; u += 1) {
    const id = log.users[u];
    if (id === undefined || id === null || String(id).trim() === '') {
      throw new ChurnInputError(`events: user ${u + 1} has no user id`, { column: 'user' });
    }
    if (seen.has(id)) {
      throw new ChurnInputError(`events: user "${id}" appears twice; group each user's events`, {
        column: 'user',
        value: id,
      });
    }
    seen.add(id);
    const start = log.offsets[u] as number;
    const end = log.offsets[u + 1] as number;
    if (end < start) throw new ChurnInputError(`events: offsets decrease at user "${id}"`);
    if (end === start) {
      emptyUsers += 1;
      continue;
    }
    for (let i = start; i < end; i += 1) {
      const t = times[i] as number;
      if (!Number.isFinite(t)) {
        throw new ChurnInputError(
          `events: event ${i + 1}, timestamp "${String(t)}" is not a time`,
          {
            column: 'time',
            value: String(t),
          },
        );
      }
      if (i > start && t < (times[i - 1] as number)) {
        throw new ChurnInputError(`events: the events of user "${id}" are not in time order`, {
          column: 'time',
        });
      }
    }
    if ((times[start] as number) < firstTime) firstTime = times[start] as number;
    if ((times[end - 1] as number) > lastTime) lastTime = times[end - 1] as number;
  }
  let users = log.users;
  let offsets = log.offsets;
  if (emptyUsers > 0) {
    users = [];
    offsets = new Int32Array(nUsers - emptyUsers + 1);
    for (let u = 0; u < nUsers; u += 1) {
      const end = log.offsets[u + 1] as number;
      if (end === log.offsets[u]) continue;
      users.push(log.users[u] as string);
      offsets[users.length] = end;
    }
  }
  let { values } = log;
  if (values) {
    const finite = values;
    for (let i = 0; i < n; i += 1) {
      const v = finite[i] as number;
      if (v === Number.POSITIVE_INFINITY || v === Number.NEGATIVE_INFINITY) {
        values = finite.map((x) => (Number.isFinite(x) ? x : Number.NaN));
        break;
      }
    }
  }
  const names = normalizeCodes(log.names, log.nameCodes, 'event name');
  const items = log.itemCodes ? normalizeCodes(log.items, log.itemCodes, 'item') : null;
  return {
    users,
    offsets,
    times,
    names: names.entries,
    nameCodes: names.codes,
    values,
    items: items ? items.entries : [],
    itemCodes: items ? items.codes : null,
    firstTime,
    lastTime,
  };
}

/** First position in [lo, hi) whose time is > t. */
function upperBound(times: Float64Array, lo: number, hi: number, t: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((times[mid] as number) <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The most frequent event names among events at or before `cutoff`. */
export function eventTypesAt(index: EventIndex, cutoff: number, max = MAX_EVENT_TYPES): string[] {
  const counts = new Map<number, number>();
  for (let i = 0; i < index.times.length; i += 1) {
    const code = index.nameCodes[i] as number;
    if (code < 0 || (index.times[i] as number) > cutoff) continue;
    counts.set(code, (counts.get(code) ?? 0) + 1);
  }
  if (counts.size < 2) return [];
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .slice(0, max)
    .map(([code]) => index.names[code] as string);
}

export interface CutoffFeatures {
  cutoff: number;
  /** Users (indices into `index.users`) active in (cutoff − windowDays, cutoff]. */
  userIndices: Int32Array;
  /** One derived numeric column per feature, one value per user in `userIndices`. */
  columns: FeatureColumn[];
  /** The same columns as the driver sentences read them (unit and sentence per feature). */
  described: DriverFeature[];
}

/** Event names (most frequent first) that also get a recency and a 30-day count. */
export const TYPED_EVENT_FEATURES = 4;
/** Weeks of the weekly-activity slope. */
export const TREND_WEEKS = 8;
/** Days of history the gap features look at. */
export const GAP_DAYS = 180;
/** Early-tenure windows (days after the user's first event). */
export const EARLY_DAYS = [14, 30] as const;

const signedPercent = (fraction: number): string => {
  const pct = Math.round(fraction * 100);
  return pct === 0 ? '0%' : `${pct > 0 ? '+' : '−'}${Math.abs(pct)}%`;
};
const upDown = (logRatio: number): string => {
  const pct = Math.round((Math.exp(logRatio) - 1) * 100);
  if (pct === 0) return 'flat';
  return `${pct > 0 ? 'up' : 'down'} ${Math.abs(pct).toLocaleString('en-US')}%`;
};

/**
 * Per-user features at `cutoff` from events at or before it only (so events after the cutoff
 * can never change them), named as a founder reads them:
 * - recency and age: days since last / first activity;
 * - volume: events over 7/30/90 days (and the label window) and in total, active days in 30 days;
 * - trend: activity over the last 30 vs the prior 30 days, the last 7 days vs the 30-day pace, and
 *   the slope of weekly counts over 8 weeks (relative to the user's mean week);
 * - early tenure: events in the first 14 days and active days in the first 30 days after the
 *   user's first event (missing while the user is younger than that, or when they were already
 *   active when the log starts, so their start is not seen);
 * - gaps between active days over 180 days: mean, longest, the one before the last activity, and
 *   days since last activity over the mean gap (how overdue the user is);
 * - value (with a value column): over 30 / 90 days and in total, the last 30 vs the prior 30
 *   days, and the mean value per event in the last 30 days vs before;
 * - event mix: share of each frequent event name over 90 days;
 * - items (with an item column): distinct items over 30 days and in total, share of the last 90
 *   days' activity on the user's top item.
 * Users are those active in (cutoff − windowDays, cutoff]. `eventTypes` fixes the mix columns
 * (default: the most frequent names up to the cutoff).
 */
export function churnFeaturesFromEvents(
  index: EventIndex,
  cutoff: number,
  windowDays: number,
  eventTypes: readonly string[] = eventTypesAt(index, cutoff),
): CutoffFeatures {
  const windows = [...new Set([...FEATURE_WINDOWS, windowDays])].sort((a, b) => a - b);
  const typeCodes = eventTypes.map((name) => index.names.indexOf(name));
  const selected: number[] = [];
  const ends: number[] = [];
  for (let u = 0; u < index.users.length; u += 1) {
    const start = index.offsets[u] as number;
    const end = upperBound(index.times, start, index.offsets[u + 1] as number, cutoff);
    if (end === start) continue;
    if ((index.times[end - 1] as number) <= cutoff - windowDays * DAY_MS) continue;
    selected.push(u);
    ends.push(end);
  }
  const n = selected.length;
  const columns: FeatureColumn[] = [];
  const described: DriverFeature[] = [];
  const add = (
    name: string,
    unit: DriverUnit,
    sentence: DriverFeature['sentence'],
    missingSentence?: DriverFeature['missingSentence'],
  ): Float64Array => {
    const numbers = new Float64Array(n);
    columns.push({ name, type: 'derived', numbers });
    described.push({
      name,
      unit,
      numbers,
      sentence,
      ...(missingSentence ? { missingSentence } : {}),
    });
    return numbers;
  };
  const oneActiveDay = (typical: string): string =>
    `only one active day in the last ${GAP_DAYS} days (typical gap ${typical})`;
  const recency = add('days since last activity', 'days', ({ value, typical }, raw) =>
    raw.value < 1
      ? `active within the last day (typical: ${typical} days ago)`
      : `no activity for ${value} days (typical ${typical})`,
  );
  const tenure = add(
    'days since first activity',
    'days',
    ({ value, typical }) => `first active ${withUnit(value, 'day')} ago (typical ${typical})`,
  );
  const counts = windows.map((w) =>
    add(
      `events, last ${w} days`,
      'count',
      ({ value, typical }) =>
        `${withUnit(value, 'event')} in the last ${w} days (typical ${typical})`,
    ),
  );
  const total = add(
    'events, all time',
    'count',
    ({ value, typical }) => `${withUnit(value, 'event')} in total (typical ${typical})`,
  );
  const activeDays = add(
    'active days, last 30 days',
    'count',
    ({ value, typical }) => `active on ${value} of the last 30 days (typical ${typical})`,
  );
  const trend = add(
    'activity change, last 30 vs prior 30 days',
    'change',
    ({ typical }, raw) =>
      `activity ${upDown(raw.value)} vs the 30 days before (typical ${typical})`,
  );
  const burst = add(
    'activity change, last 7 days vs 30-day pace',
    'change',
    ({ typical }, raw) =>
      `last 7 days ${upDown(raw.value)} vs their 30-day pace (typical ${typical})`,
  );
  const slope = add(
    `weekly activity trend, last ${TREND_WEEKS} weeks`,
    'number',
    (_, raw) =>
      `weekly activity ${raw.value < 0 ? 'falling' : 'rising'} ${Math.abs(Math.round(raw.value * 100))}% a week over ${TREND_WEEKS} weeks (typical ${Number.isFinite(raw.typical) ? signedPercent(raw.typical) : 'unknown'})`,
    () => `less than 3 weeks of history, too short for a weekly trend`,
  );
  const early = EARLY_DAYS.map((d, k) =>
    k === 0
      ? add(
          `events, first ${d} days`,
          'count',
          ({ value, typical }) =>
            `${withUnit(value, 'event')} in their first ${d} days (typical ${typical})`,
          (typical) => `first ${d} days not in the data (typical ${typical} events)`,
        )
      : add(
          `active days, first ${d} days`,
          'count',
          ({ value, typical }) =>
            `active on ${value} of their first ${d} days (typical ${typical})`,
          (typical) => `first ${d} days not in the data (typical ${typical} active days)`,
        ),
  );
  const gapMean = add(
    'mean gap between active days',
    'days',
    ({ value, typical }) =>
      `usually ${withUnit(value, 'day')} between active days (typical ${typical})`,
    oneActiveDay,
  );
  const gapLongest = add(
    'longest gap between active days',
    'days',
    ({ value, typical }) =>
      `longest break ${withUnit(value, 'day')} in the last ${GAP_DAYS} days (typical ${typical})`,
    oneActiveDay,
  );
  const gapLast = add(
    'gap before last activity',
    'days',
    ({ value, typical }) =>
      `${withUnit(value, 'day')} between their last two active days (typical ${typical})`,
    oneActiveDay,
  );
  const overdue = add(
    'days since last activity vs usual gap',
    'ratio',
    ({ value, typical }) =>
      `silent for ${value} their usual gap between active days (typical ${typical})`,
    oneActiveDay,
  );
  const overLongest = add(
    'days since last activity vs longest gap',
    'ratio',
    ({ value, typical }) =>
      `silent for ${value} their longest break in ${GAP_DAYS} days (typical ${typical})`,
    oneActiveDay,
  );
  const vsLifetime = add(
    'activity, last 30 days vs lifetime average',
    'change',
    ({ typical }, raw) =>
      `activity in the last 30 days ${upDown(raw.value)} vs their lifetime average (typical ${typical})`,
  );
  const value30 = index.values
    ? add(
        'value, last 30 days',
        'number',
        ({ value, typical }) => `value ${value} in the last 30 days (typical ${typical})`,
      )
    : null;
  const value90 = index.values
    ? add(
        'value, last 90 days',
        'number',
        ({ value, typical }) => `value ${value} in the last 90 days (typical ${typical})`,
      )
    : null;
  const valueTotal = index.values
    ? add(
        'value, all time',
        'number',
        ({ value, typical }) => `value ${value} in total (typical ${typical})`,
      )
    : null;
  const valueTrend = index.values
    ? add(
        'value change, last 30 vs prior 30 days',
        'change',
        ({ typical }, raw) =>
          `value ${upDown(raw.value)} vs the 30 days before (typical ${typical})`,
      )
    : null;
  const valueMeanTrend = index.values
    ? add(
        'average value per event, last 30 days vs before',
        'change',
        ({ typical }, raw) =>
          `average value per event ${upDown(raw.value)} vs before (typical ${typical})`,
        () => 'no values both in the last 30 days and before, nothing to compare',
      )
    : null;
  const shares = eventTypes.map((name) =>
    add(
      `share of "${name}" events, last 90 days`,
      'share',
      ({ value, typical }) =>
        `"${name}" was ${value} of activity in the last 90 days (typical ${typical})`,
    ),
  );
  // The most frequent names also get their own recency and 30-day count.
  const typedNames = eventTypes.slice(0, TYPED_EVENT_FEATURES);
  const typeRecency = typedNames.map((name) =>
    add(
      `days since last "${name}"`,
      'days',
      ({ value, typical }) => `last "${name}" ${withUnit(value, 'day')} ago (typical ${typical})`,
      (typical) => `never did "${name}" (typical: ${typical} days ago)`,
    ),
  );
  const typeCounts30 = typedNames.map((name) =>
    add(
      `"${name}" events, last 30 days`,
      'count',
      ({ value, typical }) =>
        `${withUnit(value, `"${name}" event`)} in the last 30 days (typical ${typical})`,
    ),
  );
  const distinctItems = index.itemCodes
    ? add(
        'distinct items, last 30 days',
        'count',
        ({ value, typical }) =>
          `${withUnit(value, 'different item')} in the last 30 days (typical ${typical})`,
      )
    : null;
  const distinctItemsTotal = index.itemCodes
    ? add(
        'distinct items, all time',
        'count',
        ({ value, typical }) =>
          `${withUnit(value, 'different item')} in total (typical ${typical})`,
      )
    : null;
  const topItemShare = index.itemCodes
    ? add(
        'share of activity on top item, last 90 days',
        'share',
        ({ value, typical }) =>
          `${value} of the last 90 days' activity on a single item (typical ${typical})`,
        (typical) => `no item activity in the last 90 days (typical ${typical} on the top item)`,
      )
    : null;

  const earliestSeen = index.firstTime + EARLY_DAYS[0] * DAY_MS;
  const weekly = new Float64Array(TREND_WEEKS);
  for (let r = 0; r < n; r += 1) {
    const u = selected[r] as number;
    const start = index.offsets[u] as number;
    const end = ends[r] as number;
    const { times } = index;
    const first = times[start] as number;
    const last = times[end - 1] as number;
    recency[r] = (cutoff - last) / DAY_MS;
    tenure[r] = (cutoff - first) / DAY_MS;
    total[r] = end - start;
    const since = (days: number): number => upperBound(times, start, end, cutoff - days * DAY_MS);
    windows.forEach((w, k) => ((counts[k] as Float64Array)[r] = end - since(w)));
    const from30 = since(30);
    const from60 = since(60);
    const from90 = since(90);
    const recent30 = end - from30;
    const previous30 = from30 - from60;
    trend[r] = Math.log1p(recent30) - Math.log1p(previous30);
    const lifetime30 = (30 * (end - start)) / Math.max(tenure[r] as number, 30);
    vsLifetime[r] = Math.log1p(recent30) - Math.log1p(lifetime30);
    burst[r] = Math.log((end - since(7) + 1) / 7) - Math.log((recent30 + 1) / 30);

    // Weekly counts, oldest week first, over the weeks the user has existed (at least 3).
    const weeks = Math.min(TREND_WEEKS, Math.floor((tenure[r] as number) / 7));
    if (weeks >= 3) {
      weekly.fill(0);
      for (let i = since(weeks * 7); i < end; i += 1) {
        const k = Math.min(weeks - 1, Math.floor((cutoff - (times[i] as number)) / (7 * DAY_MS)));
        weekly[weeks - 1 - k] = (weekly[weeks - 1 - k] as number) + 1;
      }
      let mean = 0;
      for (let k = 0; k < weeks; k += 1) mean += weekly[k] as number;
      mean /= weeks;
      const xMean = (weeks - 1) / 2;
      let sxy = 0;
      let sxx = 0;
      for (let k = 0; k < weeks; k += 1) {
        sxy += (k - xMean) * ((weekly[k] as number) - mean);
        sxx += (k - xMean) ** 2;
      }
      slope[r] = sxy / sxx / Math.max(mean, 1);
    } else slope[r] = Number.NaN;

    // Early tenure: only for users whose start is seen and who are old enough.
    EARLY_DAYS.forEach((d, k) => {
      const column = early[k] as Float64Array;
      if (first < earliestSeen || (tenure[r] as number) < d) {
        column[r] = Number.NaN;
        return;
      }
      const stop = upperBound(times, start, end, first + d * DAY_MS - 1);
      if (k === 0) column[r] = stop - start;
      else {
        let days = 0;
        let previous = Number.NaN;
        for (let i = start; i < stop; i += 1) {
          const day = Math.floor(((times[i] as number) - first) / DAY_MS);
          if (day !== previous) days += 1;
          previous = day;
        }
        column[r] = days;
      }
    });

    // Active days (whole days before the cutoff: 0 = the last 24 hours), newest last.
    let active30 = 0;
    let previousDay = Number.NaN;
    let gaps = 0;
    let gapSum = 0;
    let longest = 0;
    let lastGap = Number.NaN;
    for (let i = since(GAP_DAYS); i < end; i += 1) {
      const day = Math.floor((cutoff - (times[i] as number)) / DAY_MS);
      if (day === previousDay) continue;
      if (day < 30) active30 += 1;
      if (Number.isFinite(previousDay)) {
        const gap = previousDay - day;
        gaps += 1;
        gapSum += gap;
        if (gap > longest) longest = gap;
        lastGap = gap;
      }
      previousDay = day;
    }
    activeDays[r] = active30;
    if (gaps > 0) {
      const mean = gapSum / gaps;
      gapMean[r] = mean;
      gapLongest[r] = longest;
      gapLast[r] = lastGap;
      overdue[r] = (recency[r] as number) / mean;
      overLongest[r] = (recency[r] as number) / longest;
    } else {
      gapMean[r] = Number.NaN;
      gapLongest[r] = Number.NaN;
      gapLast[r] = Number.NaN;
      overdue[r] = Number.NaN;
      overLongest[r] = Number.NaN;
    }

    if (index.values && value30 && value90 && valueTotal && valueTrend && valueMeanTrend) {
      const { values } = index;
      const sumValues = (lo: number, hi: number): { sum: number; count: number } => {
        let sum = 0;
        let count = 0;
        for (let i = lo; i < hi; i += 1) {
          const v = values[i] as number;
          if (Number.isFinite(v)) {
            sum += v;
            count += 1;
          }
        }
        return { sum, count };
      };
      const last30 = sumValues(from30, end);
      const before30 = sumValues(start, from30);
      const prior30 = sumValues(from60, from30);
      value30[r] = last30.sum;
      value90[r] = sumValues(from90, end).sum;
      valueTotal[r] = last30.sum + before30.sum;
      valueTrend[r] = Math.log1p(Math.max(last30.sum, 0)) - Math.log1p(Math.max(prior30.sum, 0));
      valueMeanTrend[r] =
        last30.count > 0 && before30.count > 0
          ? Math.log1p(Math.max(last30.sum / last30.count, 0)) -
            Math.log1p(Math.max(before30.sum / before30.count, 0))
          : Number.NaN;
    }
    if (typedNames.length > 0) {
      const lastSeen = new Float64Array(typedNames.length).fill(Number.NaN);
      const recentCounts = new Float64Array(typedNames.length);
      for (let i = end - 1; i >= start; i -= 1) {
        const k = typeCodes.indexOf(index.nameCodes[i] as number);
        if (k < 0 || k >= typedNames.length) continue;
        if (Number.isNaN(lastSeen[k] as number))
          lastSeen[k] = (cutoff - (times[i] as number)) / DAY_MS;
        if (i >= from30) recentCounts[k] = (recentCounts[k] as number) + 1;
      }
      typedNames.forEach((_, k) => {
        (typeRecency[k] as Float64Array)[r] = lastSeen[k] as number;
        (typeCounts30[k] as Float64Array)[r] = recentCounts[k] as number;
      });
    }
    if (shares.length > 0) {
      const window = end - from90;
      const typeCounts = new Float64Array(typeCodes.length);
      for (let i = from90; i < end; i += 1) {
        const k = typeCodes.indexOf(index.nameCodes[i] as number);
        if (k >= 0) typeCounts[k] = (typeCounts[k] as number) + 1;
      }
      shares.forEach(
        (column, k) => (column[r] = window > 0 ? (typeCounts[k] as number) / window : Number.NaN),
      );
    }
    if (distinctItems && distinctItemsTotal && topItemShare && index.itemCodes) {
      const recent = new Set<number>();
      const all = new Set<number>();
      const counts90 = new Map<number, number>();
      let items90 = 0;
      for (let i = start; i < end; i += 1) {
        const item = index.itemCodes[i] as number;
        if (item < 0) continue;
        all.add(item);
        if (i >= from30) recent.add(item);
        if (i >= from90) {
          counts90.set(item, (counts90.get(item) ?? 0) + 1);
          items90 += 1;
        }
      }
      distinctItems[r] = recent.size;
      distinctItemsTotal[r] = all.size;
      topItemShare[r] = items90 > 0 ? Math.max(...counts90.values()) / items90 : Number.NaN;
    }
  }
  return { cutoff, userIndices: Int32Array.from(selected), columns, described };
}

/** 1 when the user has no event in (cutoff, cutoff + windowDays], else 0. */
export function churnLabelsAt(
  index: EventIndex,
  userIndices: Int32Array,
  cutoff: number,
  windowDays: number,
): Float64Array {
  return Float64Array.from(userIndices, (u) => {
    const start = index.offsets[u] as number;
    const end = index.offsets[u + 1] as number;
    const next = upperBound(index.times, start, end, cutoff);
    return next < end && (index.times[next] as number) <= cutoff + windowDays * DAY_MS ? 0 : 1;
  });
}

/**
 * Labelled cutoffs, oldest first: lastTime − k·windowDays for k = 1..maxCutoffs, each with at
 * least `windowDays` of history before it. Label windows of consecutive cutoffs do not overlap,
 * so a training label never looks past the validation cutoff.
 */
export function labelledCutoffs(
  index: EventIndex,
  windowDays: number,
  maxCutoffs: number,
): number[] {
  const cutoffs: number[] = [];
  for (let k = 1; k <= maxCutoffs; k += 1) {
    const cutoff = index.lastTime - k * windowDays * DAY_MS;
    if (cutoff < index.firstTime + windowDays * DAY_MS) break;
    cutoffs.push(cutoff);
  }
  return cutoffs.reverse();
}

/** Rows from..from+length−1, or a seeded uniform sample of `max` of them in order. */
function sampleRange(from: number, length: number, max: number, random: Random): Int32Array {
  if (length <= max) return Int32Array.from({ length }, (_, i) => from + i);
  const picked = random.permutation(length).subarray(0, max).sort();
  return picked.map((i) => from + i);
}

function concatColumns(parts: FeatureColumn[][]): FeatureColumn[] {
  const first = parts[0] as FeatureColumn[];
  return first.map((column, c) => {
    const total = parts.reduce(
      (s, p) => s + ((p[c] as FeatureColumn).numbers as Float64Array).length,
      0,
    );
    const numbers = new Float64Array(total);
    let offset = 0;
    for (const part of parts) {
      const values = (part[c] as FeatureColumn).numbers as Float64Array;
      numbers.set(values, offset);
      offset += values.length;
    }
    return { name: column.name, type: column.type, numbers };
  });
}

/**
 * Event mode end to end. Training rows: users active before each earlier labelled cutoff;
 * validation rows: the latest labelled cutoff (time-ordered, no leakage); scored: users active
 * in the last `windowDays` before the end of the log, with features at the end of the log. The
 * validated models are kept for scoring (see churnFromTable). Takes raw arrays (sorted here) or
 * a `CodedEventLog` already grouped by user in time order (indexed as it is, no copy).
 */
export async function churnFromEvents(
  events: ChurnEvents | CodedEventLog,
  options: ChurnEventsOptions = {},
): Promise<ChurnResult> {
  const started = performance.now();
  const windowDays = options.windowDays ?? DEFAULT_CHURN_WINDOW_DAYS;
  if (!(windowDays >= 1 && windowDays <= 365)) {
    throw new ChurnInputError(`windowDays must be between 1 and 365, got ${windowDays}`);
  }
  options.signal?.throwIfAborted();
  options.onProgress?.({ phase: 'features' });
  const index = 'offsets' in events ? indexCodedEvents(events) : indexEvents(events);
  const cutoffs = labelledCutoffs(index, windowDays, options.maxCutoffs ?? 7);
  const spanDays = (index.lastTime - index.firstTime) / DAY_MS;
  if (cutoffs.length < 2) {
    throw new ChurnInputError(
      `events span ${spanDays.toFixed(0)} days; with windowDays=${windowDays} at least ` +
        `${MIN_EVENT_SPAN_WINDOWS * windowDays} days are needed (history, a training and a validation window); use a shorter window or more history`,
    );
  }
  const validationCutoff = cutoffs[cutoffs.length - 1] as number;
  const eventTypes = eventTypesAt(index, validationCutoff);
  const parts = cutoffs.map((cutoff) => {
    const features = churnFeaturesFromEvents(index, cutoff, windowDays, eventTypes);
    return { features, labels: churnLabelsAt(index, features.userIndices, cutoff, windowDays) };
  });
  const final = churnFeaturesFromEvents(index, index.lastTime, windowDays, eventTypes);
  const featuresMs = performance.now() - started;

  const trainParts = parts.slice(0, -1);
  const validation = parts[parts.length - 1] as (typeof parts)[number];
  const count = (labels: Float64Array, value: number): number =>
    labels.reduce((s, y) => s + (y === value ? 1 : 0), 0);
  const trainLabels = trainParts.map((p) => p.labels);
  const trainPositives = trainLabels.reduce((s, l) => s + count(l, 1), 0);
  const trainNegatives = trainLabels.reduce((s, l) => s + count(l, 0), 0);
  const valPositives = count(validation.labels, 1);
  const valNegatives = count(validation.labels, 0);
  if (
    trainPositives < MIN_TRAIN_PER_CLASS ||
    trainNegatives < MIN_TRAIN_PER_CLASS ||
    valPositives < MIN_VALIDATION_PER_CLASS ||
    valNegatives < MIN_VALIDATION_PER_CLASS
  ) {
    throw new ChurnInputError(
      `too few users with history: training cutoffs have ${trainPositives} churned / ${trainNegatives} retained users ` +
        `and the validation cutoff ${valPositives} / ${valNegatives}; need at least ${MIN_TRAIN_PER_CLASS} and ` +
        `${MIN_VALIDATION_PER_CLASS} of each (more users, more history or another windowDays)`,
    );
  }
  if (final.userIndices.length === 0) {
    throw new ChurnInputError(
      `no user is active in the last ${windowDays} days of the log; nothing to score`,
    );
  }

  const nTrain = trainParts.reduce((s, p) => s + p.labels.length, 0);
  const nVal = validation.labels.length;
  const nScore = final.userIndices.length;
  const columns = concatColumns([...parts.map((p) => p.features.columns), final.columns]);
  const labels = new Float64Array(nTrain + nVal + nScore).fill(Number.NaN);
  let offset = 0;
  for (const part of parts) {
    labels.set(part.labels, offset);
    offset += part.labels.length;
  }
  const range = (from: number, length: number): Int32Array =>
    Int32Array.from({ length }, (_, i) => from + i);
  const random = createRandom((options.seed ?? 42) + 7919);
  const trainRows = sampleRange(0, nTrain, options.maxTrainRows ?? MAX_TRAIN_ROWS, random);
  const validationRows = sampleRange(
    nTrain,
    nVal,
    options.maxValidationRows ?? MAX_VALIDATION_ROWS,
    random,
  );
  const output = await runChurnClassifier({
    columns,
    labels,
    trainRows,
    validationRows,
    scoreRows: range(nTrain + nVal, nScore),
    scoreIds: Array.from(final.userIndices, (u) => index.users[u] as string),
    seed: options.seed ?? 42,
    epochs: options.epochs,
    onProgress: options.onProgress,
    includeCandidateScores: options.includeCandidateScores,
    signal: options.signal,
  });
  // Drivers in words: values of the scored rows, typical values of the training rows.
  const described = final.described.map((d, c) => ({
    ...d,
    numbers: (columns[c] as FeatureColumn).numbers as Float64Array,
  }));
  const rowOfUser = new Map<string, number>();
  final.userIndices.forEach((u, i) => rowOfUser.set(index.users[u] as string, nTrain + nVal + i));
  const scores = describeDrivers(
    output.scores,
    (i) => rowOfUser.get((output.scores[i] as { id: string }).id) as number,
    described,
    driverReferences(described, trainRows),
  );
  options.onProgress?.({ phase: 'done' });
  const { explainMs, ...report } = output.report;
  const allLabels = [...trainLabels, validation.labels];
  const positives = allLabels.reduce((s, l) => s + count(l, 1), 0);
  return {
    scores,
    ...(output.candidateScores ? { candidateScores: output.candidateScores } : {}),
    report: {
      mode: 'events',
      ...report,
      features: columns.map((c) => ({ name: c.name, type: c.type })),
      excluded: [],
      rows: { train: trainRows.length, validation: validationRows.length, scored: nScore },
      positiveRate: positives / (nTrain + nVal),
      cutoff: new Date(index.lastTime).toISOString(),
      windowDays,
      labelledCutoffs: cutoffs.map((c) => new Date(c).toISOString()),
      timings: { totalMs: performance.now() - started, featuresMs, explainMs },
    },
  };
}
