import { recordJobProgress, type DbHandle, type JobForTrainer } from '@foresight/db';
import type { ForecastProgress } from '@foresight/ml-core';

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
  if (!p.phase.includes(':') && p.phase !== 'done') return 0.05 + 0.9 * within; // churn, recommend
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

/** What every task's job runner gets from the worker. */
export interface TaskJobOptions {
  db: DbHandle;
  job: JobForTrainer;
  /** The backend the trainer selected at start (recorded with progress). */
  backend: string;
  /** Cap on training epochs (tests use small values). */
  epochs?: number;
  log?: (line: string) => void;
}

/** Runs a task with a progress callback that writes (throttled) to the job row, and waits for the writes. */
export async function withJobProgress<T>(
  db: DbHandle,
  jobId: string,
  backend: string,
  run: (onProgress: (p: ForecastProgress) => void) => Promise<T>,
): Promise<T> {
  const progress = throttledProgress(db, jobId, backend);
  try {
    return await run((p) => progress.report(p));
  } finally {
    await progress.flush();
  }
}
