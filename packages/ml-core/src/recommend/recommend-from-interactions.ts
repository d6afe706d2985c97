import * as tf from '@tensorflow/tfjs';
import { createRandom } from '../common/random';
import { BprMatrixFactorization, MF_DEFAULTS } from './bpr-mf';
import { RecommendInputError } from './errors';
import {
  encodeInteractions,
  leaveLastOut,
  sortRows,
  type CsrMatrix,
  type LeaveLastOutSplit,
} from './interactions';
import { ItemKnnRecommender } from './item-knn';
import { PopularityRecommender } from './popularity';
import { evaluateRanking, topKUnseen, TopK, type ItemScorer, type RankingMetrics } from './ranking';
import type {
  CandidateReport,
  Interactions,
  RecommenderName,
  RecommendOptions,
  RecommendResult,
  ScoredItem,
} from './types';

const ALL_CANDIDATES: readonly RecommenderName[] = ['popularity', 'item_knn', 'mf'];
/** On a tie of validation NDCG@10, the simpler model wins. */
const SIMPLICITY: Record<RecommenderName, number> = { popularity: 0, item_knn: 1, mf: 2 };

export interface UserSample {
  users: Int32Array;
  heldOut: Int32Array;
}

/**
 * Seeded split of the users with a held-out item into tuning users (MF early stopping) and
 * evaluated users (reported metrics, model choice). With few users both are the same set.
 */
export function sampleUsers(
  split: LeaveLastOutSplit,
  seed: number,
  maxEval: number,
  maxTuning: number,
): { evaluated: UserSample; tuning: UserSample } {
  const n = split.users.length;
  const order = createRandom(seed).permutation(n);
  const pick = (from: number, count: number): UserSample => {
    const positions = Array.from(order.subarray(from, from + count)).sort((a, b) => a - b);
    return {
      users: Int32Array.from(positions, (p) => split.users[p] as number),
      heldOut: Int32Array.from(positions, (p) => split.heldOut[p] as number),
    };
  };
  if (n < 400 || maxTuning <= 0) {
    const evaluated = pick(0, Math.min(n, maxEval));
    return { evaluated, tuning: evaluated };
  }
  const tuningCount = Math.min(maxTuning, Math.floor(n / 4));
  return {
    tuning: pick(0, tuningCount),
    evaluated: pick(tuningCount, Math.min(n - tuningCount, maxEval)),
  };
}

interface FittedCandidate {
  report: CandidateReport;
  metrics: RankingMetrics;
}

function checkPositiveInteger(name: string, value: number | undefined, min: number): void {
  if (value !== undefined && (!Number.isInteger(value) || value < min)) {
    throw new RecommendInputError(
      `Option "${name}" must be an integer ≥ ${min}; got ${String(value)}.`,
    );
  }
}

function toScored(itemIds: string[], list: { index: number; score: number }[]): ScoredItem[] {
  return list.map(({ index, score }) => ({ item: itemIds[index] as string, score }));
}

