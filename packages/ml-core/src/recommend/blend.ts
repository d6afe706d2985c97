import type { ItemScorer } from './ranking';

/** Blend weights of the first component tried on the tuning users. */
export const BLEND_WEIGHTS = [0.3, 0.5, 0.7];

/**
 * A weighted blend of two recommenders' scores, each scaled per user by that user's top score so
 * that models on different scales (EASE weights, graph walk mass, ALS dot products) mix evenly.
 * Reasons ("because you used X") come from the component with the larger weight.
 */
export class BlendRecommender implements ItemScorer {
  readonly items: number;
  private buffer = new Float32Array(0);

  constructor(
    readonly first: ItemScorer,
    readonly second: ItemScorer,
    readonly weight: number,
    /** Whether disposing the blend disposes its components (false while tuning borrows them). */
    private readonly ownsComponents = true,
  ) {
    this.items = first.items;
  }

  scoreUsers(users: Int32Array, out: Float32Array): void {
    const { items, weight } = this;
    const size = users.length * items;
    if (this.buffer.length < size) this.buffer = new Float32Array(size);
    const other = this.buffer;
    this.first.scoreUsers(users, out);
    this.second.scoreUsers(users, other);
    for (let b = 0; b < users.length; b += 1) {
      const base = b * items;
      const scaleA = topScale(out, base, items);
      const scaleB = topScale(other, base, items);
      for (let j = base; j < base + items; j += 1) {
        out[j] =
          (weight * (out[j] as number)) / scaleA + ((1 - weight) * (other[j] as number)) / scaleB;
      }
    }
  }

  explain(user: number, candidates: Int32Array): Int32Array {
    const lead = this.weight >= 0.5 ? this.first : this.second;
    const backup = lead === this.first ? this.second : this.first;
    const reasons = lead.explain?.(user, candidates) ?? new Int32Array(candidates.length).fill(-1);
    const missing = reasons.some((r) => r < 0) ? backup.explain?.(user, candidates) : undefined;
    return missing ? reasons.map((r, c) => (r >= 0 ? r : (missing[c] as number))) : reasons;
  }

  similarItems(k: number): { index: number; score: number }[][] {
    const lead = this.weight >= 0.5 ? this.first : this.second;
    const backup = lead === this.first ? this.second : this.first;
    const source = [lead, backup].find((model) => model.similarItems !== undefined);
    return source?.similarItems?.(k) ?? [];
  }

  dispose(): void {
    if (!this.ownsComponents) return;
    this.first.dispose();
    this.second.dispose();
  }
}

/** The user's largest positive score (1 when there is none), to put models on one scale. */
function topScale(scores: Float32Array, base: number, items: number): number {
  let top = 0;
  for (let j = base; j < base + items; j += 1)
    if ((scores[j] as number) > top) top = scores[j] as number;
  return top > 0 ? top : 1;
}
