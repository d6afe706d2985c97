import type { CsrMatrix } from './interactions';

/**
 * A fitted recommender: scores every item for a batch of users. Higher is better; ties are broken
 * by the lower item index everywhere (ranking, top-k), so results are deterministic.
 */
export interface ItemScorer {
  readonly items: number;
  /** Writes `users.length × items` scores (row-major) into `out`. */
  scoreUsers(users: Int32Array, out: Float32Array): void;
  /** Frees tensors, if any. */
  dispose(): void;
  /**
   * For each candidate item: the item of the user's history that raised its score most, or −1
   * (the "because you used X" of a recommendation). Models without item-level reasons omit it.
   */
  explain?(user: number, candidates: Int32Array): Int32Array;
  /** The `k` most similar items of every item, best first, where the model defines similarity. */
  similarItems?(k: number): { index: number; score: number }[][];
}

/** Keeps the k best (score desc, index asc) of a stream of (index, score). */
export class TopK {
  readonly index: Int32Array;
  readonly score: Float64Array;
  size = 0;

  constructor(readonly k: number) {
    this.index = new Int32Array(k);
    this.score = new Float64Array(k);
  }

  reset(): void {
    this.size = 0;
  }

  /** True when (s, i) ranks below (t, j). The heap root is the worst kept entry. */
  private static worse(s: number, i: number, t: number, j: number): boolean {
    return s < t || (s === t && i > j);
  }

  push(i: number, s: number): void {
    const { index, score, k } = this;
    if (k === 0) return;
    if (this.size < k) {
      let at = this.size;
      this.size += 1;
      while (at > 0) {
        const parent = (at - 1) >> 1;
        if (!TopK.worse(s, i, score[parent] as number, index[parent] as number)) break;
        index[at] = index[parent] as number;
        score[at] = score[parent] as number;
        at = parent;
      }
      index[at] = i;
      score[at] = s;
      return;
    }
    if (!TopK.worse(score[0] as number, index[0] as number, s, i)) return;
    // Replace the root and sift down.
    let at = 0;
    for (;;) {
      const left = 2 * at + 1;
      if (left >= k) break;
      const right = left + 1;
      let child = left;
      if (
        right < k &&
        TopK.worse(
          score[right] as number,
          index[right] as number,
          score[left] as number,
          index[left] as number,
        )
      ) {
        child = right;
      }
      if (!TopK.worse(score[child] as number, index[child] as number, s, i)) break;
      index[at] = index[child] as number;
      score[at] = score[child] as number;
      at = child;
    }
    index[at] = i;
    score[at] = s;
  }

  /** Kept entries, best first. */
  sorted(): { index: number; score: number }[] {
    const out: { index: number; score: number }[] = [];
    for (let p = 0; p < this.size; p += 1) {
      out.push({ index: this.index[p] as number, score: this.score[p] as number });
    }
    return out.sort((a, b) => b.score - a.score || a.index - b.index);
  }
}

/** Users scored per batch: bounds the score buffer to CHUNK × items floats. */
const CHUNK = 256;

/**
 * For each user: the top-k items not in that user's row of `seen`, best first. Calls `visit` per
 * user (in the given order) so callers can convert without holding every list twice.
 */
export function topKUnseen(
  scorer: ItemScorer,
  seen: CsrMatrix,
  users: Int32Array,
  k: number,
  visit: (position: number, top: { index: number; score: number }[]) => void,
): void {
  const nItems = scorer.items;
  const buffer = new Float32Array(Math.min(CHUNK, users.length) * nItems);
  const heap = new TopK(Math.min(k, nItems));
  for (let from = 0; from < users.length; from += CHUNK) {
    const batch = users.subarray(from, Math.min(users.length, from + CHUNK));
    scorer.scoreUsers(batch, buffer);
    for (let b = 0; b < batch.length; b += 1) {
      const u = batch[b] as number;
      const row = buffer.subarray(b * nItems, (b + 1) * nItems);
      for (let p = seen.indptr[u] as number; p < (seen.indptr[u + 1] as number); p += 1) {
        row[seen.indices[p] as number] = Number.NaN;
      }
      heap.reset();
      for (let i = 0; i < nItems; i += 1) {
        const s = row[i] as number;
        if (s === s) heap.push(i, s);
      }
      visit(from + b, heap.sorted());
    }
  }
}

export interface RankingMetrics {
  hr10: number;
  ndcg10: number;
  coverage: number;
  users: number;
}

/**
 * Leave-last-out evaluation with full ranking: each user's held-out item is ranked against every
 * item the user has not interacted with in `seen` (score desc, ties by lower index). HR@10 = share
 * ranked in the top 10, NDCG@10 = mean 1/log2(rank + 2) over those; coverage = distinct items in
 * any evaluated user's top 10 / catalogue size.
 */
export function evaluateRanking(
  scorer: ItemScorer,
  seen: CsrMatrix,
  users: Int32Array,
  heldOut: Int32Array,
  cutoff = 10,
  /** When given, receives each user's NDCG@10 gain (0 for a miss), for paired comparisons. */
  gains?: Float64Array,
): RankingMetrics {
  const nItems = scorer.items;
  const buffer = new Float32Array(Math.min(CHUNK, Math.max(1, users.length)) * nItems);
  const shown = new Uint8Array(nItems);
  const heap = new TopK(Math.min(cutoff, nItems));
  let hits = 0;
  let ndcg = 0;
  for (let from = 0; from < users.length; from += CHUNK) {
    const batch = users.subarray(from, Math.min(users.length, from + CHUNK));
    scorer.scoreUsers(batch, buffer);
    for (let b = 0; b < batch.length; b += 1) {
      const u = batch[b] as number;
      const target = heldOut[from + b] as number;
      const row = buffer.subarray(b * nItems, (b + 1) * nItems);
      for (let p = seen.indptr[u] as number; p < (seen.indptr[u + 1] as number); p += 1) {
        row[seen.indices[p] as number] = Number.NaN;
      }
      const targetScore = row[target] as number;
      let rank = 0;
      heap.reset();
      for (let i = 0; i < nItems; i += 1) {
        const s = row[i] as number;
        if (s !== s) continue;
        if (s > targetScore || (s === targetScore && i < target)) rank += 1;
        heap.push(i, s);
      }
      if (targetScore !== targetScore) rank = nItems; // held-out item also seen in training
      const gain = rank < cutoff ? 1 / Math.log2(rank + 2) : 0;
      if (gains) gains[from + b] = gain;
      if (rank < cutoff) {
        hits += 1;
        ndcg += gain;
      }
      for (let p = 0; p < heap.size; p += 1) shown[heap.index[p] as number] = 1;
    }
  }
  let covered = 0;
  for (let i = 0; i < nItems; i += 1) covered += shown[i] as number;
  const n = Math.max(1, users.length);
  return { hr10: hits / n, ndcg10: ndcg / n, coverage: covered / nItems, users: users.length };
}
