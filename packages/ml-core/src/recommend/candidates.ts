/**
 * The recommendation candidates and their hyperparameter grids. Each candidate is tuned on the
 * tuning users' held-out items (validation NDCG@10 on the training split), and refitted on all
 * data with the chosen parameters, so the model that is compared is the model that is served.
 */
import { EASE_MAX_ITEMS, EaseRecommender } from './ease';
import { ImplicitAls, type IalsParams } from './ials';
import { itemCounts, type CsrMatrix } from './interactions';
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
    return { params: this.best.params, model: this.best.model, tried: this.tried };
  }
}

const KNN_NEIGHBOURS = [20, 100, 400];
const RP3_ALPHAS = [0.5, 1];
const RP3_BETAS = [0, 0.25, 0.5, 0.75];
const RP3_NEIGHBOURS = [50, 200];
/** EASE λ as multiples of the mean item count (the Gram diagonal), log-spaced. */
const EASE_LAMBDA_SCALES = [0.05, 0.2, 0.8, 3.2];
const IALS_GRID: Omit<IalsParams, 'dim'>[] = [
  { alpha: 2, lambda: 1 },
  { alpha: 10, lambda: 5 },
  { alpha: 40, lambda: 20 },
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
    async tune(train) {
      return { params: {}, model: new PopularityRecommender(train), tried: 1 };
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
      return best.result();
    },
    async refit(matrix, params) {
      return new ItemKnnRecommender(matrix, { neighbours: params.neighbours as number });
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
      return best.result();
    },
    async refit(matrix, params) {
      const { alpha, beta, neighbours } = params as {
        alpha: number;
        beta: number;
        neighbours: number;
      };
      return (fitRp3betaGrid(matrix, alpha, [{ beta, neighbours }])[0] as { model: ItemScorer })
        .model;
    },
  },
  ease: {
    async tune(train, context) {
      const best = new BestOf();
      const scale = meanFrequentCount(train, context.easeMaxItems);
      for (const [k, factor] of EASE_LAMBDA_SCALES.entries()) {
        const lambda = Math.max(0.5, factor * scale);
        const model = new EaseRecommender(train, { lambda, maxItems: context.easeMaxItems });
        best.offer({ lambda, maxItems: context.easeMaxItems }, model, context.score(model));
        context.onStep(k + 1, EASE_LAMBDA_SCALES.length);
        await context.yieldNow();
      }
      return best.result();
    },
    async refit(matrix, params) {
      return new EaseRecommender(matrix, {
        lambda: params.lambda as number,
        maxItems: params.maxItems ?? EASE_MAX_ITEMS,
      });
    },
  },
  ials: {
    async tune(train, context) {
      const best = new BestOf();
      const total = IALS_GRID.length * context.maxSweeps;
      for (const [g, setting] of IALS_GRID.entries()) {
        const params = { dim: IALS_DIM, ...setting };
        const model = new ImplicitAls(train, params, context.seed);
        let bestScore = Number.NEGATIVE_INFINITY;
        let bestSweeps = 0;
        let saved = model.snapshot();
        // Early stopping on the tuning users: stop after two sweeps without a gain.
        while (model.sweeps < context.maxSweeps && model.sweeps - bestSweeps < 2) {
          model.sweep();
          const score = context.score(model);
          if (score > bestScore) {
            bestScore = score;
            bestSweeps = model.sweeps;
            saved = model.snapshot();
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
