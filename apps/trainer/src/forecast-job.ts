import { readMarketSeries, saveForecastResult } from '@foresight/db';
import { z } from 'zod';
import { runForecastPipeline } from './forecast-pipeline';
import { withJobProgress, type TaskJobOptions } from './job-progress';

const ZForecastParams = z.object({ horizon: z.number().int().min(1).max(366).optional() });

/**
 * Runs one forecast training job: reads the dataset's series, runs the forecast pipeline, and
 * writes the model, its leaderboard and the forecast points in one transaction (which also marks
 * the job succeeded).
 */
export async function runForecastJob(
  options: TaskJobOptions & { seed?: number },
): Promise<{ modelId: string; chosen: string }> {
  const { db, job } = options;
  const log = options.log ?? (() => {});
  const params = ZForecastParams.parse(job.params ?? {});
  const history = await readMarketSeries(db, job.organizationId, job.datasetId);
  const result = await withJobProgress(options, (onProgress) =>
    runForecastPipeline(history, {
      ...params,
      ...(options.seed !== undefined ? { seed: options.seed } : {}),
      ...(options.epochs ? { epochs: options.epochs } : {}),
      onProgress,
      ...(options.signal ? { signal: options.signal } : {}),
      log,
    }),
  );
  const saved = await saveForecastResult(db, {
    jobId: job.id,
    attempt: job.attempt,
    chosen: result.report.chosen,
    backend: result.report.backend,
    metrics: result.metrics,
    params: result.params,
    points: result.points,
  });
  log(
    `job ${job.id}: chose ${result.report.chosen} (` +
      result.metrics.candidates.map((c) => `${c.name} MASE ${c.mase?.toFixed(3)}`).join(', ') +
      `) in ${(result.metrics.trainMs / 1000).toFixed(1)} s`,
  );
  return { modelId: saved.modelId, chosen: result.report.chosen };
}
