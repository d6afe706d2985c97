import { describe, expect, it } from 'vitest';
import { RecommendInputError } from './errors';
import { encodeInteractionPairs, encodeInteractions } from './interactions';
import { syntheticInteractions } from './synthetic';
import type { InteractionPairs, Interactions } from './types';

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The events in time order, ties by user then item (the order the pairs are equivalent to). */
function timeOrder(data: Interactions): Interactions {
  const order = data.users
    .map((_, i) => i)
    .sort(
      (a, b) =>
        (data.times?.[a] as number) - (data.times?.[b] as number) ||
        compare(data.users[a] as string, data.users[b] as string) ||
        compare(data.items[a] as string, data.items[b] as string),
    );
  return {
    users: order.map((i) => data.users[i] as string),
    items: order.map((i) => data.items[i] as string),
    times: order.map((i) => data.times?.[i] as number),
    ...(data.weights ? { weights: order.map((i) => data.weights?.[i] ?? 1) } : {}),
  };
}

/** GROUP BY user, item: summed weight, first time (as the engines aggregate), in map order. */
function aggregate(data: Interactions): InteractionPairs {
  const pairs = new Map<string, { user: string; item: string; weight: number; first: number }>();
  data.users.forEach((user, r) => {
    const item = data.items[r] as string;
    const key = JSON.stringify([user, item]);
    const t = data.times?.[r] as number;
    const w = data.weights?.[r] ?? 1;
    const pair = pairs.get(key);
    if (pair) {
      pair.weight += w;
      pair.first = Math.min(pair.first, t);
    } else pairs.set(key, { user, item, weight: w, first: t });
  });
  const list = [...pairs.values()];
  return {
    users: list.map((p) => p.user),
    items: list.map((p) => p.item),
    weights: list.map((p) => p.weight),
    firstTimes: list.map((p) => p.first),
    events: data.users.length,
  };
}

/** The pairs in (first time, user, item) order, as the engines stream them. */
function engineOrder(pairs: InteractionPairs): InteractionPairs {
  const order = Array.from({ length: pairs.users.length }, (_, i) => i).sort(
    (a, b) =>
      (pairs.firstTimes[a] as number) - (pairs.firstTimes[b] as number) ||
      compare(pairs.users[a] as string, pairs.users[b] as string) ||
      compare(pairs.items[a] as string, pairs.items[b] as string),
  );
  return {
    users: order.map((i) => pairs.users[i] as string),
    items: order.map((i) => pairs.items[i] as string),
    weights: order.map((i) => pairs.weights[i] as number),
    firstTimes: Float64Array.from(order, (i) => pairs.firstTimes[i] as number),
    events: pairs.events,
  };
}

/** Ties on time (within a user and across users), repeats, a one-event user, a one-item user. */
const small: Interactions = {
  users: ['b', 'a', 'a', 'b', 'c', 'a', 'b', 'a', 'd', 'd', 'd', 'e'],
  items: ['x', 'y', 'x', 'y', 'z', 'y', 'x', 'z', 'w', 'w', 'x', 'x'],
  times: [10, 10, 10, 12, 12, 13, 20, 20, 5, 30, 30, 40],
};

describe('encodeInteractionPairs', () => {
  it('gives encodeInteractions of the events the pairs came from', () => {
    const expected = encodeInteractions(timeOrder(small));
    const pairs = aggregate(small);
    expect(encodeInteractionPairs(engineOrder(pairs))).toEqual(expected);
    // Any order of the pairs gives the same encoding.
    expect(encodeInteractionPairs(pairs)).toEqual(expected);
    expect(expected.userIds).toEqual(['d', 'a', 'b', 'c', 'e']);
    expect(expected.matrix.indptr.length).toBe(6);
  });

  it('matches on a larger log (weights, negative totals dropped, repeated pairs merged)', () => {
    const data = syntheticInteractions({ interactions: 20_000, seed: 4 });
    const weighted: Interactions = {
      ...data,
      times: data.times?.map((t) => Math.floor((t as number) / 3_600_000) * 3_600_000),
      weights: data.users.map((_, r) => (r % 17 === 0 ? -3 : 1 + (r % 3))),
    };
    const expected = encodeInteractions(timeOrder(weighted));
    const pairs = engineOrder(aggregate(weighted));
    expect(pairs.users.length).toBeLessThan(weighted.users.length);
    expect(encodeInteractionPairs(pairs)).toEqual(expected);
    // A pair listed twice (split in two) is merged back.
    const split: InteractionPairs = {
      users: [...pairs.users, pairs.users[0] as string],
      items: [...pairs.items, pairs.items[0] as string],
      weights: [...Array.from(pairs.weights, (w, i) => (i === 0 ? w - 1 : w)), 1],
      firstTimes: [...Array.from(pairs.firstTimes), (pairs.firstTimes[0] as number) + 1],
      events: pairs.events,
    };
    expect(encodeInteractionPairs(split)).toEqual(expected);
  });

  it('names the pair of a bad value', () => {
    const one = (over: Partial<InteractionPairs>): InteractionPairs => ({
      users: ['u'],
      items: ['i'],
      weights: [1],
      firstTimes: [1],
      events: 1,
      ...over,
    });
    expect(() => encodeInteractionPairs(one({ items: [''] }))).toThrow(/Pair 0: the item id/);
    expect(() => encodeInteractionPairs(one({ firstTimes: [Number.NaN] }))).toThrow(
      RecommendInputError,
    );
    expect(() => encodeInteractionPairs(one({ weights: [] }))).toThrow(/"weights" has 0/);
    expect(() => encodeInteractionPairs(one({ weights: [0] }))).toThrow(/positive weight/);
  });
});
