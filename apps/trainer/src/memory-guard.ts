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
  const rowWord =
    { market: 'points', financials: 'periods', events: 'events', customers: 'customers' }[d.kind] ??
    'rows';
  return {
    rows: d.rowCount,
    rowWord,
    neededMb: Math.round(BASE_MB + (d.rowCount * BYTES_PER_ROW[job.task] * width) / 1e6),
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
