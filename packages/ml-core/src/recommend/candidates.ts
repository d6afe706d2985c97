/**
 * The recommendation candidates and their hyperparameter grids. Each candidate is tuned on the
 * tuning users' held-out items (validation NDCG@10 on the training split), and refitted on all
 * data with the chosen parameters, so the model that is compared is the model that is served.
 */
import { EASE_MAX_ITEMS, EaseRecommender } from './ease';
import { ImplicitAls } from './ials';
import { itemCounts, type CsrMatrix } from './interactions';
import type { ItemGraphRecommender } from './item-graph';
import { ItemKnnRecommender } from './item-knn';
import { PopularityRecommender } from './popularity';
import type { ItemScorer } from './ranking';
import { fitRp3betaGrid } from './rp3beta';

export type CandidateParams = Record<string, number>;

export interface TuneContext {
  /** Validation NDCG@10 of a model fitted on the training split, on the tuning users. */
  score: (model: ItemScorer) => number;
  seed: number;
  /** Most frequent items EASE models. */
  easeMaxItems: number;
  /** Maximum ALS sweeps (early stopping usually ends sooner). */
  maxSweeps: number;
  /** Lets the event loop run (progress, cancellation) between fits. */
  yieldNow: () => Promise<void>;
  onStep: (done: number, total: number) => void;
}

export interface TunedCandidate {
  params: CandidateParams;
  /** Fitted on the training split with `params`. */
  model: ItemScorer;
  /** Configurations tried. */
  tried: number;
  /** Validation NDCG@10 of `model` on the tuning users. */
  score: number;
}

export interface CandidateSpec {
  tune(train: CsrMatrix, context: TuneContext): Promise<TunedCandidate>;
  refit(matrix: CsrMatrix, params: CandidateParams, seed: number): Promise<ItemScorer>;
}

/** Keeps the best-scoring model of a grid, disposing the others. */
class BestOf {
  best: { params: CandidateParams; model: ItemScorer; score: number } | null = null;
  tried = 0;

  offer(params: CandidateParams, model: ItemScorer, score: number): void {
    this.tried += 1;
    if (this.best === null || score > this.best.score) {
      this.best?.model.dispose();
      this.best = { params, model, score };
    } else model.dispose();
  }

  result(): TunedCandidate {
    if (this.best === null) throw new Error('No configuration was fitted.');
    const { params, model, score } = this.best;
    return { params, model, tried: this.tried, score };
  }
}

/**
 * History recency weights tried for the item-based models: an item's weight shrinks by this factor
 * for every newer item the user met after it (1 = plain sum). Scoring-time only, so trying them
 * costs a few evaluations, no refit.
 */
const RECENCY = [1, 0.97, 0.9, 0.75];

/** Sets the best recency factor of an item-based model on the tuning users. */
async function tuneRecency(tuned: TunedCandidate, context: TuneContext): Promise<TunedCandidate> {
  const model = tuned.model as ItemScorer & { recency: number };
  let best = { recency: model.recency, score: tuned.score };
  for (const recency of RECENCY) {
    if (recency === 1) continue;
    model.recency = recency;
    const score = context.score(model);
    if (score > best.score) best = { recency, score };
    await context.yieldNow();
  }
  model.recency = best.recency;
  return {
    ...tuned,
    params: { ...tuned.params, recency: best.recency },
    tried: tuned.tried + RECENCY.length - 1,
    score: best.score,
  };
}

function withRecency<T extends { recency: number }>(model: T, params: CandidateParams): T {
  model.recency = params.recency ?? 1;
  return model;
}

const KNN_NEIGHBOURS = [20, 100, 400];
const RP3_ALPHAS = [0.5, 1];
const RP3_BETAS = [0, 0.25, 0.5, 0.75];
const RP3_NEIGHBOURS = [50, 200];
/**
 * EASE λ as multiples of the mean item count (the Gram diagonal), log-spaced by 4×; the search
 * steps outward while the best is at an end of the grid (at most EASE_MAX_FITS inverses).
 */
const EASE_LAMBDA_SCALES = [0.2, 0.8, 3.2];
const EASE_MAX_FITS = 5;
/** Items the λ search models when the catalogue is larger (see `ease.tune`). */
const EASE_SEARCH_ITEMS = 1500;
/**
 * Implicit-ALS settings: confidence α, and λ as a multiple of the mean users per item, since the
 * penalty has to grow with the data's density to hold the same shrinkage (a fixed λ that suits
 * 100k events over-fits 1M within two sweeps).
 */
const IALS_GRID: { alpha: number; lambdaScale: number }[] = [
  { alpha: 2, lambdaScale: 0.1 },
  { alpha: 2, lambdaScale: 0.4 },
  { alpha: 8, lambdaScale: 1 },
];
const IALS_DIM = 64;

/** Mean Gram diagonal (users per item) over the items EASE would model. */
function meanFrequentCount(matrix: CsrMatrix, maxItems: number): number {
  const counts = Array.from(itemCounts(matrix))
    .filter((c) => c > 0)
    .sort((a, b) => b - a)
    .slice(0, maxItems);
  return counts.reduce((a, b) => a + b, 0) / Math.max(1, counts.length);
}

export const CANDIDATES: Record<
  'popularity' | 'item_knn' | 'rp3beta' | 'ease' | 'ials',
  CandidateSpec
