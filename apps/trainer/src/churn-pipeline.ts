import type { ChurnMetrics, ChurnScoreRow, CustomerTable, EventLog } from '@foresight/db';
import {
  churnFromEvents,
  churnFromTable,
  type ChurnResult,
  type CodedEventLog,
} from '@foresight/ml-core';
import { churnCandidateName } from '@foresight/ml-core/model-names';

export type ChurnSource =
  | {
      kind: 'table';
      train: CustomerTable['columns'];
      predict: CustomerTable['columns'] | null;
      idColumn: string;
      labelColumn: string;
    }
  | {
      kind: 'events';
      /** Raw arrays (the batch CLI's files) or a coded log streamed by the events engine (jobs). */
      log: EventLog | CodedEventLog;
      windowDays?: number;
    };

export interface ChurnPipelineOptions {
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

export interface ChurnPipelineResult {
  scores: ChurnScoreRow[];
  metrics: ChurnMetrics;
  chosen: string;
  backend: string;
  params: Record<string, unknown>;
}

/**
 * When a labelled table is scored as a whole, customers whose label already says they churned
 * are not "at risk": keep the active and unlabelled ones.
 */
function stillActive(
  scores: ChurnResult['scores'],
  source: Extract<ChurnSource, { kind: 'table' }>,
  label: ChurnResult['report']['label'],
): ChurnResult['scores'] {
  if (!label) return scores;
  const positive = new Set(label.positive.map((v) => v.trim().toLowerCase()));
  const ids = source.train.find((c) => c.name === source.idColumn)?.values ?? [];
  const labels = source.train.find((c) => c.name === source.labelColumn)?.values ?? [];
  // Cells are typed (numbers, booleans, text); compare them as the scores' ids and labels read.
  const text = (cell: (typeof ids)[number] | undefined) => String(cell ?? '').trim();
  const churned = new Set(
    ids.filter((_, i) => positive.has(text(labels[i]).toLowerCase())).map((id) => text(id)),
  );
  return scores.filter((s) => !churned.has(s.id));
}

/**
 * Churn as the trainer and the batch CLI both run it: a labelled customer table (train, then
 * score) or an event log (label "no activity in the next N days" at past cutoffs, score users
 * active at the end), logistic regression vs gradient-boosted trees vs MLP vs their ensemble,
 * calibrated, with drivers.
 */
export async function runChurnPipeline(
  source: ChurnSource,
  options: ChurnPipelineOptions = {},
): Promise<ChurnPipelineResult> {
  const seed = options.seed ?? 42;
  const common = {
    seed,
    ...(options.epochs ? { epochs: options.epochs } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  };
  const started = performance.now();
  let result: ChurnResult;
  if (source.kind === 'table') {
    result = await churnFromTable(
      { columns: source.train },
      source.predict ? { columns: source.predict } : null,
      { idColumn: source.idColumn, labelColumn: source.labelColumn, ...common },
    );
  } else {
    const { log } = source;
    result = await churnFromEvents(
      'offsets' in log
        ? log
        : {
            userIds: log.userIds,
            times: log.times,
            eventNames: log.eventNames,
            values: log.values,
            items: log.itemIds,
          },
      { ...(source.windowDays ? { windowDays: source.windowDays } : {}), ...common },
    );
  }
  const { report } = result;
  const scores =
    source.kind === 'table' && !source.predict
      ? stillActive(result.scores, source, report.label)
      : result.scores;
  const metrics: ChurnMetrics = {
    ...report,
    candidates: report.candidates.map((c) => ({ ...c, label: churnCandidateName(c) })),
    trainMs: Math.round(performance.now() - started),
  };
  return {
    scores,
    metrics,
    chosen: report.chosen,
    backend: report.backend,
    params: {
      mode: report.mode,
      seed,
      ...(report.windowDays ? { windowDays: report.windowDays } : {}),
    },
  };
}
