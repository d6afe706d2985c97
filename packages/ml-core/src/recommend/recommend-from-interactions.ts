import * as tf from '@tensorflow/tfjs';
import { createRandom } from '../common/random';
import { BLEND_WEIGHTS, BlendRecommender } from './blend';
import {
  CANDIDATES,
  type CandidateParams,
  type CandidateSpec,
  type TuneContext,
  type TunedCandidate,
} from './candidates';
import { EASE_MAX_ITEMS } from './ease';
import { RecommendInputError } from './errors';
import {
  encodeInteractionPairs,
  encodeInteractions,
  leaveLastOut,
  type CsrMatrix,
  type LeaveLastOutSplit,
} from './interactions';
import { ItemKnnRecommender } from './item-knn';
import { mfCandidate } from './mf-candidate';
import { PopularityRecommender } from './popularity';
import { evaluateRanking, topKUnseen, TopK, type ItemScorer } from './ranking';
import { chooseRecommender, SIMPLICITY } from './selection';
import type {
  CandidateReport,
  InteractionPairs,
  Interactions,
  RecommenderName,
  RecommendOptions,
  RecommendResult,
  ScoredItem,
} from './types';

/** Candidates validated by default; BPR MF is opt-in (slower, and it trails EASE and ALS). */
export const DEFAULT_CANDIDATES: readonly RecommenderName[] = [
  'popularity',
  'item_knn',
  'rp3beta',
  'ease',
  'ials',
  'ensemble',
];

/** A model that can be part of the blend: any candidate but the blend itself. */
type BlendPart = Exclude<RecommenderName, 'ensemble'>;

export interface UserSample {
  users: Int32Array;
  heldOut: Int32Array;
}

/** Below this many users with a held-out item, tuning and comparison share every user. */
const SHARED_SAMPLE_BELOW = 2000;

/**
 * Seeded split of the users with a held-out item into tuning users (hyperparameters, early
 * stopping) and evaluated users (reported metrics, model choice). With few users both are the
 * same set: a disjoint tuning set of a few hundred users is noisier than the bias it avoids.
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
  if (n < SHARED_SAMPLE_BELOW || maxTuning <= 0) {
    const evaluated = pick(0, Math.min(n, maxEval));
    return { evaluated, tuning: evaluated };
  }
  const tuningCount = Math.min(maxTuning, Math.floor(n / 4));
  return {
    tuning: pick(0, tuningCount),
    evaluated: pick(tuningCount, Math.min(n - tuningCount, maxEval)),
  };
}

function checkPositiveInteger(name: string, value: number | undefined, min: number): void {
  if (value !== undefined && (!Number.isInteger(value) || value < min)) {
    throw new RecommendInputError(
      `Option "${name}" must be an integer ≥ ${min}; got ${String(value)}.`,
    );
  }
}

interface Validated {
  report: CandidateReport;
  gains: Float64Array;
  params: CandidateParams;
}

/**
 * The full recommendation run: encode the events, hold out each user's latest newly-met item,
 * tune every candidate's few hyperparameters on the tuning users (popularity, item-kNN, RP3β,
 * EASE, implicit ALS; BPR MF on request), compare them by full-ranking NDCG@10 on the evaluated
 * users with the one-standard-error rule, refit the choice with its parameters on all data, and
 * return top-k unseen items with the history item behind each ("because you used X"), similar
 * items for every item and the popular list for cold users. Takes one entry per event
 * (`Interactions`) or per distinct pair already aggregated (`InteractionPairs`, same model). Uses the active tf backend (call
 * `selectBackend()` first); frees every tensor. Throws RecommendInputError on input a user can fix.
 */
