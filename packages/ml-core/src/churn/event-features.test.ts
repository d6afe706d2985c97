import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../test/tf-backend';
import { churnFeaturesFromEvents, churnFromEvents, DAY_MS, indexEvents } from './churn-from-events';
import { syntheticEventLog } from './synthetic';
import type { ChurnEvents } from './types';

const HOUR = 3_600_000;
const C = Date.UTC(2026, 5, 1);
/** An event `days` whole days and `hours` before the cutoff (its active day index is `days`). */
const at = (days: number, hours = 1): number => C - days * DAY_MS - hours * HOUR;

/**
 * a: first seen 100 days before the cutoff (the log starts 200 days before), active on days
 *    100, 99 (twice), 95, 80, 60, 40, 35, 20, 5 and 2 before it;
 * b: active from the log's first day (their start is not seen);
 * c: first seen 10 days ago (too young for the early-tenure window);
 * d: one active day only.
 */
function handMadeLog(): ChurnEvents {
  const rows: [string, number, string, number | null, string | null][] = [];
  for (const [days, hours] of [
    [100, 1],
    [99, 1],
    [99, 0.5],
    [95, 1],
    [80, 1],
    [60, 1],
    [40, 1],
    [35, 1],
    [20, 1],
    [5, 1],
    [2, 1],
  ] as const) {
    rows.push([
      'a',
      at(days, hours),
      days < 30 ? 'support' : 'view',
      days < 30 ? 10 : 40,
      days < 30 ? 'i1' : `i${days}`,
    ]);
  }
  rows.push(
    ['b', at(200), 'view', null, 'i1'],
    ['b', at(150), 'view', null, 'i1'],
    ['b', at(1), 'view', null, 'i2'],
  );
  rows.push(['c', at(10), 'view', null, null], ['c', at(3), 'view', null, null]);
  rows.push(['d', at(4, 2), 'view', null, null], ['d', at(4, 1), 'view', null, null]);
  return {
    userIds: rows.map((r) => r[0]),
    times: rows.map((r) => r[1]),
    eventNames: rows.map((r) => r[2]),
    values: rows.map((r) => r[3]),
    items: rows.map((r) => r[4]),
  };
}

function featuresOf(events: ChurnEvents): Map<string, Record<string, number>> {
  const index = indexEvents(events);
  const features = churnFeaturesFromEvents(index, C, 30, ['view', 'support']);
  const out = new Map<string, Record<string, number>>();
  features.userIndices.forEach((u, r) => {
    out.set(
      index.users[u] as string,
      Object.fromEntries(
        features.columns.map((c) => [c.name, (c.numbers as Float64Array)[r] as number]),
      ),
    );
  });
  return out;
}

describe('event features on a hand-made log', () => {
  const features = featuresOf(handMadeLog());
  const a = features.get('a') as Record<string, number>;

  it('recency, age and counts', () => {
    expect(a['days since last activity']).toBeCloseTo(2 + 1 / 24, 9);
    expect(a['days since first activity']).toBeCloseTo(100 + 1 / 24, 9);
    expect(a['events, last 7 days']).toBe(2);
    expect(a['events, last 30 days']).toBe(3);
    expect(a['events, all time']).toBe(11);
    expect(a['active days, last 30 days']).toBe(3);
  });

  it('gaps between active days', () => {
    // Active days 100, 99, 95, 80, 60, 40, 35, 20, 5, 2: gaps 1, 4, 15, 20, 20, 5, 15, 15, 3.
    expect(a['mean gap between active days']).toBeCloseTo(98 / 9, 12);
    expect(a['longest gap between active days']).toBe(20);
    expect(a['gap before last activity']).toBe(3);
    expect(a['days since last activity vs usual gap']).toBeCloseTo((2 + 1 / 24) / (98 / 9), 12);
    expect(a['days since last activity vs longest gap']).toBeCloseTo((2 + 1 / 24) / 20, 12);
    const d = features.get('d') as Record<string, number>;
    expect(d['mean gap between active days']).toBeNaN();
    expect(d['days since last activity vs usual gap']).toBeNaN();
  });

  it('trend: last 30 vs prior 30 days, and the weekly slope', () => {
    // 3 events in the last 30 days, 2 (days 35 and 40) in the 30 before.
    expect(a['activity change, last 30 vs prior 30 days']).toBeCloseTo(Math.log(4 / 3), 12);
    // 11 events over 100 days and an hour: 3.2986… per 30 days on average.
    expect(a['activity, last 30 days vs lifetime average']).toBeCloseTo(
      Math.log(4) - Math.log1p((30 * 11) / (100 + 1 / 24)),
      12,
    );
    // Weekly counts over 8 weeks, oldest first: [0, 0, 2, 0, 0, 1, 0, 2]; slope 5.5 / 42 per
    // week, over a mean week of 0.625 events (floored at 1).
    expect(a['weekly activity trend, last 8 weeks']).toBeCloseTo(5.5 / 42, 12);
    expect(
      (features.get('c') as Record<string, number>)['weekly activity trend, last 8 weeks'],
    ).toBeNaN();
  });

  it('early tenure: first 14 and 30 days, missing when the start is not seen or too recent', () => {
    expect(a['events, first 14 days']).toBe(4);
    expect(a['active days, first 30 days']).toBe(4);
    const b = features.get('b') as Record<string, number>;
    expect(b['events, first 14 days']).toBeNaN();
    const c = features.get('c') as Record<string, number>;
    expect(c['events, first 14 days']).toBeNaN();
    expect(c['active days, first 30 days']).toBeNaN();
  });

  it('value, event mix and items', () => {
    expect(a['value, last 30 days']).toBe(30);
    expect(a['value, all time']).toBe(30 + 8 * 40);
    // Mean value per event: 10 in the last 30 days, 40 before.
    expect(a['average value per event, last 30 days vs before']).toBeCloseTo(
      Math.log(11) - Math.log(41),
      12,
    );
    // Last 90 days: days 80, 60, 40, 35 (view) and 20, 5, 2 (support).
    expect(a['share of "support" events, last 90 days']).toBeCloseTo(3 / 7, 12);
    // Per-name recency and 30-day counts.
    expect(a['days since last "support"']).toBeCloseTo(2 + 1 / 24, 9);
    expect(a['days since last "view"']).toBeCloseTo(35 + 1 / 24, 9);
    expect(a['"support" events, last 30 days']).toBe(3);
    expect(a['"view" events, last 30 days']).toBe(0);
    expect((features.get('c') as Record<string, number>)['days since last "support"']).toBeNaN();
    expect(a['distinct items, last 30 days']).toBe(1);
    // i100, i99, i95, i80, i60, i40, i35 and i1.
    expect(a['distinct items, all time']).toBe(8);
    expect(a['share of activity on top item, last 90 days']).toBeCloseTo(3 / 7, 12);
  });
});

