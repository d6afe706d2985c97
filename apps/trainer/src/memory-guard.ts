import { datasetFootprint, type DbHandle, type JobForTrainer } from '@foresight/db';
import { EASE_MAX_ITEMS } from '@foresight/ml-core';

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
 * Churn on an events dataset reads it streamed by the engine (a coded log of typed columns: no
 * row object per event), so its cost per event is lower than the table figures above. Peak RSS
 * over the process's start (`bench/events-memory.ts`: ml-core's syntheticEventLog, users ≈
 * events / 33, 300 items, in PostgreSQL, wasm backend, 10 epochs): 1M events 562 MB (425
 * B/event), 3M 1,001 MB (297), 10M 2,611 MB (257): the coded log is ~40 B/event, the rest the
 * per-cutoff features and the MLP's inputs. `bench:scale` at 10M (730,951 users, chDB): 2,041 MB.
 * Before (every event read as a pg row, then JS arrays): 823 MB at 1M events (693 B/event).
 * Rounded up, a 10M-event dataset needs ~3.4 GB for churn, under the 4 GB default.
 */
const BYTES_PER_EVENT: Partial<Record<JobForTrainer['task'], number>> = {
  churn: 300,
};

/**
 * Recommendations on an events dataset (the aggregated user–item pairs) grow with the users and
 * the catalogue more than with the events. The peak is the implicit-ALS comparison: per user the
 * best configuration's, the current one's and its best sweep's factor tables, 3 × 64 float64s =
 * 1,536 B; EASE holds a few m×m float32 matrices (m = items, at most EASE_MAX_ITEMS); the pairs,
 * CSR copies and item graphs are a few tens of bytes per event. Peak RSS of the job (wasm):
 *   `bench:scale` log (one year, ~13.7 events/user): 10M events, 730,951 users, 2,370 items:
 *     2,014 MB, 307 s; 3M events (219,873 users, 1,302 items) 828 MB, 1M (73,209, 750) 483 MB
 *     (the pipeline and the save in one process, the pairs built from the CSV);
 *   ml-core's syntheticEventLog (users ≈ events / 33, 300 items): 10M events 963 MB.
 * Before the dense users × items rows EASE built and never used on its m×m path, the in-place
 * ALS snapshots and the streamed save: the same 10M-event log 3,774 MB, 401 s (EASE alone
 * ~3.4 GB), under an estimate of 2.4 GB from 200 B/event.
 * The estimate below: 2.4 GB for that log, 1.5 GB for the synthetic one, 1.0 GB at 3M.
 */
const RECOMMEND_BYTES = {
  perEvent: 60,
  /** `series_count`: every user, a bound on those with items. */
  perUser: 1_800,
  /** Per (modelled item)²: EASE's Gram, the inverse's swept copy and its update. */
  perItemPair: 16,
};
/** What a recommendation job on an events dataset needs (MB), from what is known before it. */
export function recommendEventsMb(d: { events: number; users: number; items: number | null }) {
  // Unknown counts (a dataset stored before they were): the most items EASE models (rarer items
  // are not), a user per 10 events.
  const users = d.users > 0 ? d.users : d.events / 10;
  const modelled = Math.min(d.items ?? EASE_MAX_ITEMS, EASE_MAX_ITEMS);
  const bytes =
    d.events * RECOMMEND_BYTES.perEvent +
    users * RECOMMEND_BYTES.perUser +
    modelled * modelled * RECOMMEND_BYTES.perItemPair;
  return Math.round(BASE_MB + bytes / 1e6);
}

export interface MemoryEstimate {
  rows: number;
  rowWord: string;
  neededMb: number;
}

export async function estimateJobMemory(db: DbHandle, job: JobForTrainer): Promise<MemoryEstimate> {
  const d = await datasetFootprint(db, job.organizationId, job.datasetId);
  if (!d) return { rows: 0, rowWord: 'rows', neededMb: BASE_MB };
  const rowWord =
    { market: 'points', financials: 'periods', events: 'events', customers: 'customers' }[d.kind] ??
    'rows';
  if (d.kind === 'events' && job.task === 'recommend')
    return {
      rows: d.rowCount,
      rowWord,
      neededMb: recommendEventsMb({ events: d.rowCount, users: d.users, items: d.items }),
    };
  // Customer tables: cost grows with the attribute columns too.
  const width = d.kind === 'customers' ? Math.max(1, d.columns / 10) : 1;
  const perRow =
    (d.kind === 'events' ? BYTES_PER_EVENT[job.task] : undefined) ?? BYTES_PER_ROW[job.task];
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