> = {
  popularity: {
    async tune(train, context) {
      const model = new PopularityRecommender(train);
      return { params: {}, model, tried: 1, score: context.score(model) };
    },
    async refit(matrix) {
      return new PopularityRecommender(matrix);
    },
  },
  item_knn: {
    async tune(train, context) {
      const best = new BestOf();
      for (const [k, neighbours] of KNN_NEIGHBOURS.entries()) {
        const model = new ItemKnnRecommender(train, { neighbours });
        best.offer({ neighbours }, model, context.score(model));
        context.onStep(k + 1, KNN_NEIGHBOURS.length);
        await context.yieldNow();
      }
      return tuneRecency(best.result(), context);
    },
    async refit(matrix, params) {
      return withRecency(
        new ItemKnnRecommender(matrix, { neighbours: params.neighbours as number }),
        params,
      );
    },
  },
  rp3beta: {
    async tune(train, context) {
      const best = new BestOf();
      const variants = RP3_BETAS.flatMap((beta) =>
        RP3_NEIGHBOURS.map((neighbours) => ({ beta, neighbours })),
      );
      for (const [a, alpha] of RP3_ALPHAS.entries()) {
        for (const { params, model } of fitRp3betaGrid(train, alpha, variants))
          best.offer({ ...params }, model, context.score(model));
        context.onStep(a + 1, RP3_ALPHAS.length);
        await context.yieldNow();
      }
      return tuneRecency(best.result(), context);
    },
    async refit(matrix, params) {
      const { alpha, beta, neighbours } = params as {
        alpha: number;
        beta: number;
        neighbours: number;
      };
      const [fitted] = fitRp3betaGrid(matrix, alpha, [{ beta, neighbours }]);
      return withRecency((fitted as { model: ItemGraphRecommender }).model, params);
    },
  },
  ease: {
    async tune(train, context) {
      // The λ search runs on the most frequent EASE_SEARCH_ITEMS items when the catalogue is
      // larger (each fit is then ~20× cheaper); the chosen multiple of users-per-item is then
      // fitted once at full size, and that full model is the one compared and refitted.
      const full = context.easeMaxItems;
      const searchItems = Math.min(full, EASE_SEARCH_ITEMS);
      const fits = (items: number) => train.cols > items;
      const searched = fits(searchItems) && fits(full) ? searchItems : full;
      const best = new BestOf();
      const scale = meanFrequentCount(train, searched);
      const scores = new Map<number, number>();
      const fit = async (factor: number) => {
        const lambda = Math.max(0.5, factor * scale);
        const model = new EaseRecommender(train, { lambda, maxItems: searched });
        const score = context.score(model);
        scores.set(factor, score);
        best.offer({ lambda, maxItems: searched, factor }, model, score);
        context.onStep(scores.size, EASE_MAX_FITS + 1);
        await context.yieldNow();
      };
      for (const factor of EASE_LAMBDA_SCALES) await fit(factor);
      while (scores.size < EASE_MAX_FITS) {
        const factors = [...scores.keys()].sort((a, b) => a - b);
        const top = factors.reduce((a, b) =>
          (scores.get(b) as number) > (scores.get(a) as number) ? b : a,
        );
        if (top === factors[0]) await fit(top / 4);
        else if (top === factors.at(-1)) await fit(top * 4);
        else break;
      }
      let chosen = best.result();
      if (searched !== full) {
        const factor = chosen.params.factor as number;
        chosen.model.dispose();
        const lambda = Math.max(0.5, factor * meanFrequentCount(train, full));
        const model = new EaseRecommender(train, { lambda, maxItems: full });
        chosen = {
          params: { lambda, maxItems: full, factor },
          model,
          tried: chosen.tried + 1,
          score: context.score(model),
        };
      }
      context.onStep(EASE_MAX_FITS + 1, EASE_MAX_FITS + 1);
      return tuneRecency(chosen, context);
    },
    async refit(matrix, params) {
      const model = new EaseRecommender(matrix, {
        lambda: params.lambda as number,
        maxItems: params.maxItems ?? EASE_MAX_ITEMS,
      });
      return withRecency(model, params);
    },
  },
  ials: {
    async tune(train, context) {
      const best = new BestOf();
      const total = IALS_GRID.length * context.maxSweeps;
      for (const [g, setting] of IALS_GRID.entries()) {
        const params = {
          dim: IALS_DIM,
          alpha: setting.alpha,
          lambda: setting.lambdaScale * meanFrequentCount(train, train.cols),
        };
        const model = new ImplicitAls(train, params, context.seed);
        let bestScore = Number.NEGATIVE_INFINITY;
        let bestSweeps = 0;
        const saved = model.snapshot();
        // Early stopping on the tuning users: stop after two sweeps without a gain.
        while (model.sweeps < context.maxSweeps && model.sweeps - bestSweeps < 2) {
          model.sweep();
          const score = context.score(model);
          if (score > bestScore) {
            bestScore = score;
            bestSweeps = model.sweeps;
            model.snapshot(saved);
          }
          context.onStep(g * context.maxSweeps + model.sweeps, total);
          await context.yieldNow();
        }
        // Back to the best sweep: the model compared is the one the refit reproduces.
        if (model.sweeps !== bestSweeps) model.restore(saved);
        best.offer({ ...params, sweeps: bestSweeps }, model, bestScore);
      }
      return best.result();
    },
    async refit(matrix, params, seed) {
      const model = new ImplicitAls(
        matrix,
        {
          dim: params.dim as number,
          alpha: params.alpha as number,
          lambda: params.lambda as number,
        },
        seed,
      );
      for (let s = 0; s < (params.sweeps as number); s += 1) model.sweep();
      return model;
    },
  },
};
