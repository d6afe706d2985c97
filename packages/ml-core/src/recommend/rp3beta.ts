import { itemCounts, type CsrMatrix } from './interactions';
import { buildNeighbourLists, ItemGraphRecommender, type NeighbourLists } from './item-graph';

export interface Rp3Params {
  /** Power on the transition probabilities of the walk (1 = plain random walk). */
  alpha: number;
  /** Popularity penalty: edge weights into item j are divided by deg(j)^β. */
  beta: number;
  /** Neighbours kept per item. */
  neighbours: number;
}

/**
 * RP3β (Paudel et al. 2017; Christoffel et al. 2015): item i → user → item j random-walk
 * probabilities P(u|i)^α·P(j|u)^α, summed over users and divided by deg(j)^β so that popular
 * items do not dominate, keeping the strongest neighbours per item. Every β (and neighbour count)
 * of one α shares a single sparse pass, which makes tuning β nearly free.
 */
export function fitRp3betaGrid(
  matrix: CsrMatrix,
  alpha: number,
  variants: { beta: number; neighbours: number }[],
  maxUserHistory = 500,
): { params: Rp3Params; model: ItemGraphRecommender }[] {
  const itemDegree = itemCounts(matrix);
  const userWeight = Float64Array.from({ length: matrix.rows }, (_, u) => {
    const degree = (matrix.indptr[u + 1] as number) - (matrix.indptr[u] as number);
    return degree > 0 ? degree ** -alpha : 0;
  });
  const sourceWeight = itemDegree.map((d) => (d > 0 ? d ** -alpha : 0));
  const graphs: NeighbourLists[] = buildNeighbourLists(matrix, {
    userWeight,
    sourceWeight,
    maxUserHistory,
    variants: variants.map(({ beta, neighbours }) => ({
      neighbours,
      finalize: (_i: number, j: number, raw: number) => raw / (itemDegree[j] as number) ** beta,
    })),
  });
  return graphs.map((graph, v) => ({
    params: { alpha, ...(variants[v] as { beta: number; neighbours: number }) },
    model: new ItemGraphRecommender(matrix, graph),
  }));
}
