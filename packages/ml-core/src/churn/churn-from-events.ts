/**
 * Churn from an event log (no labels needed): per-user features at a cutoff from activity up to
 * it, label "no activity in the next N days", train on earlier cutoffs, validate on the latest
 * labelled cutoff, score every user active in the final window.
 */
import { runChurnClassifier } from './classifier';
import type { FeatureColumn } from './encoder';
import { ChurnInputError } from './errors';
import type { ChurnEvents, ChurnEventsOptions, ChurnResult } from './types';

export const DAY_MS = 86_400_000;
/** Event names that get their own share-of-activity feature (most frequent first). */
export const MAX_EVENT_TYPES = 8;
/** Activity windows (days) of the count/value features; the label window is added when missing. */
export const FEATURE_WINDOWS = [7, 30, 90] as const;
const GAP_EVENTS = 20;
const MIN_TRAIN_PER_CLASS = 10;
const MIN_VALIDATION_PER_CLASS = 5;

/** Events grouped by user and sorted by time within each user. */
export interface EventIndex {
  users: string[];
  /** Events of user u are positions offsets[u] .. offsets[u+1]−1. */
  offsets: Int32Array;
  times: Float64Array;
  /** Index into `names`, −1 when missing. */
  nameCodes: Int32Array;
  names: string[];
  values: Float64Array | null;
  items: (string | null)[] | null;
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

  const nameCode = new Map<string, number>();
  const names: string[] = [];
  const times = new Float64Array(n);
  const nameCodes = new Int32Array(n).fill(-1);
  const values = events.values ? new Float64Array(n) : null;
  const items = events.items ? new Array<string | null>(n) : null;
  let firstTime = Number.POSITIVE_INFINITY;
  let lastTime = Number.NEGATIVE_INFINITY;
  order.forEach((source, position) => {
    const t = events.times[source] as number;
    times[position] = t;
    if (t < firstTime) firstTime = t;
    if (t > lastTime) lastTime = t;
    const name = events.eventNames?.[source];
    if (name !== undefined && name !== null && name.trim() !== '') {
      const key = name.trim();
      let code = nameCode.get(key);
      if (code === undefined) {
        code = names.length;
        nameCode.set(key, code);
        names.push(key);
      }
      nameCodes[position] = code;
    }
    if (values) {
      const v = events.values?.[source];
      values[position] = v === null || v === undefined || !Number.isFinite(v) ? Number.NaN : v;
    }
    if (items) {
      const item = events.items?.[source];
      items[position] =
        item === undefined || item === null || item.trim() === '' ? null : item.trim();
    }
  });
  return { users, offsets, times, nameCodes, names, values, items, firstTime, lastTime };
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
}

