import { transpose, type CsrMatrix } from './interactions';
import { TopK, type ItemScorer } from './ranking';

export interface ItemKnnOptions {
  /** Neighbours kept per item. Default 100. */
  neighbours?: number;
  /**
   * Latest items per user that count towards co-occurrence (bounds the O(Σ row²) cost of very
   * heavy users). Default 500.
   */
  maxUserHistory?: number;
}

/**
 * Item-based k-nearest neighbours: cosine similarity of items over the users who interacted with
 * them (binary), computed from sparse co-occurrence counts, top-N neighbours per item. A user's
 * score for item j is the sum of sim(i, j) over the items i in the user's history.
 */
export class ItemKnnRecommender implements ItemScorer {
  readonly items: number;
  readonly neighbours: number;
  /** Neighbours of item i: `neighbourIndex[i*N .. i*N + neighbourCount[i])`, best first. */
  readonly neighbourIndex: Int32Array;
  readonly neighbourSim: Float32Array;
  readonly neighbourCount: Int32Array;
  private readonly history: CsrMatrix;

  constructor(matrix: CsrMatrix, options: ItemKnnOptions = {}) {
    const nItems = matrix.cols;
    const N = Math.max(1, Math.min(options.neighbours ?? 100, nItems - 1));
    const maxHistory = options.maxUserHistory ?? 500;
    this.items = nItems;
    this.neighbours = N;
    this.history = matrix;
    this.neighbourIndex = new Int32Array(nItems * N);
    this.neighbourSim = new Float32Array(nItems * N);
    this.neighbourCount = new Int32Array(nItems);

    // Rows are chronological, so the latest `maxHistory` items are the tail of each row.
    const rowStart = new Int32Array(matrix.rows);
    for (let u = 0; u < matrix.rows; u += 1) {
      rowStart[u] = Math.max(
        matrix.indptr[u] as number,
        (matrix.indptr[u + 1] as number) - maxHistory,
      );
    }
    const byItem = transpose(matrix);
    const norm = new Float64Array(nItems);
    for (let i = 0; i < nItems; i += 1) {
      norm[i] = Math.sqrt((byItem.indptr[i + 1] as number) - (byItem.indptr[i] as number));
    }
    const counts = new Float64Array(nItems);
    const touched = new Int32Array(nItems);
    const heap = new TopK(N);
    for (let i = 0; i < nItems; i += 1) {
      let nTouched = 0;
      for (let q = byItem.indptr[i] as number; q < (byItem.indptr[i + 1] as number); q += 1) {
        const u = byItem.indices[q] as number;
        for (let p = rowStart[u] as number; p < (matrix.indptr[u + 1] as number); p += 1) {
          const j = matrix.indices[p] as number;
          if (j === i) continue;
          if (counts[j] === 0) touched[nTouched++] = j;
          counts[j] = (counts[j] as number) + 1;
        }
      }
      heap.reset();
      const ni = norm[i] as number;
      for (let t = 0; t < nTouched; t += 1) {
        const j = touched[t] as number;
        heap.push(j, (counts[j] as number) / (ni * (norm[j] as number)));
        counts[j] = 0;
      }
      const best = heap.sorted();
      this.neighbourCount[i] = best.length;
      for (let r = 0; r < best.length; r += 1) {
        const entry = best[r] as { index: number; score: number };
        this.neighbourIndex[i * N + r] = entry.index;
        this.neighbourSim[i * N + r] = entry.score;
      }
    }
  }

  scoreUsers(users: Int32Array, out: Float32Array): void {
    const { items, neighbours: N, history } = this;
    out.fill(0, 0, users.length * items);
    for (let b = 0; b < users.length; b += 1) {
      const u = users[b] as number;
      const base = b * items;
      for (let p = history.indptr[u] as number; p < (history.indptr[u + 1] as number); p += 1) {
        const i = history.indices[p] as number;
        const count = this.neighbourCount[i] as number;
        for (let r = 0; r < count; r += 1) {
          const at = base + (this.neighbourIndex[i * N + r] as number);
          out[at] = (out[at] as number) + (this.neighbourSim[i * N + r] as number);
        }
      }
    }
  }

  /** The `k` most similar items of every item (co-occurrence cosine), best first. */
  similarItems(k: number): { index: number; score: number }[][] {
    const lists: { index: number; score: number }[][] = [];
    for (let i = 0; i < this.items; i += 1) {
      const count = Math.min(k, this.neighbourCount[i] as number);
      const list: { index: number; score: number }[] = [];
      for (let r = 0; r < count; r += 1) {
        list.push({
          index: this.neighbourIndex[i * this.neighbours + r] as number,
          score: this.neighbourSim[i * this.neighbours + r] as number,
        });
      }
      lists.push(list);
    }
    return lists;
  }

  dispose(): void {}
}