/** Embedding cosine: the `k` most similar other items of every item. */
function embeddingNeighbours(
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

/**
 * The full recommendation run: encode the events, hold out each user's latest item, fit and
 * evaluate popularity, item-kNN and BPR matrix factorisation with full ranking (HR@10, NDCG@10,
 * coverage) on a seeded sample of users, choose by NDCG@10, refit the choice on all data, and return
 * top-k unseen items for every user, similar items for every item and the popular list for cold
 * users. Uses whatever tf backend is active (call `selectBackend()` first); frees every tensor.
 * Throws RecommendInputError on input a user can fix.
 */
export async function recommendFromInteractions(
  data: Interactions,
  options: RecommendOptions = {},
): Promise<RecommendResult> {
  const started = performance.now();
  const k = options.k ?? 10;
  const similarK = options.similarK ?? 10;
  const seed = options.seed ?? 42;
  const maxEpochs = options.epochs ?? 30;
  checkPositiveInteger('k', k, 1);
  checkPositiveInteger('similarK', similarK, 0);
  checkPositiveInteger('epochs', maxEpochs, 1);
  const candidates = ALL_CANDIDATES.filter((name) =>
    (options.candidates ?? ALL_CANDIDATES).includes(name),
  );
  const progress = options.onProgress ?? (() => {});
  const patience = options.mf?.patience ?? MF_DEFAULTS.patience;

  progress({ phase: 'prepare' });
  const encoded = encodeInteractions(data);
  const { matrix, userIds, itemIds } = encoded;
  const split = leaveLastOut(matrix);
  const { evaluated, tuning } = sampleUsers(
    split,
    seed + 1,
    options.maxEvalUsers ?? 3000,
    options.maxTuningUsers ?? 1000,
  );
  const prepared = performance.now();
  await nextTick(options.signal);

  const results: FittedCandidate[] = [];
  let mfEpochs = 1;
  const evaluate = (scorer: ItemScorer, train: CsrMatrix, sample: UserSample): RankingMetrics =>
    evaluateRanking(scorer, train, sample.users, sample.heldOut);

  for (const name of candidates) {
    await nextTick(options.signal);
    progress({ phase: `validate:${name}` });
    const fitStart = performance.now();
    if (name === 'popularity' || name === 'item_knn') {
      const model =
        name === 'popularity'
          ? new PopularityRecommender(split.train)
          : new ItemKnnRecommender(split.train, { neighbours: options.knnNeighbours ?? 100 });
      const fitMs = performance.now() - fitStart;
      const metrics = evaluate(model, split.train, evaluated);
      results.push({ report: { name, ...pick(metrics), fitMs }, metrics });
      continue;
    }
    const model = new BprMatrixFactorization(matrix.rows, matrix.cols, seed, options.mf);
    const sortedTrain = sortRows(split.train);
    let best: tf.Tensor[] | null = null;
    try {
      let bestNdcg = Number.NEGATIVE_INFINITY;
      let bestEpoch = 0;
      let epoch = 0;
      while (epoch < maxEpochs && epoch - bestEpoch < patience) {
        const result = model.trainEpoch(split.train, sortedTrain);
        epoch = result.epoch;
        const tuned = evaluate(model, split.train, tuning);
        const valLoss = model.heldOutLoss(
          split.train,
          sortedTrain,
          tuning.users,
          tuning.heldOut,
          seed + epoch,
        );
        progress({
          phase: 'validate:mf',
          epoch,
          epochs: maxEpochs,
          loss: result.loss,
          valLoss,
          valNdcg10: tuned.ndcg10,
        });
        if (tuned.ndcg10 > bestNdcg) {
          bestNdcg = tuned.ndcg10;
          bestEpoch = epoch;
          if (best !== null) tf.dispose(best);
          best = model.snapshot();
        }
        await nextTick(options.signal);
      }
      if (best !== null && bestEpoch !== epoch) model.restore(best);
      else if (best !== null) tf.dispose(best);
      best = null;
      const fitMs = performance.now() - fitStart;
      const metrics = evaluate(model, split.train, evaluated);
      mfEpochs = bestEpoch;
      results.push({
        report: { name, ...pick(metrics), fitMs, epochs: epoch, bestEpoch },
        metrics,
      });
    } finally {
      if (best !== null) tf.dispose(best);
      model.dispose();
    }
  }
  const validated = performance.now();

  const chosen = [...results].sort(
    (a, b) =>
      b.report.ndcg10 - a.report.ndcg10 || SIMPLICITY[a.report.name] - SIMPLICITY[b.report.name],
  )[0]?.report.name;
  if (chosen === undefined)
    throw new RecommendInputError('Option "candidates" names no recommender.');

  // Refit on all data.
  progress({ phase: `refit:${chosen}` });
  const popularity = new PopularityRecommender(matrix);
  let final: ItemScorer = popularity;
  let similar: { index: number; score: number }[][];
  let mf: BprMatrixFactorization | null = null;
  try {
    if (chosen === 'mf') {
      mf = new BprMatrixFactorization(matrix.rows, matrix.cols, seed, options.mf);
      const sorted = sortRows(matrix);
      for (let epoch = 1; epoch <= mfEpochs; epoch += 1) {
        const result = mf.trainEpoch(matrix, sorted);
        progress({ phase: 'refit:mf', epoch, epochs: mfEpochs, loss: result.loss });
        await nextTick(options.signal);
      }
      final = mf;
    }
    // Item-kNN serves the recommendations when chosen, and similar items unless MF does.
    const knn =
      chosen === 'item_knn' || (chosen === 'popularity' && similarK > 0)
        ? new ItemKnnRecommender(matrix, {
            neighbours: Math.max(similarK, options.knnNeighbours ?? 100),
          })
        : null;
    if (chosen === 'item_knn' && knn !== null) final = knn;
    const refitted = performance.now();

    progress({ phase: 'recommend' });
    const recommendations: RecommendResult['recommendations'] = new Array(matrix.rows);
    const allUsers = Int32Array.from({ length: matrix.rows }, (_, u) => u);
    topKUnseen(final, matrix, allUsers, k, (u, top) => {
      recommendations[u] = { user: userIds[u] as string, items: toScored(itemIds, top) };
    });

    progress({ phase: 'similar' });
    if (similarK === 0) similar = itemIds.map(() => []);
    else if (mf !== null) similar = embeddingNeighbours(mf.itemVectors(), matrix.cols, similarK);
    else similar = (knn as ItemKnnRecommender).similarItems(similarK);

    const popularHeap = new TopK(Math.min(k, matrix.cols));
    popularity.scores.forEach((score, i) => popularHeap.push(i, score));
    const finished = performance.now();
    progress({ phase: 'done' });
    return {
      recommendations,
      similarItems: itemIds.map((item, i) => ({
        item,
        similar: toScored(itemIds, similar[i] ?? []),
      })),
      popular: toScored(itemIds, popularHeap.sorted()),
      report: {
        chosen,
        candidates: results.map((r) => r.report),
        users: matrix.rows,
        items: matrix.cols,
        interactions: matrix.indices.length,
        events: encoded.events,
        evaluatedUsers: evaluated.users.length,
        tuningUsers: tuning.users.length,
        backend: tf.getBackend(),
        timings: {
          prepareMs: prepared - started,
          validateMs: validated - prepared,
          refitMs: refitted - validated,
          recommendMs: finished - refitted,
          totalMs: finished - started,
        },
      },
    };
  } finally {
    mf?.dispose();
  }
}

/**
 * Lets the event loop run between epochs and phases (progress UIs, queue heartbeats) and stops a
 * cancelled run by rejecting with the signal's reason.
 */
async function nextTick(signal: AbortSignal | undefined): Promise<void> {
  signal?.throwIfAborted();
  await new Promise<void>((resolve) => setTimeout(resolve, 0));
  signal?.throwIfAborted();
}

function pick(metrics: RankingMetrics): { hr10: number; ndcg10: number; coverage: number } {
  return { hr10: metrics.hr10, ndcg10: metrics.ndcg10, coverage: metrics.coverage };
}
