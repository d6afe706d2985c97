import { requireDatasetOfKind, saveRecommendResult } from '@foresight/db';
import { runRecommendPipeline } from './recommend-pipeline';
import { withJobProgress, type TaskJobOptions } from './job-progress';
import { postgresTrainingReads } from './training-reads';

/**
 * Reads the dataset's user–item pairs (aggregated by the engine), trains and compares
 * recommenders, writes every user's top items atomically.
 */
export async function runRecommendJob(options: TaskJobOptions): Promise<{ modelId: string }> {
  const { db, job } = options;
  const log = options.log ?? (() => {});
  await requireDatasetOfKind(db, job.organizationId, job.datasetId, 'events');
  const reads = options.events ?? postgresTrainingReads(db);
  const pairs = await reads.interactions({
    organizationId: job.organizationId,
    datasetId: job.datasetId,
  });
  const result = await withJobProgress(options, (onProgress) =>
    runRecommendPipeline(pairs, {
      ...(options.epochs ? { epochs: options.epochs } : {}),
      onProgress,
      ...(options.signal ? { signal: options.signal } : {}),
    }),
  );
  const saved = await saveRecommendResult(db, {
    jobId: job.id,
    attempt: job.attempt,
    backend: result.backend,
    chosen: result.chosen,
    metrics: result.metrics,
    params: result.params,
    recommendations: result.recommendations,
    similarItems: result.similarItems,
  });
  const best = result.metrics.candidates.find((c) => c.name === result.chosen);
  log(
    `job ${job.id}: recommend chose ${result.chosen}, NDCG@10 ${best?.ndcg10.toFixed(3)}, ${result.recommendations.length} users`,
  );
  return { modelId: saved.modelId };
}
