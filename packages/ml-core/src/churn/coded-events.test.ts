import { describe, expect, it } from 'vitest';
import {
  churnFeaturesFromEvents,
  churnFromEvents,
  DAY_MS,
  eventTypesAt,
  indexCodedEvents,
  indexEvents,
  type EventIndex,
} from './churn-from-events';
import { ChurnInputError } from './errors';
import { syntheticEventLog } from './synthetic';
import type { ChurnEvents, CodedEventLog } from './types';

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const nullsLast = <T>(
  a: T | null | undefined,
  b: T | null | undefined,
  by: (x: T, y: T) => number,
) =>
  a === null || a === undefined
    ? b === null || b === undefined
      ? 0
      : 1
    : b === null || b === undefined
      ? -1
      : by(a, b);

/** The raw log's rows in the order the engines stream them: user, time, name, item, value. */
function engineOrder(log: ChurnEvents): number[] {
  return log.userIds
    .map((_, i) => i)
    .sort(
      (a, b) =>
        compare(log.userIds[a] as string, log.userIds[b] as string) ||
        (log.times[a] as number) - (log.times[b] as number) ||
        nullsLast(log.eventNames?.[a], log.eventNames?.[b], compare) ||
        nullsLast(log.items?.[a], log.items?.[b], compare) ||
        nullsLast(log.values?.[a], log.values?.[b], (x, y) => x - y),
    );
}

function reorder(log: ChurnEvents, order: number[]): ChurnEvents {
  const pick = <T>(column: T[] | undefined) => column && order.map((i) => column[i] as T);
  return {
    userIds: pick(log.userIds) as string[],
    times: pick(log.times) as number[],
    ...(log.eventNames ? { eventNames: pick(log.eventNames) } : {}),
    ...(log.values ? { values: pick(log.values) } : {}),
    ...(log.items ? { items: pick(log.items) } : {}),
  };
}

/**
 * What an engine's reader builds from the rows (already in engine order): users as they come,
 * names and items as stored (untrimmed, blank kept) in dictionaries of first appearance, or in
 * `dictionaryOrder` when given (a reader may number them any way).
 */
function code(log: ChurnEvents, dictionaryOrder?: (entries: string[]) => string[]): CodedEventLog {
  const n = log.userIds.length;
  const users: string[] = [];
  const offsets: number[] = [0];
  const dictionary = (column: (string | null)[] | undefined) => {
    const entries: string[] = [];
    for (const v of column ?? []) if (v !== null && !entries.includes(v)) entries.push(v);
    const ordered = dictionaryOrder ? dictionaryOrder(entries) : entries;
    const codes = Int32Array.from(column ?? [], (v) => (v === null ? -1 : ordered.indexOf(v)));
    return { entries: ordered, codes };
  };
  for (let i = 0; i < n; i += 1) {
    if (users[users.length - 1] !== log.userIds[i]) {
      if (users.length > 0) offsets.push(i);
      users.push(log.userIds[i] as string);
    }
  }
  offsets.push(n);
  const names = dictionary(log.eventNames);
  const items = dictionary(log.items);
  return {
    users,
    offsets: Int32Array.from(offsets),
    times: Float64Array.from(log.times),
    names: names.entries,
    nameCodes: log.eventNames ? names.codes : new Int32Array(n).fill(-1),
    values: log.values ? Float64Array.from(log.values, (v) => v ?? Number.NaN) : null,
    items: items.entries,
    itemCodes: log.items ? items.codes : null,
  };
}

const T0 = Date.UTC(2025, 0, 6);
const synthetic = syntheticEventLog({ users: 150, events: 4500, days: 200, seed: 3 }).events;
/** The synthetic log plus the awkward rows: ties on time, blank/untrimmed/missing names, missing items and values, a one-event user. */
const log: ChurnEvents = {
  userIds: [...synthetic.userIds, 'tie', 'tie', 'tie', 'tie', 'solo', 'blank', 'blank', 'blank'],
  times: [...synthetic.times, T0, T0, T0, T0 + DAY_MS, T0 + 5 * DAY_MS, T0, T0 + 1, T0 + 1],
  eventNames: [
    ...(synthetic.eventNames ?? []),
    'view',
    'login',
    null,
    ' view ',
    'login',
    '',
    '  ',
    'support',
  ],
  values: [...(synthetic.values ?? []), null, 3, 3, null, 7.5, null, Number.NaN, 1],
  items: [...(synthetic.items ?? []), 'i1', null, 'i1', ' i2', null, '', 'i1', null],
};