describe('syntheticEventLog', () => {
  it('is deterministic under a seed and differs with another', () => {
    const options = { users: 120, events: 3000, days: 120 };
    const first = syntheticEventLog({ ...options, seed: 3 });
    const second = syntheticEventLog({ ...options, seed: 3 });
    expect(second.events).toEqual(first.events);
    expect([...second.churnTimes]).toEqual([...first.churnTimes]);
    const other = syntheticEventLog({ ...options, seed: 4 });
    expect(other.events.times).not.toEqual(first.events.times);
    expect(first.events.userIds.length).toBeGreaterThan(2000);
    expect(first.events.userIds.length).toBeLessThan(4000);
  });

  it('has weekday seasonality and users who stop', () => {
    const { events, churnTimes } = syntheticEventLog({
      users: 400,
      events: 20_000,
      days: 200,
      seed: 2,
    });
    const byWeekday = new Array<number>(7).fill(0);
    for (const t of events.times) byWeekday[new Date(t).getUTCDay()]! += 1;
    const weekdayMean = byWeekday.slice(1, 6).reduce((s, c) => s + c, 0) / 5;
    const weekendMean = ((byWeekday[0] as number) + (byWeekday[6] as number)) / 2;
    expect(weekendMean).toBeLessThan(weekdayMean);
    const stopped = [...churnTimes.values()].filter((t) => t !== null).length;
    expect(stopped).toBeGreaterThan(40);
    expect(stopped).toBeLessThan(360);
  });
});

describe('churnFromEvents drivers in words', () => {
  beforeAll(async () => {
    await selectBackend({ prefer: 'cpu' });
  });

  it("every driver has the user's value, the typical value and a sentence", async () => {
    const { events } = syntheticEventLog({ users: 300, events: 9000, days: 200, seed: 9 });
    const result = await churnFromEvents(events, { epochs: 3, seed: 2, maxCutoffs: 3 });
    const names = new Set(result.report.features.map((f) => f.name));
    expect(names).toContain('days since last activity');
    expect(names).toContain('events, first 14 days');
    expect(names).toContain('weekly activity trend, last 8 weeks');
    // Importance uses the same readable names.
    for (const i of result.report.importance) expect(names.has(i.feature)).toBe(true);
    const drivers = result.scores.flatMap((s) => s.drivers);
    expect(drivers.length).toBeGreaterThan(0);
    for (const d of drivers) {
      expect(names.has(d.feature)).toBe(true);
      expect(d.text).not.toBe(d.feature);
      expect(d.text).not.toMatch(/NaN|undefined/);
    }
    const recency = drivers.find(
      (d) => d.feature === 'days since last activity' && d.value !== null,
    );
    if (recency) {
      expect(recency.text).toContain(String(Math.round(recency.value as number)));
      expect(recency.text).toContain(`(typical ${Math.round(recency.typical as number)})`);
    }
  }, 30_000);
});
