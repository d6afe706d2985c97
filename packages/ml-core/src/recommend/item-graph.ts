import { transpose, type CsrMatrix } from './interactions';
import { TopK, type ItemScorer } from './ranking';

/** Top neighbours of every item: item i's are `index/weight[i*width .. i*width + count[i])`, best first. */
export interface NeighbourLists {
  width: number;
  count: Int32Array;
  index: Int32Array;
  weight: Float32Array;
}

export interface GraphVariant {
  /** Neighbours kept per item. */
  neighbours: number;
  /** Final edge weight i → j from the accumulated walk mass (`raw`). */
  finalize: (i: number, j: number, raw: number) => number;
}

export interface GraphPass {
  /** Weight of each user on the walk item → user → item (e.g. 1, or deg(u)^−α). */
  userWeight: Float64Array;
  /** Weight of each source item (e.g. 1, or deg(i)^−α). */
  sourceWeight: Float64Array;
  /** Latest items per user that count (bounds the O(Σ row²) cost of very heavy users). */
  maxUserHistory: number;
  variants: GraphVariant[];
}

/**
 * One sparse pass over item → user → item walks: raw(i, j) = sourceWeight(i)·Σ_u userWeight(u)
 * over the users who used both, then per variant the top neighbours by `finalize(i, j, raw)`.
 * Several variants (e.g. popularity penalties) share the expensive accumulation.
 */
export function buildNeighbourLists(matrix: CsrMatrix, pass: GraphPass): NeighbourLists[] {
  const nItems = matrix.cols;
  const rowStart = new Int32Array(matrix.rows);
  for (let u = 0; u < matrix.rows; u += 1) {
    rowStart[u] = Math.max(
      matrix.indptr[u] as number,
      (matrix.indptr[u + 1] as number) - pass.maxUserHistory,
    );
  }
  const lists = pass.variants.map((variant) => {
    const width = Math.max(1, Math.min(variant.neighbours, nItems - 1));
    return {
      width,
      count: new Int32Array(nItems),
      index: new Int32Array(nItems * width),
      weight: new Float32Array(nItems * width),
    };
  });
  const heaps = lists.map((list) => new TopK(list.width));
  const byItem = transpose(matrix);
  const raw = new Float64Array(nItems);
  const touched = new Int32Array(nItems);
  for (let i = 0; i < nItems; i += 1) {
    let nTouched = 0;
    for (let q = byItem.indptr[i] as number; q < (byItem.indptr[i + 1] as number); q += 1) {
      const u = byItem.indices[q] as number;
      const w = pass.userWeight[u] as number;
      for (let p = rowStart[u] as number; p < (matrix.indptr[u + 1] as number); p += 1) {
        const j = matrix.indices[p] as number;
        if (j === i) continue;
        if (raw[j] === 0) touched[nTouched++] = j;
        raw[j] = (raw[j] as number) + w;
      }
    }
    const source = pass.sourceWeight[i] as number;
    for (const heap of heaps) heap.reset();
    for (let t = 0; t < nTouched; t += 1) {
      const j = touched[t] as number;
      const mass = source * (raw[j] as number);
      pass.variants.forEach((variant, v) =>
        (heaps[v] as TopK).push(j, variant.finalize(i, j, mass)),
      );
      raw[j] = 0;
    }
    heaps.forEach((heap, v) => {
      const list = lists[v] as NeighbourLists;
      const best = heap.sorted();
      list.count[i] = best.length;
      best.forEach((entry, r) => {
        list.index[i * list.width + r] = entry.index;
        list.weight[i * list.width + r] = entry.score;
      });
    });
  }
  return lists;
}

/**
 * A recommender over a sparse item graph: a user's score for item j is the sum of the edge
 * weights i → j over the items i in the user's history (item-kNN, RP3β).
 */
export class ItemGraphRecommender implements ItemScorer {
  readonly items: number;
  /** Weight of a history item per newer item met after it (1: every item counts the same). */
  recency = 1;

  constructor(
    private readonly history: CsrMatrix,
    readonly graph: NeighbourLists,
  ) {
    this.items = history.cols;
  }

  scoreUsers(users: Int32Array, out: Float32Array): void {
    const { items, history } = this;
    const { width, count, index, weight } = this.graph;
    out.fill(0, 0, users.length * items);
    for (let b = 0; b < users.length; b += 1) {
      const u = users[b] as number;
      const base = b * items;
      let w = 1;
      // Newest first, so each older item's weight is one more factor of `recency`.
      for (
        let p = (history.indptr[u + 1] as number) - 1;
        p >= (history.indptr[u] as number);
        p -= 1
      ) {
        const i = history.indices[p] as number;
        const n = count[i] as number;
        for (let r = 0; r < n; r += 1) {
          const at = base + (index[i * width + r] as number);
          out[at] = (out[at] as number) + w * (weight[i * width + r] as number);
        }
        w *= this.recency;
      }
    }
  }

  explain(user: number, candidates: Int32Array): Int32Array {
    const { history } = this;
    const { width, count, index, weight } = this.graph;
    const slot = new Map<number, number>();
    candidates.forEach((item, c) => slot.set(item, c));
    const best = new Int32Array(candidates.length).fill(-1);
    const bestWeight = new Float64Array(candidates.length);
    let decay = 1;
    for (
      let p = (history.indptr[user + 1] as number) - 1;
      p >= (history.indptr[user] as number);
      p -= 1
    ) {
      const i = history.indices[p] as number;
      for (let r = 0; r < (count[i] as number); r += 1) {
        const c = slot.get(index[i * width + r] as number);
        if (c === undefined) continue;
        const w = decay * (weight[i * width + r] as number);
        if (w > (bestWeight[c] as number)) {
          bestWeight[c] = w;
          best[c] = i;
        }
      }
      decay *= this.recency;
    }
    return best;
  }

  similarItems(k: number): { index: number; score: number }[][] {
    const { width, count, index, weight } = this.graph;
    return Array.from({ length: this.items }, (_, i) =>
      Array.from({ length: Math.min(k, count[i] as number) }, (_, r) => ({
        index: index[i * width + r] as number,
        score: weight[i * width + r] as number,
      })),
    );
  }

  dispose(): void {}
}
