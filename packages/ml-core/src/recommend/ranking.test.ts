import { describe, expect, it } from 'vitest';
import { csrFromRows } from '../../test/csr';
import { evaluateRanking, topKUnseen, TopK, type ItemScorer } from './ranking';

const fixed = (scores: number[]): ItemScorer => ({
  items: scores.length,
  scoreUsers: (users, out) => users.forEach((_, b) => out.set(scores, b * scores.length)),
  dispose: () => {},
});

const rows = csrFromRows;

describe('TopK', () => {
  it('keeps the best k, ties by lower index', () => {
    const heap = new TopK(3);
    [5, 1, 5, 7, 2, 7].forEach((s, i) => heap.push(i, s));
    expect(heap.sorted().map((e) => e.index)).toEqual([3, 5, 0]);
  });
});

describe('evaluateRanking / topKUnseen', () => {
  const scorer = fixed([0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1, 0.05, 0.01, 0]);
  const seen = rows([[0, 1], [0]], 12);

  it('ranks the held-out item among unseen items only', () => {
    // User 0 has seen 0,1 → item 2 is rank 0; user 1 → item 11 is rank 10 (a miss at 10).
    const m = evaluateRanking(scorer, seen, Int32Array.from([0, 1]), Int32Array.from([2, 11]));
    expect(m.hr10).toBe(0.5);
    expect(m.ndcg10).toBeCloseTo(0.5);
    // Top-10 lists: 2..11 and 1..10 → items 1..11 of 12.
    expect(m.coverage).toBeCloseTo(11 / 12);
  });

  it('never recommends seen items', () => {
    const lists: number[][] = [];
    topKUnseen(scorer, seen, Int32Array.from([0, 1]), 3, (_, top) =>
      lists.push(top.map((e) => e.index)),
    );
    expect(lists).toEqual([
      [2, 3, 4],
      [1, 2, 3],
    ]);
  });
});
