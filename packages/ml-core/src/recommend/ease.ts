import * as tf from '@tensorflow/tfjs';
import { itemCounts, type CsrMatrix } from './interactions';
import type { ItemScorer } from './ranking';
import { spdInverse } from './spd-inverse';

export interface EaseOptions {
  /** Ridge strength λ added to the Gram diagonal. */
  lambda: number;
  /**
   * Most frequent items modelled (the item–item matrix is maxItems² floats and its inverse costs
   * 2·maxItems³ flops); rarer items rank after them by popularity. Default 4,000.
   */
  maxItems?: number;
}

export const EASE_MAX_ITEMS = 4000;

/** The `limit` items with the most users (ties: lower index), as model-local positions. */
export function frequentItems(counts: Float64Array, limit: number): Int32Array {
  const order = Array.from(counts.keys())
    .filter((i) => (counts[i] as number) > 0)
    .sort((a, b) => (counts[b] as number) - (counts[a] as number) || a - b);
  return Int32Array.from(order.slice(0, limit)).sort();
}

/** Binary item–item co-occurrence XᵀX over the `modelled` items (row-major, m×m). */
export function gramMatrix(matrix: CsrMatrix, position: Int32Array, m: number): Float32Array {
  const gram = new Float32Array(m * m);
  const row: number[] = [];
  for (let u = 0; u < matrix.rows; u += 1) {
    row.length = 0;
    for (let p = matrix.indptr[u] as number; p < (matrix.indptr[u + 1] as number); p += 1) {
      const local = position[matrix.indices[p] as number] as number;
      if (local >= 0) row.push(local);
    }
    for (const a of row) {
      const base = a * m;
      for (const b of row) gram[base + b] = (gram[base + b] as number) + 1;
    }
  }
  return gram;
}

/**
 * EASE (Steck 2019): the item–item weights B that best reconstruct each user's row from the
 * user's other items, min ‖X − XB‖² + λ‖B‖² with diag(B) = 0, in closed form: P = (XᵀX + λI)⁻¹,
 * B_ij = −P_ij / P_jj (i ≠ j). The inverse runs on the tf backend (`spdInverse`); B lives in a
 * plain Float32Array because scoring a user only sums the rows of the items they used.
 */
export class EaseRecommender implements ItemScorer {
  readonly items: number;
  readonly lambda: number;
  /** Model-local position of each item, −1 for items left to the popularity fallback. */
  readonly position: Int32Array;
  /** Catalogue index of each modelled position. */
  readonly modelled: Int32Array;
  /** m×m weights, row i = how much using item i raises each item j. */
  readonly weights: Float32Array;
  /** Weight of a history item per newer item met after it (1: every item counts the same). */
  recency = 1;
  private readonly history: CsrMatrix;
  private readonly fallback: Float32Array;

  constructor(matrix: CsrMatrix, options: EaseOptions) {
    this.items = matrix.cols;
    this.lambda = options.lambda;
    this.history = matrix;
    const counts = itemCounts(matrix);
    this.modelled = frequentItems(counts, options.maxItems ?? EASE_MAX_ITEMS);
    this.position = new Int32Array(matrix.cols).fill(-1);
    this.modelled.forEach((item, local) => (this.position[item] = local));
    const m = this.modelled.length;
    this.weights = easeWeights(regularisedInverse(matrix, this.position, m, this.lambda), m);
    // Rare items rank after every modelled one, by popularity; modelled ties break by popularity.
    let most = 1;
    for (const count of counts) most = Math.max(most, count);
    this.fallback = Float32Array.from(counts, (count, i) =>
      (this.position[i] as number) >= 0 ? (1e-6 * count) / most : -1e6 + count / most,
    );
  }

  scoreUsers(users: Int32Array, out: Float32Array): void {
    const { items, weights, history, position } = this;
    const m = this.modelled.length;
    for (let b = 0; b < users.length; b += 1) {
      const u = users[b] as number;
      const base = b * items;
      out.set(this.fallback, base);
      // Newest first, so each older item's weight is one more factor of `recency`.
      let w = 1;
      for (
        let p = (history.indptr[u + 1] as number) - 1;
        p >= (history.indptr[u] as number);
        p -= 1, w *= this.recency
      ) {
        const local = position[history.indices[p] as number] as number;
        if (local < 0) continue;
        const rowBase = local * m;
        for (let j = 0; j < m; j += 1) {
          const at = base + (this.modelled[j] as number);
          out[at] = (out[at] as number) + w * (weights[rowBase + j] as number);
        }
      }
    }
  }

