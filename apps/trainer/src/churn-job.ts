import { readCustomerTable, requireDatasetOfKind, saveChurnResult } from '@foresight/db';
import { ChurnInputError } from '@foresight/ml-core';
import { runChurnPipeline, type ChurnSource } from './churn-pipeline';
import { withJobProgress, type TaskJobOptions } from './job-progress';
import { postgresTrainingReads } from './training-reads';

/** Reads the dataset (customer table or event log), runs churn, writes scores + report atomically. */
export async function runChurnJob(options: TaskJobOptions): Promise<{ modelId: string }> {
  const { db, job } = options;
  const log = options.log ?? (() => {});
  const kind = await requireDatasetOfKind(db, job.organizationId, job.datasetId, [
    'customers',
    'events',
  ]);
  let source: ChurnSource;
  if (kind === 'customers') {
    const table = await readCustomerTable(db, job.organizationId, job.datasetId);
    if (!table.mapping.label) {
      throw new ChurnInputError(
        'This customer table has no churn label column to learn from; upload it again with one.',
      );
    }
    source = {
      kind: 'table',
      train: table.columns,
      predict: null,
      idColumn: table.mapping.id,
      labelColumn: table.mapping.label,
    };
  } else {
    // Streamed by the engine into typed columns, grouped by user in time order (no row objects).
    const reads = options.events ?? postgresTrainingReads(db);
    const log = await reads.eventLog({
      organizationId: job.organizationId,
      datasetId: job.datasetId,
    });
    source = { kind: 'events', log };
  }
  const result = await withJobProgress(options, (onProgress) =>
    runChurnPipeline(source, {
      ...(options.epochs ? { epochs: options.epochs } : {}),
      onProgress,
      ...(options.signal ? { signal: options.signal } : {}),
    }),
  );
  const saved = await saveChurnResult(db, {
    jobId: job.id,
    attempt: job.attempt,
    backend: result.backend,
    chosen: result.chosen,
    metrics: result.metrics,
    params: result.params,
    scores: result.scores,
  });
  const best = result.metrics.candidates.find((c) => c.name === result.chosen);
  log(
    `job ${job.id}: churn (${result.metrics.mode}) chose ${result.chosen}, ROC-AUC ${best?.rocAuc.toFixed(3)}, ${result.scores.length} scored`,
  );
  return { modelId: saved.modelId };
}
