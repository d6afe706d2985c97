/** Public types of the recommendation task. */

/**
 * Implicit feedback: one entry per event, columns of equal length. `times` (epoch ms) orders each
 * user's events for the leave-last-out validation (missing: input order); `weights` (default 1)
 * are summed per user–item pair, and pairs whose total is ≤ 0 are ignored.
 */
export interface Interactions {
  users: string[];
  items: string[];
  times?: (number | null)[];
  weights?: (number | null)[];
}

/**
 * Distinct user–item pairs aggregated upstream (an events engine's GROUP BY user, item): one
 * entry per pair, `weights` its summed weight (events), `firstTimes` (epoch ms) when the user
 * first met the item. Trains the same model as the events it was built from (`Interactions` with
 * those times and weights), from one entry per pair instead of one per event. Best given in
 * (first time, user, item) order, as the engines stream it: then nothing is sorted.
 */
export interface InteractionPairs {
  users: readonly string[];
  items: readonly string[];
  weights: ArrayLike<number>;
  firstTimes: ArrayLike<number>;
  /** Events the pairs were built from. */
  events: number;
}

export type RecommenderName =
  'popularity' | 'item_knn' | 'rp3beta' | 'ease' | 'ials' | 'mf' | 'ensemble';

export interface RecommendProgress {
  /**
   * `prepare`, `validate:<candidate>` (popularity, item_knn, rp3beta, ease, ials, mf),
   * `refit:<name>`, `recommend`, `similar`, `done`.
   */
  phase: string;
  /** Share of the whole run done, 0–1; never decreases. */
  progress?: number;
  epoch?: number;
  epochs?: number;
  /** Mean training objective of the epoch (BPR log-loss + L2 penalty). */
  loss?: number;
  /** NDCG@10 (full ranking) on the tuning users after this epoch; drives early stopping. */
  valNdcg10?: number;
}

export interface MfOptions {
  /**
   * User tower: `history` pools a second item table over the user's items (FISM-style, the
   * positive left out), `embedding` is a free per-user vector (classic MF). Default history.
   */
  userTower?: 'history' | 'embedding';
  /** Sampled negatives per positive pair (BPR loss averaged over them). Default 1. */
  negatives?: number;
  /** Embedding width. Default 32. */
  dim?: number;
  /** Adam learning rate. Default 0.003. */
  learningRate?: number;
  /** L2 penalty per looked-up vector. Default 1e-4. */
  l2?: number;
  /** BPR pairs per step (whole users, so about). Default 2048. */
  batchSize?: number;
  /**
   * Embedding lookups: `fast` (plain-JS row gather / segment-sum kernels with custom gradients) or
   * `tf` (tf.gather / tf.unsortedSegmentSum; on wasm its gradient needs the registered
   * UnsortedSegmentSum kernel). Default fast; same results up to float rounding.
   */
  lookups?: 'fast' | 'tf';
  /**
   * Register the plain-JS kernels (idempotent) when the model is built. Default true; benchmarks
   * turn it off to measure without them.
   */
  registerKernels?: boolean;
  /** Stop after this many epochs in a row without an NDCG@10 gain on the tuning users. Default 3. */
  patience?: number;
}

export interface RecommendOptions {
  /** Recommendations per user (and popular items). Default 10. */
  k?: number;
  /** Similar items per item. Default 10. */
  similarK?: number;
  /** Seed for sampling, initialisation and user sampling. Default 42. */
  seed?: number;
  /** Maximum MF epochs (early stopping usually ends sooner). Default 30. */
  epochs?: number;
  /** Maximum implicit-ALS sweeps per configuration (early stopping usually ends sooner). Default 12. */
  alsSweeps?: number;
  /**
   * Most frequent items EASE models (its item–item matrix is n² floats, its inverse 2n³ flops);
   * rarer items rank after them by popularity. Default 4,000.
   */
  easeMaxItems?: number;
  onProgress?: (p: RecommendProgress) => void;
  /** Stops the run at the next epoch or phase boundary (rejects with the signal's reason). */
  signal?: AbortSignal;
  /** Users whose held-out item is ranked for the reported metrics (seeded sample). Default 3,000. */
  maxEvalUsers?: number;
  /**
   * Other users whose held-out item tunes each candidate's hyperparameters (and early stopping).
   * Default 1,000; with fewer than 2,000 users with a held-out item, tuning uses the evaluated users.
   */
  maxTuningUsers?: number;
  mf?: MfOptions;
  /**
   * Candidates to validate. Default popularity, item_knn, rp3beta, ease, ials and ensemble (a
   * blend of the two best personalised ones); mf on request.
   * Popularity is always computed for `popular`.
   */
  candidates?: readonly RecommenderName[];
}

export interface ScoredItem {
  item: string;
  score: number;
  /**
   * Recommendations only: the item of the user's history that contributed most to this item's
   * score ("because you used X"). Absent where no history item explains it (popularity, cold users).
   */
  because?: string;
}

export interface CandidateReport {
  name: RecommenderName;
  hr10: number;
  ndcg10: number;
  /** Share of the catalogue that appears in some evaluated user's top 10. */
  coverage: number;
  /** Tuning and fit time on the training split (every configuration tried), ms. */
  fitMs: number;
  /** Hyperparameters chosen on the tuning users (and used for the refit). */
  params?: Record<string, number>;
  /** Configurations tried while tuning. */
  configurations?: number;
  /** Ensemble only: the two models blended (`params.weight` is the first one's share). */
  components?: RecommenderName[];
  /** MF only: epochs run, and the epoch whose weights were kept (and used for the refit). */
  epochs?: number;
  bestEpoch?: number;
}

export interface RecommendReport {
  chosen: RecommenderName;
  /** Why `chosen` serves, in words (one-standard-error rule on paired per-user NDCG@10). */
  selection: string;
  /** The chosen model's hyperparameters. */
  params: Record<string, number>;
  /** When the ensemble serves: the two models it blends. */
  components?: RecommenderName[];
  candidates: CandidateReport[];
  users: number;
  items: number;
  /** Distinct user–item pairs with positive weight (events are merged per pair). */
  interactions: number;
  /** Input rows. */
  events: number;
  evaluatedUsers: number;
  /** Users whose held-out item tuned the hyperparameters (disjoint from evaluated users with ≥ 2,000). */
  tuningUsers: number;
  backend: string;
  /** Timings, ms. */
  timings: {
    prepareMs: number;
    validateMs: number;
    refitMs: number;
    recommendMs: number;
    totalMs: number;
  };
}

export interface RecommendResult {
  /** Every user: top-k items they have not interacted with, best first. */
  recommendations: { user: string; items: ScoredItem[] }[];
  /** Every item: its most similar other items, best first. */
  similarItems: { item: string; similar: ScoredItem[] }[];
  /** Top-k items by popularity, for cold users. */
  popular: ScoredItem[];
  report: RecommendReport;
}
