import { describe, expect, it } from 'vitest';
import { RecommendInputError } from './errors';
import { encodeInteractions, leaveLastOut, MIN_EVAL_USERS, transpose } from './interactions';

/** Five users with items a,b,c in various orders, so validation has enough users. */
function base(): { users: string[]; items: string[]; times: (number | null)[] } {
  const users: string[] = [];
  const items: string[] = [];
  const times: (number | null)[] = [];
  for (let u = 0; u < MIN_EVAL_USERS; u += 1) {
    for (const [k, item] of ['a', 'b', 'c'].entries()) {
      users.push(`u${u}`);
      items.push(item);
      times.push(1000 * (k + 1));
    }
  }
  return { users, items, times };
}

describe('encodeInteractions', () => {
  it('merges repeated pairs (weights summed, first-met order) and drops non-positive totals', () => {
    const encoded = encodeInteractions({
      users: ['x', 'x', 'x', 'y', 'y'],
      items: ['a', 'b', 'a', 'a', 'c'],
      times: [1, 5, 9, 3, 4],
      weights: [1, 2, 3, 1, -1],
    });
    expect(encoded.userIds).toEqual(['x', 'y']);
    expect(encoded.itemIds).toEqual(['a', 'b', 'c']);
    const m = encoded.matrix;
    // x met a (t=1, again at t=9) before b (t=5); y: only a (c has weight −1).
    expect(Array.from(m.indices.subarray(m.indptr[0], m.indptr[1]))).toEqual([0, 1]);
    expect(Array.from(m.weights.subarray(m.indptr[0], m.indptr[1]))).toEqual([4, 2]);
    expect(Array.from(m.indices.subarray(m.indptr[1], m.indptr[2]))).toEqual([0]);
    const t = transpose(m);
    expect(Array.from(t.indices.subarray(t.indptr[0], t.indptr[1]))).toEqual([0, 1]);
  });

  it('names the row of a bad value', () => {
    expect(() => encodeInteractions({ users: ['a', ''], items: ['x', 'y'] })).toThrow(
      /Row 1: the user id is empty/,
    );
    expect(() =>
      encodeInteractions({ users: ['a', 'b'], items: ['x', 'y'], times: [1, Number.NaN] }),
    ).toThrow(RecommendInputError);
    expect(() => encodeInteractions({ users: ['a'], items: ['x', 'y'] })).toThrow(
      /"items" has 2 entries but "users" has 1/,
    );
    expect(() => encodeInteractions({ users: ['a'], items: ['x'], weights: [0] })).toThrow(
      /No interactions with a positive weight/,
    );
  });
});

describe('leaveLastOut', () => {
  it('holds out the latest newly-met item, not a repeat of an old one, ties by item id', () => {
    const data = base();
    // u0 uses a again after meeting c: c is still the latest new item.
    data.users.push('u0');
    data.items.push('a');
    data.times.push(9000);
    // u1 meets b and c in the same second: the larger id (c) is held out whatever the row order.
    data.times[4] = 3000;
    [data.items[4], data.items[5]] = ['c', 'b'];
    const encoded = encodeInteractions(data);
    const split = leaveLastOut(encoded.matrix);
    expect(encoded.itemIds[split.heldOut[0]!]).toBe('c');
    expect(encoded.itemIds[split.heldOut[1]!]).toBe('c');
  });

  it('holds out the latest interaction by time, not the last row', () => {
    const data = base();
    // u0's rows are a,b,c but b is the latest.
    data.times[1] = 5000;
    const split = leaveLastOut(encodeInteractions(data).matrix);
    expect(split.users.length).toBe(MIN_EVAL_USERS);
    expect(split.heldOut[0]).toBe(1); // b
    expect(split.heldOut[1]).toBe(2); // c for the others
    const { train } = split;
    expect(Array.from(train.indices.subarray(train.indptr[0], train.indptr[1]))).toEqual([0, 2]);
  });

  it('falls back to input order without times, and keeps single-item users in training', () => {
    const data = base();
    const split = leaveLastOut(
      encodeInteractions({ users: [...data.users, 'solo'], items: [...data.items, 'a'] }).matrix,
    );
    expect(Array.from(split.heldOut)).toEqual(new Array(MIN_EVAL_USERS).fill(2));
    const solo = MIN_EVAL_USERS;
    expect(split.train.indptr[solo + 1]! - split.train.indptr[solo]!).toBe(1);
  });

  it('explains when too few users have history', () => {
    expect(() =>
      leaveLastOut(encodeInteractions({ users: ['a', 'a', 'b'], items: ['x', 'y', 'x'] }).matrix),
    ).toThrow(/Only 1 user\(s\) interacted with at least 2 distinct items.*at least 5/);
    expect(() =>
      leaveLastOut(encodeInteractions({ users: ['a', 'b'], items: ['x', 'x'] }).matrix),
    ).toThrow(/Only 1 distinct item/);
  });
});