  /** For each candidate item: the user's history item with the largest weight towards it, or −1. */
  explain(user: number, candidates: Int32Array): Int32Array {
    const { weights, history, position } = this;
    const m = this.modelled.length;
    return Int32Array.from(candidates, (item) => {
      const target = position[item] as number;
      if (target < 0) return -1;
      let best = -1;
      let bestWeight = 0;
      let decay = 1;
      for (
        let p = (history.indptr[user + 1] as number) - 1;
        p >= (history.indptr[user] as number);
        p -= 1, decay *= this.recency
      ) {
        const source = history.indices[p] as number;
        const local = position[source] as number;
        if (local < 0) continue;
        const weight = decay * (weights[local * m + target] as number);
        if (weight > bestWeight) {
          bestWeight = weight;
          best = source;
        }
      }
      return best;
    });
  }

  /** Per item: the items its use raises most (largest positive weights), best first. */
  similarItems(k: number): { index: number; score: number }[][] {
    const m = this.modelled.length;
    const lists: { index: number; score: number }[][] = Array.from(
      { length: this.items },
      () => [],
    );
    for (let local = 0; local < m; local += 1) {
      const entries: { index: number; score: number }[] = [];
      for (let j = 0; j < m; j += 1) {
        const weight = this.weights[local * m + j] as number;
        if (weight > 0) entries.push({ index: this.modelled[j] as number, score: weight });
      }
      entries.sort((a, b) => b.score - a.score || a.index - b.index);
      lists[this.modelled[local] as number] = entries.slice(0, k);
    }
    return lists;
  }

  dispose(): void {}
}

/** Users with at least one modelled item. */
function usersWithModelled(matrix: CsrMatrix, position: Int32Array): Int32Array {
  const users: number[] = [];
  for (let u = 0; u < matrix.rows; u += 1) {
    for (let p = matrix.indptr[u] as number; p < (matrix.indptr[u + 1] as number); p += 1) {
      if ((position[matrix.indices[p] as number] as number) >= 0) {
        users.push(u);
        break;
      }
    }
  }
  return Int32Array.from(users);
}

/** Those users' rows as a dense 0/1 matrix (users × m): only for the Woodbury branch. */
function denseRows(
  matrix: CsrMatrix,
  position: Int32Array,
  m: number,
  users: Int32Array,
): Float32Array {
  const x = new Float32Array(users.length * m);
  users.forEach((u, r) => {
    for (let p = matrix.indptr[u] as number; p < (matrix.indptr[u + 1] as number); p += 1) {
      const local = position[matrix.indices[p] as number] as number;
      if (local >= 0) x[r * m + local] = 1;
    }
  });
  return x;
}

/**
 * P = (XᵀX + λI)⁻¹ over the modelled items. With at least half as many users as items: the
 * m×m inverse (2m³ flops). With fewer users (a large catalogue, a small team's data) the
 * Woodbury identity P = (I − Xᵀ(XXᵀ + λI)⁻¹X)/λ needs only a users×users inverse and
 * 2m²·users flops for the product, on the tf backend.
 */
function regularisedInverse(
  matrix: CsrMatrix,
  position: Int32Array,
  m: number,
  lambda: number,
): Float32Array {
  const users = usersWithModelled(matrix, position);
  const rows = users.length;
  if (2 * rows >= m) {
    // The m×m path never needs the dense users × m rows (3.4 GB for 570k users × 1,500 items).
    const gram = gramMatrix(matrix, position, m);
    for (let i = 0; i < m; i += 1) gram[i * m + i] = (gram[i * m + i] as number) + lambda;
    return spdInverse(gram, m);
  }
  const x = denseRows(matrix, position, m, users);
  const outer = tf.tidy(() => {
    const dense = tf.tensor2d(x, [rows, m]);
    return tf.matMul(dense, tf.transpose(dense));
  });
  const kernel = outer.dataSync() as Float32Array;
  outer.dispose();
  for (let r = 0; r < rows; r += 1)
    kernel[r * rows + r] = (kernel[r * rows + r] as number) + lambda;
  const inverse = spdInverse(kernel, rows);
  const product = tf.tidy(() => {
    const dense = tf.tensor2d(x, [rows, m]);
    const kx = tf.matMul(tf.tensor2d(inverse, [rows, rows]), dense);
    return tf.matMul(tf.transpose(dense), kx);
  });
  const p = product.dataSync() as Float32Array;
  product.dispose();
  for (let i = 0; i < m; i += 1) {
    const base = i * m;
    for (let j = 0; j < m; j += 1)
      p[base + j] = ((i === j ? 1 : 0) - (p[base + j] as number)) / lambda;
  }
  return p;
}

/** B = −P / diag(P) with a zero diagonal (overwrites P). */
function easeWeights(weights: Float32Array, m: number): Float32Array {
  if (m === 0) return new Float32Array(0);
  const diagonal = Float32Array.from({ length: m }, (_, j) => weights[j * m + j] as number);
  for (let i = 0; i < m; i += 1) {
    const base = i * m;
    for (let j = 0; j < m; j += 1) {
      weights[base + j] = i === j ? 0 : -(weights[base + j] as number) / (diagonal[j] as number);
    }
  }
  return weights;
}
