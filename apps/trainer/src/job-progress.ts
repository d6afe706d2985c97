import {
  recordJobProgress,
  type CurvePoint,
  type DbHandle,
  type JobForTrainer,
  type JobProgress,
} from '@foresight/db';
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

/** A task's progress event; tasks that know their share of the work report it as `progress`. */
export type TaskProgress = ForecastProgress & { progress?: number };

/** Share of the job done at a progress event, for the progress bar. */
function progressRatio(p: TaskProgress): number {
  if (p.progress !== undefined) return 0.02 + 0.95 * Math.min(1, Math.max(0, p.progress));
  const within = p.epoch && p.epochs ? p.epoch / p.epochs : 0;
  if (!p.phase.includes(':') && p.phase !== 'done') return 0.05 + 0.9 * within; // churn, recommend
  if (p.phase.startsWith('backtest:neural')) return 0.05 + 0.55 * within;
  if (p.phase.startsWith('backtest:')) return 0.05;
  if (p.phase.startsWith('refit:')) return 0.6 + 0.35 * within;
  if (p.phase === 'done') return 0.97;
  return 0.02;
}

/**
 * Writes progress at most every `everyMs` per phase, in order, never failing the job. Every
 * epoch's loss goes into the job's curve (batched into the next write); when a write finds a
 * cancellation request, `onCancelRequested` is called.
 */
export function throttledProgress(
  db: DbHandle,
  jobId: string,
  backend: string,
  onCancelRequested: () => void = () => {},
  everyMs = 400,
) {
  let last = 0;
  let lastPhase = '';
  let pending: Promise<void> = Promise.resolve();
  let epochs: CurvePoint[] = [];
  let latest: { progress: JobProgress; ratio: number } | null = null;

  function write() {
    if (!latest) return;
    const { progress, ratio } = latest;
    const batch = epochs;
    epochs = [];
    latest = null;
    pending = pending
      .then(async () => {
        const { cancelRequested } = await recordJobProgress(
          db,
          jobId,
          progress,
          ratio,
          backend,
          batch,
        );
        if (cancelRequested) onCancelRequested();
      })
      .catch(() => {});
  }

  return {
    report(p: TaskProgress) {
      const phase = PHASE_LABELS[p.phase] ?? p.phase;
      if (p.epoch !== undefined && p.loss !== undefined && Number.isFinite(p.loss)) {
        epochs.push({
          phase,
          epoch: p.epoch,
          loss: p.loss,
          ...(p.valLoss !== undefined && Number.isFinite(p.valLoss) ? { valLoss: p.valLoss } : {}),
        });
      }
      latest = { progress: { ...p, phase }, ratio: progressRatio(p) };
      const now = Date.now();
      if (p.phase === lastPhase && now - last < everyMs) return;
      last = now;
      lastPhase = p.phase;
      write();
    },
    /** Writes what is left and waits for every write. */
    async flush() {
      write();
      await pending;
    },
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
  /** Aborted to stop training at the next epoch boundary (cancel, shutdown). */
  signal?: AbortSignal;
  /** Called when the job's progress write finds a cancellation request. */
  onCancelRequested?: () => void;
  log?: (line: string) => void;
}

/** Runs a task with a progress callback that writes (throttled) to the job row, and waits for the writes. */
export async function withJobProgress<T>(
  options: TaskJobOptions,
  run: (onProgress: (p: TaskProgress) => void) => Promise<T>,
): Promise<T> {
  const progress = throttledProgress(
    options.db,
    options.job.id,
    options.backend,
    options.onCancelRequested,
  );
  try {
    return await run((p) => progress.report(p));
  } finally {
    await progress.flush();
  }
}