/**
 * Per-user features at `cutoff` from events at or before it only (so events after the cutoff
 * can never change them): recency, tenure, counts and values over 7/30/90 days (and the label
 * window), active days, 30-day trends, inter-event gaps, event-type mix over 90 days and distinct
 * items. Users are those active in (cutoff − windowDays, cutoff]. `eventTypes` fixes the mix
 * columns (default: the most frequent names up to the cutoff).
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
  const add = (name: string): Float64Array => {
    const numbers = new Float64Array(n);
    columns.push({ name, type: 'derived', numbers });
    return numbers;
  };
  const recency = add('recency_days');
  const tenure = add('tenure_days');
  const counts = windows.map((w) => add(`events_${w}d`));
  const total = add('events_total');
  const activeDays = add('active_days_30d');
  const trend = add('trend_events_30d');
  const burst = add('trend_events_7d_vs_30d');
  const gapMean = add('gap_mean_days');
  const gapStd = add('gap_std_days');
  const gapLast = add('gap_last_days');
  const overdue = add('recency_over_mean_gap');
  const valueWindows = index.values ? [30, 90].map((w) => add(`value_${w}d`)) : [];
  const valueTotal = index.values ? add('value_total') : null;
  const valueTrend = index.values ? add('trend_value_30d') : null;
  const shares = eventTypes.map((name) => add(`share_${name}_90d`));
  const distinctItems = index.items ? add('distinct_items_30d') : null;

  for (let r = 0; r < n; r += 1) {
    const u = selected[r] as number;
    const start = index.offsets[u] as number;
    const end = ends[r] as number;
    const { times } = index;
    const last = times[end - 1] as number;
    recency[r] = (cutoff - last) / DAY_MS;
    tenure[r] = (cutoff - (times[start] as number)) / DAY_MS;
    total[r] = end - start;
    const since = (days: number): number => upperBound(times, start, end, cutoff - days * DAY_MS);
    windows.forEach((w, k) => ((counts[k] as Float64Array)[r] = end - since(w)));
    const from30 = since(30);
    const from60 = since(60);
    const from90 = since(90);
    const recent30 = end - from30;
    const previous30 = from30 - from60;
    trend[r] = Math.log1p(recent30) - Math.log1p(previous30);
    burst[r] = Math.log((end - since(7) + 1) / 7) - Math.log((recent30 + 1) / 30);
    const days = new Set<number>();
    for (let i = from30; i < end; i += 1)
      days.add(Math.floor((cutoff - (times[i] as number)) / DAY_MS));
    activeDays[r] = days.size;

    const gapStart = Math.max(start, end - GAP_EVENTS - 1);
    if (end - gapStart >= 2) {
      let sum = 0;
      let sumSquares = 0;
      for (let i = gapStart + 1; i < end; i += 1) {
        const gap = ((times[i] as number) - (times[i - 1] as number)) / DAY_MS;
        sum += gap;
        sumSquares += gap * gap;
      }
      const count = end - gapStart - 1;
      const mean = sum / count;
      gapMean[r] = mean;
      gapStd[r] = Math.sqrt(Math.max(sumSquares / count - mean * mean, 0));
      gapLast[r] = ((times[end - 1] as number) - (times[end - 2] as number)) / DAY_MS;
      overdue[r] = (recency[r] as number) / (mean + 0.1);
    } else {
      gapMean[r] = Number.NaN;
      gapStd[r] = Number.NaN;
      gapLast[r] = Number.NaN;
      overdue[r] = Number.NaN;
    }

    if (index.values && valueTotal && valueTrend) {
      const sumValues = (lo: number): number => {
        let s = 0;
        for (let i = lo; i < end; i += 1) {
          const v = index.values?.[i] as number;
          if (Number.isFinite(v)) s += v;
        }
        return s;
      };
      const v30 = sumValues(from30);
      const v90 = sumValues(from90);
      (valueWindows[0] as Float64Array)[r] = v30;
      (valueWindows[1] as Float64Array)[r] = v90;
      valueTotal[r] = sumValues(start);
      let v30to60 = 0;
      for (let i = from60; i < from30; i += 1) {
        const v = index.values[i] as number;
        if (Number.isFinite(v)) v30to60 += v;
      }
      valueTrend[r] = Math.log1p(Math.max(v30, 0)) - Math.log1p(Math.max(v30to60, 0));
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
    if (distinctItems && index.items) {
      const seen = new Set<string>();
      for (let i = from30; i < end; i += 1) {
        const item = index.items[i];
        if (item !== null && item !== undefined) seen.add(item);
      }
      distinctItems[r] = seen.size;
    }
  }
  return { cutoff, userIndices: Int32Array.from(selected), columns };
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
 * validated models are kept for scoring (see churnFromTable).
 */
export async function churnFromEvents(
  events: ChurnEvents,
  options: ChurnEventsOptions = {},
): Promise<ChurnResult> {
  const started = performance.now();
  const windowDays = options.windowDays ?? 30;
  if (!(windowDays >= 1 && windowDays <= 365)) {
    throw new ChurnInputError(`windowDays must be between 1 and 365, got ${windowDays}`);
  }
  options.signal?.throwIfAborted();
  options.onProgress?.({ phase: 'features' });
  const index = indexEvents(events);
  const cutoffs = labelledCutoffs(index, windowDays, options.maxCutoffs ?? 7);
  const spanDays = (index.lastTime - index.firstTime) / DAY_MS;
  if (cutoffs.length < 2) {
    throw new ChurnInputError(
      `events span ${spanDays.toFixed(0)} days; with windowDays=${windowDays} at least ` +
        `${3 * windowDays} days are needed (history, a training and a validation window); use a shorter window or more history`,
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
  const output = await runChurnClassifier({
    columns,
    labels,
    trainRows: range(0, nTrain),
    validationRows: range(nTrain, nVal),
    scoreRows: range(nTrain + nVal, nScore),
    scoreIds: Array.from(final.userIndices, (u) => index.users[u] as string),
    seed: options.seed ?? 42,
    epochs: options.epochs,
    onProgress: options.onProgress,
    includeCandidateScores: options.includeCandidateScores,
    signal: options.signal,
  });
  options.onProgress?.({ phase: 'done' });
  const { explainMs, ...report } = output.report;
  const allLabels = [...trainLabels, validation.labels];
  const positives = allLabels.reduce((s, l) => s + count(l, 1), 0);
  return {
    scores: output.scores,
    ...(output.candidateScores ? { candidateScores: output.candidateScores } : {}),
    report: {
      mode: 'events',
      ...report,
      features: columns.map((c) => ({ name: c.name, type: c.type })),
      excluded: [],
      rows: { train: nTrain, validation: nVal, scored: nScore },
      positiveRate: positives / (nTrain + nVal),
      cutoff: new Date(index.lastTime).toISOString(),
      windowDays,
      labelledCutoffs: cutoffs.map((c) => new Date(c).toISOString()),
      timings: { totalMs: performance.now() - started, featuresMs, explainMs },
    },
  };
}
