import * as tf from '@tensorflow/tfjs';
import { TopK } from './ranking';

/** Embedding cosine: the `k` most similar other items of every item. */
export function embeddingNeighbours(
  vectors: Float32Array,
  items: number,
  k: number,
): { index: number; score: number }[][] {
  const dim = vectors.length / items;
  const unit = new Float32Array(vectors.length);
  for (let i = 0; i < items; i += 1) {
    let norm = 0;
    for (let d = 0; d < dim; d += 1) norm += (vectors[i * dim + d] as number) ** 2;
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let d = 0; d < dim; d += 1) unit[i * dim + d] = (vectors[i * dim + d] as number) * scale;
  }
  const lists: { index: number; score: number }[][] = [];
  const heap = new TopK(Math.min(k, items - 1));
  const chunk = 512;
  const all = tf.tensor2d(unit, [items, dim]);
  try {
    for (let from = 0; from < items; from += chunk) {
      const to = Math.min(items, from + chunk);
      const sims = tf.tidy(() =>
        tf.matMul(all.slice([from, 0], [to - from, dim]), all, false, true),
      );
      const values = sims.dataSync() as Float32Array;
      sims.dispose();
      for (let i = from; i < to; i += 1) {
        heap.reset();
        const base = (i - from) * items;
        for (let j = 0; j < items; j += 1) if (j !== i) heap.push(j, values[base + j] as number);
        lists.push(heap.sorted());
      }
    }
  } finally {
    all.dispose();
  }
  return lists;
}
