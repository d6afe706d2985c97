import {
  readMarketSeries,
  recordJobProgress,
  saveForecastResult,
  type DbHandle,
  type JobForTrainer,
} from '@foresight/db';
import type { ForecastProgress } from '@foresight/ml-core';
import { z } from 'zod';
import { runForecastPipeline } from './forecast-pipeline';

const ZForecastParams = z.object({ horizon: z.number().int().min(1).max(366).optional() });

const PHASE_LABELS: Record<string, string> = {
  'backtest:seasonal_naive': 'backtesting seasonal naive',
  'backtest:ets': 'backtesting exponential smoothing',
  'backtest:neural': 'backtesting neural network',
  'refit:neural': 'training final neural network',
  'refit:ets': 'refitting exponential smoothing',
  'refit:seasonal_naive': 'refitting seasonal naive',
  done: 'writing results',
};

/** Share of the job done at a progress event, for the progress bar. */
function progressRatio(p: ForecastProgress): number {
  const within = p.epoch && p.epochs ? p.epoch / p.epochs : 0;
  if (p.phase.startsWith('backtest:neural')) return 0.05 + 0.55 * within;
  if (p.phase.startsWith('backtest:')) return 0.05;
  if (p.phase.startsWith('refit:')) return 0.6 + 0.35 * within;
  if (p.phase === 'done') return 0.97;
  return 0.02;
}

/** Writes progress at most every `everyMs` per phase, in order, never failing the job. */
export function throttledProgress(db: DbHandle, jobId: string, backend: string, everyMs = 400) {
  let last = 0;
  let lastPhase = '';
  let pending: Promise<void> = Promise.resolve();
  return {
    report(p: ForecastProgress) {
      const now = Date.now();
      if (p.phase === lastPhase && now - last < everyMs) return;
      last = now;
      lastPhase = p.phase;
      const progress = { ...p, phase: PHASE_LABELS[p.phase] ?? p.phase };
      pending = pending
        .then(() => recordJobProgress(db, jobId, progress, progressRatio(p), backend))
        .catch(() => {});
    },
    flush: () => pending,
  };
}

/**
 * Runs one forecast training job: reads the dataset's series, runs the forecast pipeline, and
 * writes the model, its leaderboard and the forecast points in one transaction (which also marks
 * the job succeeded).
 */
export async function runForecastJob(options: {
  db: DbHandle;
  job: JobForTrainer;
  backend: string;
  seed?: number;
  epochs?: number;
  log?: (line: string) => void;
}): Promise<{ modelId: string; chosen: string }> {
  const { db, job, backend } = options;
  const log = options.log ?? (() => {});
  const params = ZForecastParams.parse(job.params ?? {});
  const history = await readMarketSeries(db, job.organizationId, job.datasetId);
  const progress = throttledProgress(db, job.id, backend);
  const result = await runForecastPipeline(history, {
    ...params,
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(options.epochs ? { epochs: options.epochs } : {}),
    onProgress: (p) => progress.report(p),
    log,
  });
  await progress.flush();
  const saved = await saveForecastResult(db, {
    jobId: job.id,
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
