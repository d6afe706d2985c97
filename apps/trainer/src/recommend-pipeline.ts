import type { EventLog, ItemScore, RecommendMetrics } from '@foresight/db';
import { recommendFromInteractions, type InteractionPairs } from '@foresight/ml-core';
import { recommenderName } from '@foresight/ml-core/model-names';

export interface RecommendPipelineOptions {
  k?: number;
  seed?: number;
  epochs?: number;
  onProgress?: (p: {
    phase: string;
    /** Share of the run done, 0–1, never decreasing. */
    progress?: number;
    epoch?: number;
    epochs?: number;
    loss?: number;
    valLoss?: number;
  }) => void;
  /**
   * Cancels the run: training stops at the next epoch / phase boundary with every tensor freed,
   * and the promise rejects with `signal.reason` (a DOMException named `AbortError` for a bare
   * `abort()`).
   */
  signal?: AbortSignal;
}

export interface RecommendPipelineResult {
  /** Every user's top items; each may name the history item it is `because` of. */
  recommendations: { user: string; items: ItemScore[] }[];
  similarItems: { item: string; similar: ItemScore[] }[];
  metrics: RecommendMetrics;
  chosen: string;
  backend: string;
  params: Record<string, unknown>;
}

/** Interactions (user, item, time) of an event log: rows without an item are not interactions. */
export function interactionsOf(log: Pick<EventLog, 'userIds' | 'itemIds' | 'times'>) {
  const users: string[] = [];
  const items: string[] = [];
  const times: number[] = [];
  log.itemIds.forEach((item, i) => {
    if (item === null) return;
    users.push(log.userIds[i]!);
    items.push(item);
    times.push(log.times[i]!);
  });
  return { users, items, times };
}

/**
 * Recommendations as the trainer and the batch CLI both run them, from an event log's arrays (the
 * CLI) or the user–item pairs the events engine aggregated (jobs): ml-core's candidates
 * (popularity, item-kNN, RP3beta, EASE, implicit ALS, neural MF) compared by leave-last-out full
 * ranking, the best refit on all data. Each candidate is stored with its human `label`; each
 * recommended item keeps ml-core's `because` (the history item that contributed most) when the
 * chosen model gives one.
 */
export async function runRecommendPipeline(
  input: Pick<EventLog, 'userIds' | 'itemIds' | 'times'> | InteractionPairs,
  options: RecommendPipelineOptions = {},
): Promise<RecommendPipelineResult> {
  const seed = options.seed ?? 42;
  const k = options.k ?? 10;
  const started = performance.now();
  const data = 'firstTimes' in input ? input : interactionsOf(input);
  const result = await recommendFromInteractions(data, {
    k,
    similarK: 10,
    seed,
    ...(options.epochs ? { epochs: options.epochs } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const { report } = result;
  const metrics: RecommendMetrics = {
    ...report,
    candidates: report.candidates.map((c) => ({
      ...c,
      label: recommenderName(c.name, c.components),
    })),
    popular: result.popular,
    trainMs: Math.round(performance.now() - started),
  };
  return {
    // ml-core's lists as they are (already { item, score, because? }): a copy would be one more
    // object per recommended item (5.7M at 570k users) alive with the original.
    recommendations: result.recommendations,
    similarItems: result.similarItems,
    metrics,
    chosen: report.chosen,
    backend: report.backend,
    params: { k, seed },
  };
}
