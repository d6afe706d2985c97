import type { CsrMatrix } from '../src/recommend/interactions';

/** A user × item matrix from each user's item list (weights 1), for recommendation tests. */
export function csrFromRows(lists: number[][], cols: number): CsrMatrix {
  const indptr = new Int32Array(lists.length + 1);
  lists.forEach((list, u) => (indptr[u + 1] = (indptr[u] as number) + list.length));
  const indices = Int32Array.from(lists.flat());
  return {
    rows: lists.length,
    cols,
    indptr,
    indices,
    weights: new Float32Array(indices.length).fill(1),
  };
}
