import {
  readMarketSeries,
  recordJobProgress,
  saveForecastResult,
  type DbHandle,
  type ForecastMetrics,
  type JobForTrainer,
} from '@foresight/db';
import { addPeriods, forecastWithBacktest, type ForecastProgress } from '@foresight/ml-core';
import { z } from 'zod';
import { prepareSeries, usableSeasonality } from './prepare-series';

const ZForecastParams = z.object({ horizon: z.number().int().min(1).max(366).optional() });

const CANDIDATE_LABELS: Record<string, string> = {
  neural: 'Neural network (windowed MLP)',
  seasonal_naive: 'Seasonal naive',
};

const PHASE_LABELS: Record<string, string> = {
  'backtest:seasonal_naive': 'backtesting seasonal naive',
  'backtest:neural': 'backtesting neural network',
  'refit:neural': 'training final neural network',
  'refit:seasonal_naive': 'refitting seasonal naive',
  done: 'writing results',
};

/** Share of the job done at a progress event, for the progress bar. */
function progressRatio(p: ForecastProgress): number {
  const within = p.epoch && p.epochs ? p.epoch / p.epochs : 0;
  if (p.phase === 'backtest:seasonal_naive') return 0.05;
  if (p.phase === 'backtest:neural') return 0.05 + 0.55 * within;
  if (p.phase.startsWith('refit:')) return 0.6 + 0.35 * within;
  if (p.phase === 'done') return 0.97;
  return 0.02;
}

function throttledProgress(db: DbHandle, jobId: string, backend: string, everyMs = 400) {
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
 * Runs one forecast training job end to end: reads the dataset's series, fits and backtests the
 * candidates in ml-core, and writes the model, its leaderboard and the forecast points in one
 * transaction (which also marks the job succeeded).
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
  const prepared = prepareSeries(history);
  for (const gap of prepared.gaps)
    log(`series "${gap.series}": filled ${gap.filled} missing periods by interpolation`);

  const shortest = Math.min(...prepared.series.map((s) => s.values.length));
  const horizon =
    params.horizon ??
    Math.max(1, Math.min(prepared.frequency.defaultHorizon, Math.floor(shortest / 5)));
  const seasonality = usableSeasonality(prepared.frequency, shortest, horizon);

  const progress = throttledProgress(db, job.id, backend);
  const started = performance.now();
  const result = await forecastWithBacktest(
    prepared.series.map((s) => ({ id: s.id, values: s.values })),
    {
      horizon,
      seasonality,
      seed: options.seed ?? 42,
      ...(options.epochs ? { epochs: options.epochs } : {}),
      onProgress: (p) => progress.report(p),
    },
  );
  await progress.flush();
  const trainMs = performance.now() - started;

  const lastDate = new Map(prepared.series.map((s) => [s.id, s.dates.at(-1)!]));
  const points = result.forecasts.flatMap((f) =>
    f.p50.map((p50, k) => ({
      series: f.id,
      date: addPeriods(lastDate.get(f.id)!, prepared.frequency.frequency, k + 1),
      p10: f.p10[k]!,
      p50,
      p90: f.p90[k]!,
    })),
  );
  const finite = (v: number) => (Number.isFinite(v) ? v : null);
  const metrics: ForecastMetrics = {
    frequency: prepared.frequency.label,
    horizon,
    holdoutHorizon: result.report.holdoutHorizon,
    seasonality: result.report.seasonality,
    candidates: result.report.candidates.map((c) => ({
      name: c.name,
      label: CANDIDATE_LABELS[c.name] ?? c.name,
      mase: finite(c.mase),
      smape: finite(c.smape),
      coverage80: c.coverage80,
      fitMs: Math.round(c.fitMs),
    })),
    perSeries: result.report.perSeries.map((s) => ({
      series: s.id,
      mase: Object.fromEntries(Object.entries(s.mase).map(([k, v]) => [k, finite(v)])),
    })),
    trainMs: Math.round(trainMs),
  };
  const saved = await saveForecastResult(db, {
    jobId: job.id,
    chosen: result.report.chosen,
    backend: result.report.backend,
    metrics,
    params: { horizon, seasonality, lookback: result.report.lookback, seed: options.seed ?? 42 },
    points,
  });
  log(
    `job ${job.id}: chose ${result.report.chosen} (` +
      metrics.candidates.map((c) => `${c.name} MASE ${c.mase?.toFixed(3)}`).join(', ') +
      `) in ${(trainMs / 1000).toFixed(1)} s`,
  );
  return { modelId: saved.modelId, chosen: result.report.chosen };
}