function expectSameIndex(a: EventIndex, b: EventIndex): void {
  expect(a.users).toEqual(b.users);
  expect(a.offsets).toEqual(b.offsets);
  expect(a.times).toEqual(b.times);
  expect(a.names).toEqual(b.names);
  expect(a.nameCodes).toEqual(b.nameCodes);
  expect(a.values).toEqual(b.values);
  expect(a.items).toEqual(b.items);
  expect(a.itemCodes).toEqual(b.itemCodes);
  expect([a.firstTime, a.lastTime]).toEqual([b.firstTime, b.lastTime]);
}

describe('indexCodedEvents (a log streamed by user, then time)', () => {
  const sorted = reorder(log, engineOrder(log));
  const raw = indexEvents(sorted);
  const coded = code(sorted);

  it('gives the EventIndex indexEvents builds from the same events as raw arrays', () => {
    const index = indexCodedEvents(coded);
    expectSameIndex(index, raw);
    // Blank names are missing, ' view ' is 'view', the one-event user is kept.
    expect(index.names).not.toContain('');
    expect(index.names.filter((name) => name === 'view')).toHaveLength(1);
    expect(index.users).toContain('solo');
    // Columns are used as they are when nothing needs renumbering.
    const clean = code(reorder(synthetic, engineOrder(synthetic)));
    const cleanIndex = indexCodedEvents(clean);
    expect(cleanIndex.times).toBe(clean.times);
    expect(cleanIndex.nameCodes).toBe(clean.nameCodes);
    expect(cleanIndex.itemCodes).toBe(clean.itemCodes);
  });

  it('renumbers dictionaries given in another order', () => {
    expectSameIndex(indexCodedEvents(code(sorted, (entries) => [...entries].reverse())), raw);
  });

  it('gives the same churn features at a cutoff', () => {
    const index = indexCodedEvents(coded);
    for (const cutoff of [raw.lastTime - 45 * DAY_MS, raw.lastTime]) {
      const types = eventTypesAt(raw, cutoff);
      expect(eventTypesAt(index, cutoff)).toEqual(types);
      const a = churnFeaturesFromEvents(index, cutoff, 30);
      const b = churnFeaturesFromEvents(raw, cutoff, 30);
      expect(a.userIndices).toEqual(b.userIndices);
      expect(a.userIndices.length).toBeGreaterThan(20);
      expect(a.columns.map((c) => c.name)).toEqual(b.columns.map((c) => c.name));
      expect(a.columns.map((c) => c.numbers)).toEqual(b.columns.map((c) => c.numbers));
    }
  });

  it('drops users without events; no values or items columns stay absent', () => {
    const bare = code(
      reorder(
        { userIds: sorted.userIds, times: sorted.times },
        sorted.userIds.map((_, i) => i),
      ),
    );
    const withEmpty: CodedEventLog = {
      ...bare,
      users: ['nobody', ...bare.users],
      offsets: Int32Array.from([0, ...bare.offsets]),
    };
    const index = indexCodedEvents(withEmpty);
    expectSameIndex(index, indexEvents({ userIds: sorted.userIds, times: sorted.times }));
    expect(index.values).toBeNull();
    expect(index.itemCodes).toBeNull();
  });

  it('refuses a log that is not grouped and ordered', () => {
    const swapped = { ...coded, times: coded.times.slice() };
    const first = swapped.offsets[0] as number;
    swapped.times[first] = (swapped.times[first + 1] as number) + DAY_MS;
    expect(() => indexCodedEvents(swapped)).toThrow(/not in time order/);
    expect(() =>
      indexCodedEvents({ ...coded, users: [...coded.users.slice(1), coded.users[1] as string] }),
    ).toThrow(/appears twice/);
    expect(() => indexCodedEvents({ ...coded, offsets: coded.offsets.subarray(1) })).toThrow(
      ChurnInputError,
    );
    expect(() => indexCodedEvents({ ...coded, nameCodes: coded.nameCodes.subarray(1) })).toThrow(
      /event names/,
    );
    expect(() => indexCodedEvents(code({ userIds: [], times: [] }))).toThrow(/empty/);
  });

  it('churnFromEvents takes the coded log (same checks as the raw arrays)', async () => {
    const short = syntheticEventLog({ users: 30, events: 600, days: 50, seed: 1 }).events;
    const ordered = reorder(short, engineOrder(short));
    const message = await churnFromEvents(ordered).catch((e: Error) => e.message);
    await expect(churnFromEvents(code(ordered))).rejects.toThrow(message);
  });
});