export async function recommendFromInteractions(
  data: Interactions | InteractionPairs,
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
  const requested = options.candidates ?? DEFAULT_CANDIDATES;
  const names = SIMPLICITY.filter((name) => requested.includes(name));
  if (names.length === 0)
    throw new RecommendInputError('Option "candidates" names no recommender.');
  const emit = options.onProgress ?? (() => {});
  // Share of the run done: candidates count one unit each, the refit and the serving one more each.
  const units = names.length + 2;
  let progressed = 0;
  const progress = (phase: string, within = 0) =>
    emit({ phase, progress: Math.min(1, (progressed + Math.min(1, within)) / units) });

  progress('prepare');
  const encoded = 'firstTimes' in data ? encodeInteractionPairs(data) : encodeInteractions(data);
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

  const specs: Record<Exclude<RecommenderName, 'ensemble'>, CandidateSpec> = {
    ...CANDIDATES,
    mf: mfCandidate({
      mf: options.mf,
      maxEpochs,
      onEpoch: (epoch, epochs, loss, valNdcg10) =>
        emit({
          phase: 'validate:mf',
          epoch,
          epochs,
          loss,
          ...(valNdcg10 !== undefined ? { valNdcg10 } : {}),
        }),
    }),
  };
  const context: TuneContext = {
    score: (model) => evaluateRanking(model, split.train, tuning.users, tuning.heldOut).ndcg10,
    seed,
    easeMaxItems: options.easeMaxItems ?? EASE_MAX_ITEMS,
    maxSweeps: options.alsSweeps ?? 12,
    yieldNow: () => nextTick(options.signal),
    onStep: () => {},
  };
  const validate = (name: RecommenderName, tuned: TunedCandidate, fitMs: number): Validated => {
    const gains = new Float64Array(evaluated.users.length);
    const metrics = evaluateRanking(
      tuned.model,
      split.train,
      evaluated.users,
      evaluated.heldOut,
      10,
      gains,
    );
    const report: CandidateReport = {
      name,
      hr10: metrics.hr10,
      ndcg10: metrics.ndcg10,
      coverage: metrics.coverage,
      fitMs,
      params: tuned.params,
      configurations: tuned.tried,
    };
    if (name === 'mf') {
      report.epochs = tuned.params.epochsRun as number;
      report.bestEpoch = tuned.params.epochs as number;
    }
    return { report, gains, params: tuned.params };
  };

  const results: Validated[] = [];
  // Tuned personalised models stay alive for the blend, then are freed.
  const kept = new Map<BlendPart, TunedCandidate>();
  let blendComponents: [BlendPart, BlendPart] | null = null;
  try {
    for (const name of names) {
      await nextTick(options.signal);
      progress(`validate:${name}`);
      const fitStart = performance.now();
      const onStep = (done: number, total: number) => progress(`validate:${name}`, done / total);
      if (name === 'ensemble') {
        const blend = await tuneBlend(kept, { ...context, onStep });
        if (blend !== null) {
          blendComponents = blend.components;
          results.push(validate(name, blend.tuned, performance.now() - fitStart));
          results[results.length - 1]!.report.components = blend.components;
        }
      } else {
        const tuned = await specs[name as BlendPart].tune(split.train, { ...context, onStep });
        const entry = validate(name, tuned, performance.now() - fitStart);
        results.push(entry);
        if (name === 'popularity') tuned.model.dispose();
        else kept.set(name as BlendPart, tuned);
      }
      progressed += 1;
    }
  } finally {
    for (const tuned of kept.values()) tuned.model.dispose();
    // Unreferenced too: the ALS factor tables (users × 64 float64s) must not outlive the
    // comparison into the refit and the serving.
    kept.clear();
  }
  const validated = performance.now();

  const { chosen, selection } = chooseRecommender(
    results.map((r) => ({ name: r.report.name, ndcg10: r.report.ndcg10, gains: r.gains })),
  );
  const paramsOf = (name: RecommenderName) =>
    (results.find((r) => r.report.name === name) as Validated).params;
  const chosenParams = paramsOf(chosen);

  progress(`refit:${chosen}`);
  const refit = async (name: Exclude<RecommenderName, 'ensemble'>): Promise<ItemScorer> =>
    specs[name].refit(matrix, paramsOf(name), seed);
  let final: ItemScorer;
  if (chosen === 'ensemble') {
    const [a, b] = blendComponents as [BlendPart, BlendPart];
    final = new BlendRecommender(await refit(a), await refit(b), chosenParams.weight as number);
  } else final = await refit(chosen);
  try {
    progressed += 1;
    const refitted = performance.now();
    progress('recommend');
    const recommendations = serve(final, matrix, userIds, itemIds, k);
    progress('similar', 0.5);
    const similarItems = similarLists(final, matrix, itemIds, similarK);
    const popularity = new PopularityRecommender(matrix);
    const popularHeap = new TopK(Math.min(k, matrix.cols));
    popularity.scores.forEach((score, i) => popularHeap.push(i, score));
    const finished = performance.now();
    progressed += 1;
    progress('done');
    return {
      recommendations,
      similarItems,
      popular: popularHeap
        .sorted()
        .map(({ index, score }) => ({ item: itemIds[index] as string, score })),
      report: {
        chosen,
        selection,
        params: chosenParams,
        ...(chosen === 'ensemble' && blendComponents ? { components: blendComponents } : {}),
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
    final.dispose();
  }
}

/**
 * The blend candidate: the two personalised models with the best tuning NDCG@10, mixed with the
 * blend weight that scores best on the tuning users. Null with fewer than two such models.
 */
async function tuneBlend(
  kept: Map<BlendPart, TunedCandidate>,
  context: TuneContext,
): Promise<{ tuned: TunedCandidate; components: [BlendPart, BlendPart] } | null> {
  const [first, second] = [...kept.entries()].sort((a, b) => b[1].score - a[1].score);
  if (first === undefined || second === undefined) return null;
  let best: { weight: number; score: number; model: BlendRecommender } | null = null;
  for (const [w, weight] of BLEND_WEIGHTS.entries()) {
    const model = new BlendRecommender(first[1].model, second[1].model, weight, false);
    const score = context.score(model);
    if (best === null || score > best.score) best = { weight, score, model };
    context.onStep(w + 1, BLEND_WEIGHTS.length);
    await context.yieldNow();
  }
  const chosen = best as { weight: number; score: number; model: BlendRecommender };
  return {
    // The components belong to `kept`: the blend borrows them and frees nothing.
    tuned: {
      params: { weight: chosen.weight },
      model: chosen.model,
      tried: BLEND_WEIGHTS.length,
      score: chosen.score,
    },
    components: [first[0], second[0]],
  };
}

/** Top-k unseen items of every user, each with the history item behind it when the model says. */
function serve(
  model: ItemScorer,
  matrix: CsrMatrix,
  userIds: string[],
  itemIds: string[],
  k: number,
): RecommendResult['recommendations'] {
  const recommendations: RecommendResult['recommendations'] = new Array(matrix.rows);
  const allUsers = Int32Array.from({ length: matrix.rows }, (_, u) => u);
  topKUnseen(model, matrix, allUsers, k, (u, top) => {
    const because = model.explain?.(
      u,
      Int32Array.from(top, (t) => t.index),
    );
    recommendations[u] = {
      user: userIds[u] as string,
      items: top.map(({ index, score }, r): ScoredItem => {
        const source = because?.[r] ?? -1;
        return source >= 0
          ? { item: itemIds[index] as string, score, because: itemIds[source] as string }
          : { item: itemIds[index] as string, score };
      }),
    };
  });
  return recommendations;
}

/**
 * Similar items from the chosen model where it defines them (graph neighbours, EASE weights,
 * latent cosine); items it leaves empty (popularity, items outside EASE's catalogue) get
 * co-occurrence neighbours.
 */
function similarLists(
  model: ItemScorer,
  matrix: CsrMatrix,
  itemIds: string[],
  k: number,
): RecommendResult['similarItems'] {
  if (k === 0) return itemIds.map((item) => ({ item, similar: [] }));
  const own = model.similarItems?.(k) ?? null;
  const needsFallback = own === null || own.some((list) => list.length === 0);
  const fallback = needsFallback
    ? new ItemKnnRecommender(matrix, { neighbours: k }).similarItems(k)
    : null;
  return itemIds.map((item, i) => {
    const list = own?.[i]?.length ? own[i] : (fallback?.[i] ?? []);
    return {
      item,
      similar: (list as { index: number; score: number }[]).map(({ index, score }) => ({
        item: itemIds[index] as string,
        score,
      })),
    };
  });
}

/**
 * Lets the event loop run between fits and phases (progress UIs, queue heartbeats) and stops a
 * cancelled run by rejecting with the signal's reason.
 */
async function nextTick(signal: AbortSignal | undefined): Promise<void> {
  signal?.throwIfAborted();
  await new Promise<void>((resolve) => setTimeout(resolve, 0));
  signal?.throwIfAborted();
}
