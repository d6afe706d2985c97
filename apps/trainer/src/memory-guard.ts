import { datasetFootprint, type DbHandle, type JobForTrainer } from '@foresight/db';

/**
 * Rough memory a task needs per stored row (bytes): the rows as read, the features or windows
 * built from them, and the tensors of a training batch. Measured on the bench data sets with
 * `peak_rss_mb` and rounded up; the base is the trainer's own footprint.
 */
const BYTES_PER_ROW: Record<JobForTrainer['task'], number> = {
  forecast: 6_000,
  risk: 6_000,
  churn: 600,
  recommend: 800,
};
const BASE_MB = 400;

/**
 * Churn and recommendations on an events dataset read it streamed by the engine (a coded log of
 * typed columns, or the aggregated user–item pairs: no row object per event), so their cost per
 * event is lower than the table figures above. Peak RSS over the process's start
 * (`bench/events-memory.ts`: ml-core's syntheticEventLog, users ≈ events / 33, 300 items, in
 * PostgreSQL, wasm backend, 10 epochs):
 *   churn      1M events 562 MB (425 B/event), 3M 1,001 MB (297), 10M 2,611 MB (257): the coded
 *              log is ~40 B/event, the rest the per-cutoff features and the MLP's inputs;
 *   recommend  1M events 306 MB (136 B/event), 3M 553 MB (142), 10M 963 MB (83).
 * Before (every event read as a pg row, then JS arrays): churn 823 MB and recommend 694 MB at
 * 1M events (693 and 551 B/event), so 5M events was refused under 4 GB. Rounded up, a 10M-event
 * dataset now needs ~3.4 GB for churn and ~2.4 GB for recommendations, under the 4 GB default.
 * Recommendations also grow with the catalogue (item–item models), which this does not count.
 */
const BYTES_PER_EVENT: Partial<Record<JobForTrainer['task'], number>> = {
  churn: 300,
  recommend: 200,
};

export interface MemoryEstimate {
  rows: number;
  rowWord: string;
  neededMb: number;
}

export async function estimateJobMemory(db: DbHandle, job: JobForTrainer): Promise<MemoryEstimate> {
  const d = await datasetFootprint(db, job.organizationId, job.datasetId);
  if (!d) return { rows: 0, rowWord: 'rows', neededMb: BASE_MB };
  // Customer tables: cost grows with the attribute columns too.
  const width = d.kind === 'customers' ? Math.max(1, d.columns / 10) : 1;
  const perRow =
    (d.kind === 'events' ? BYTES_PER_EVENT[job.task] : undefined) ?? BYTES_PER_ROW[job.task];
  const rowWord =
    { market: 'points', financials: 'periods', events: 'events', customers: 'customers' }[d.kind] ??
    'rows';
  return {
    rows: d.rowCount,
    rowWord,
    neededMb: Math.round(BASE_MB + (d.rowCount * perRow * width) / 1e6),
  };
}

/** The founder-facing refusal when a dataset is too large for this trainer's memory limit. */
export function tooLargeMessage(
  job: JobForTrainer,
  estimate: MemoryEstimate,
  limitMb: number,
): string {
  const gb = (mb: number) => (mb >= 1024 ? `${(mb / 1024).toFixed(1)} GB` : `${mb} MB`);
  return (
    `This dataset (${estimate.rows.toLocaleString('en-US')} ${estimate.rowWord}) needs about ` +
    `${gb(estimate.neededMb)} to train ${job.task}, more than this trainer's limit of ${gb(limitMb)} ` +
    `(FORESIGHT_TRAINER_MAX_JOB_MEMORY_MB). Run the trainer on a larger machine with a higher ` +
    `limit, or upload a shorter period.`
  );
}

/** Samples the process's resident memory while a job runs; `stop` returns the peak in MB. */
export function trackPeakRss(everyMs = 500): { stop(): number } {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, everyMs);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, process.memoryUsage.rss()) / (1024 * 1024);
    },
  };
}
