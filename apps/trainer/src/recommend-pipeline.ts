import type { EventLog, ItemScore, RecommendMetrics } from '@foresight/db';
import { recommendFromInteractions } from '@foresight/ml-core';

export interface RecommendPipelineOptions {
  k?: number;
  seed?: number;
  epochs?: number;
  onProgress?: (p: {
    phase: string;
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
 * Recommendations as the trainer and the batch CLI both run them: popularity, item-kNN and
 * matrix factorisation compared by leave-last-out full ranking, the best refit on all data.
 */
export async function runRecommendPipeline(
  log: Pick<EventLog, 'userIds' | 'itemIds' | 'times'>,
  options: RecommendPipelineOptions = {},
): Promise<RecommendPipelineResult> {
  const seed = options.seed ?? 42;
  const k = options.k ?? 10;
  const started = performance.now();
  const result = await recommendFromInteractions(interactionsOf(log), {
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
    candidates: report.candidates.map((c) => ({ ...c })),
    popular: result.popular,
    trainMs: Math.round(performance.now() - started),
  };
  return {
    recommendations: result.recommendations,
    similarItems: result.similarItems,
    metrics,
    chosen: report.chosen,
    backend: report.backend,
    params: { k, seed },
  };
}
