import type { CsrMatrix } from './interactions';
import type { ItemScorer } from './ranking';

/** Scores every item by its summed interaction weight, scaled to [0, 1]; the same for every user. */
export class PopularityRecommender implements ItemScorer {
  readonly items: number;
  /** Per-item popularity in [0, 1]. */
  readonly scores: Float32Array;

  constructor(matrix: CsrMatrix) {
    this.items = matrix.cols;
    const totals = new Float64Array(matrix.cols);
    for (let p = 0; p < matrix.indices.length; p += 1) {
      const i = matrix.indices[p] as number;
      totals[i] = (totals[i] as number) + (matrix.weights[p] as number);
    }
    let max = 0;
    for (const value of totals) max = Math.max(max, value);
    this.scores = new Float32Array(matrix.cols);
    for (let i = 0; i < matrix.cols; i += 1) {
      this.scores[i] = max > 0 ? (totals[i] as number) / max : 0;
    }
  }

  scoreUsers(users: Int32Array, out: Float32Array): void {
    for (let b = 0; b < users.length; b += 1) out.set(this.scores, b * this.items);
  }

  dispose(): void {}
}
