import { readFinancials, saveRiskResult } from '@foresight/db';
import { z } from 'zod';
import { runRiskPipeline } from './risk-pipeline';
import { withJobProgress, type TaskJobOptions } from './job-progress';

/**
 * Runs one runway & risk job: reads the financials, runs the risk pipeline, and writes the
 * assessment (and the inputs what-ifs need) with the job's success in one transaction.
 */
const ZRiskParams = z.object({ horizon: z.number().int().min(3).max(60).optional() });

export async function runRiskJob(options: TaskJobOptions): Promise<{ modelId: string }> {
  const { db, job } = options;
  const log = options.log ?? (() => {});
  const params = ZRiskParams.parse(job.params ?? {});
  const history = await readFinancials(db, job.organizationId, job.datasetId);
  const result = await withJobProgress(options, (onProgress) =>
    runRiskPipeline(history, {
      ...params,
      ...(options.epochs ? { epochs: options.epochs } : {}),
      onProgress,
      ...(options.signal ? { signal: options.signal } : {}),
      log,
    }),
  );
  const saved = await saveRiskResult(db, {
    jobId: job.id,
    attempt: job.attempt,
    backend: result.backend,
    chosen: result.chosen,
    metrics: result.metrics,
    params: result.params,
  });
  const r = result.metrics.runway;
  log(
    `job ${job.id}: runway p50 ${r.p50?.toFixed(1) ?? '>' + r.horizon} months, ` +
      `P(cash<0 in 12 mo) ${result.metrics.summary['12']?.toFixed(2)}, ${result.metrics.anomalies.length} anomalies, ` +
      `${(result.metrics.trainMs / 1000).toFixed(1)} s`,
  );
  return { modelId: saved.modelId };
}
