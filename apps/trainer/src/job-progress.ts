import {
  recordJobProgress,
  type CurvePoint,
  type DbHandle,
  type JobForTrainer,
  type JobProgress,
} from '@foresight/db';
import type { ForecastProgress } from '@foresight/ml-core';
import type { TrainingReads } from './training-reads';

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

/** Share of an ensemble's training done: members train one after another, each from epoch 1. */
function trainingShare(p: TaskProgress): number {
  const epoch = p.epoch && p.epochs ? Math.min(1, p.epoch / p.epochs) : 0;
  if (!p.member || !p.members) return epoch;
  return Math.min(1, (p.member - 1 + epoch) / p.members);
}

/**
 * Forecast and risk phases in the order forecastWithBacktest runs them: statistical backtests,
 * the neural backtest (most of the time), statistical refits, the neural refit, then the results.
 * `[start, end]`: the bar moves from start to end as the phase's epochs (and members) go by.
 */
const FORECAST_PHASES: Record<string, [number, number]> = {
  'backtest:seasonal_naive': [0.03, 0.03],
  'backtest:drift': [0.04, 0.04],
  'backtest:log_linear': [0.05, 0.05],
  'backtest:ets': [0.06, 0.06],
  'backtest:neural': [0.08, 0.6],
  'refit:seasonal_naive': [0.61, 0.61],
  'refit:drift': [0.61, 0.61],
  'refit:log_linear': [0.61, 0.61],
  'refit:ets': [0.62, 0.62],
  'refit:neural': [0.63, 0.95],
};

/** Churn phases in the order the classifier runs them. */
const CHURN_PHASES: Record<string, [number, number]> = {
  features: [0.05, 0.05],
  'fit:logistic': [0.1, 0.1],
  'fit:gbdt': [0.15, 0.15],
  'fit:mlp': [0.2, 0.8],
  calibrate: [0.82, 0.82],
  explain: [0.88, 0.88],
  score: [0.93, 0.93],
};

/**
 * Share of the job done at a progress event, for the progress bar. On its own it can go back
 * (a task that repeats phases); `monotoneProgressRatio` is what gets written.
 */
export function progressRatio(p: TaskProgress): number {
  if (p.progress !== undefined) return 0.02 + 0.95 * Math.min(1, Math.max(0, p.progress));
  if (p.phase === 'done') return 0.97;
  const span = FORECAST_PHASES[p.phase] ?? CHURN_PHASES[p.phase];
  if (span) return span[0] + (span[1] - span[0]) * trainingShare(p);
  // A phase this table does not know: its epochs, if any, across most of the bar.
  return 0.05 + 0.9 * trainingShare(p);
}

/**
 * The ratio to write for each of a job's progress events, in order: never less than one already
 * written, so the bar never goes back (18% → 8% between backtest folds or ensemble members).
 */
export function monotoneProgressRatio(): (p: TaskProgress) => number {
  let highest = 0;
  return (p) => {
    highest = Math.max(highest, Math.min(1, progressRatio(p)));
    return highest;
  };
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
  const ratioOf = monotoneProgressRatio();

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
      latest = { progress: { ...p, phase }, ratio: ratioOf(p) };
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
  /**
   * Where churn and recommendations read an events dataset (default: streamed from PostgreSQL's
   * `events` table, `postgresTrainingReads`); the engine holding the dataset can be chosen here.
   */
  events?: TrainingReads;
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
