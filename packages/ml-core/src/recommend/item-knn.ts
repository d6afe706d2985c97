import { itemCounts, type CsrMatrix } from './interactions';
import { buildNeighbourLists, ItemGraphRecommender } from './item-graph';

export interface ItemKnnOptions {
  /** Neighbours kept per item. Default 100. */
  neighbours?: number;
  /** Latest items per user that count towards co-occurrence. Default 500. */
  maxUserHistory?: number;
}

/**
 * Item-based k-nearest neighbours: cosine similarity of items over the users who used them
 * (binary), from sparse co-occurrence counts, top-N neighbours per item. A user's score for item j
 * is the sum of sim(i, j) over the items i in the user's history.
 */
export class ItemKnnRecommender extends ItemGraphRecommender {
  constructor(matrix: CsrMatrix, options: ItemKnnOptions = {}) {
    const norm = itemCounts(matrix).map(Math.sqrt);
    const [graph] = buildNeighbourLists(matrix, {
      userWeight: new Float64Array(matrix.rows).fill(1),
      sourceWeight: new Float64Array(matrix.cols).fill(1),
      maxUserHistory: options.maxUserHistory ?? 500,
      variants: [
        {
          neighbours: options.neighbours ?? 100,
          finalize: (i, j, raw) => raw / ((norm[i] as number) * (norm[j] as number)),
        },
      ],
    });
    super(matrix, graph!);
  }
}
