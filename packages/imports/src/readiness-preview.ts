import { getUpload, type DbHandle, type Task, type TrainingStats } from '@foresight/db';
import {
  ProblemLog,
  UploadError,
  kindIngest,
  readKindRecords,
  readPlan,
  type BadRowPolicy,
  type ColumnSpec,
  type CustomerRecordRow,
  type DataKind,
  type Detection,
  type EventRecord,
  type KindIngest,
  type KindRecords,
  type KindRoles,
  type MarketPointRecord,
} from '@foresight/ingest';
import {
  readinessOf,
  taskMinimum,
  trainingJobs,
  trainingTasksFor,
  type TrainableTask,
} from '@foresight/queue';
import type { FileStorage, UploadFiles } from './storage';

/**
 * Rows a preview reads at most. Past it the counts are lower bounds: for every kind but market
 * more rows can only add periods, days, users, items or labelled customers, so a task ready on
 * the first rows stays ready; a market file's later rows can start a new, shorter series.
 */
export const READINESS_ROW_CAP = 200_000;

/** A received file's confirmed mapping, as `uploads.ingest` takes it (without the target). */
export interface ReadinessRequest<K extends DataKind = DataKind> {
  uploadId: string;
  kind: K;
  roles: KindRoles[K];
  /** Every column of the file, in header order, with its confirmed type. */
  columns: ColumnSpec[];
  badRows: BadRowPolicy;
}

/** Whether the file is enough for one task, and what the task needs. */
export interface TaskReadinessPreview {
  task: TrainableTask;
  /** The task's name for people ("Runway and risk"). */
  label: string;
  /** Enough for the task, on the rows read. */
  ready: boolean;
  /**
   * False when the file was read only up to the row cap and the rest could change the answer
   * (not ready yet; or a market file, where a later series can be shorter).
   */
  certain: boolean;
  /** When not ready: `readinessOf`'s words, as the import will say them (or why nothing would be stored). */
  reason: string | null;
  /** What the task needs: "at least 6 months of revenue and expenses". */
  minimum: string;
  /** What the file has: "the file has 3 months" ("at least 3 months" past the row cap). */
  has: string;
}

export interface ReadinessPreview {
  kind: DataKind;
  /** One entry per task the kind feeds with this mapping (none: customers without a label). */
  tasks: TaskReadinessPreview[];
  /** The counts `trainingStats` would give for the rows the import would store. */
  stats: TrainingStats;
  /** Data rows read: all of them, unless `complete` is false. */
  rowsRead: number;
  /** Rows with a problem among those read (skipped, under 'skip'). */
  rowsSkipped: number;
  /** The whole file was read (false: stopped at the row cap, or at a bad row under 'reject'). */
  complete: boolean;
  /** Why the import would store nothing (mapping, a bad row under 'reject', unreadable file). */
  problem: string | null;
}

/** Builds `TrainingStats` from records as they are read, without keeping the records. */
export interface TrainingStatsCounter<R> {
  add(records: readonly R[]): void;
  stats(): TrainingStats;
}

/**
 * Counts what `trainingStats` (packages/db) counts of stored rows, from the typed records the
 * ingest reads: market series and the shortest one, financial periods, the events' span, items
 * and users with two items, customers per label value. Memory grows with distinct series, users,
 * items and label values, not with rows.
 */
export function trainingStatsCounter<K extends DataKind>(
  kind: K,
  roles: KindRoles[K],
): TrainingStatsCounter<KindRecords[K]> {
  const counters: { [D in DataKind]: (r: KindRoles[D]) => TrainingStatsCounter<KindRecords[D]> } = {
    market: marketCounter,
    financials: financialsCounter,
    events: eventsCounter,
    customers: (r) => customersCounter(r.label),
  };
  return counters[kind](roles);
}

/** `trainingStats` of a list of records (what storing them, and nothing else, would give). */
export function trainingStatsOf<K extends DataKind>(
  kind: K,
  roles: KindRoles[K],
  records: Iterable<KindRecords[K]>,
): TrainingStats {
  const counter = trainingStatsCounter(kind, roles);
  counter.add([...records]);
  return counter.stats();
}

function marketCounter(): TrainingStatsCounter<MarketPointRecord> {
  const points = new Map<string, number>();
  return {
    add(records) {
      for (const r of records) points.set(r.series, (points.get(r.series) ?? 0) + 1);
    },
    stats() {
      // As the SQL orders: fewest points, then series name (ties only change the name shown).
      let shortest: { series: string; points: number } | null = null;
      for (const [series, n] of points) {
        if (
          shortest === null ||
          n < shortest.points ||
          (n === shortest.points && series < shortest.series)
        )
          shortest = { series, points: n };
      }
      return { kind: 'market', series: points.size, shortest };
    },
  };
}

function financialsCounter(): TrainingStatsCounter<unknown> {
  let periods = 0;
  return {
    add(records) {
      periods += records.length;
    },
    stats: () => ({ kind: 'financials', periods }),
  };
}

const TWO_ITEMS = Symbol('two items');

function eventsCounter(): TrainingStatsCounter<EventRecord> {
  let first = Infinity;
  let last = -Infinity;
  const items = new Set<string>();
  /** Each user's first item, until a second, different one is seen. */
  const itemOf = new Map<string, string | typeof TWO_ITEMS>();
  let usersWithTwoItems = 0;
  return {
    add(records) {
      for (const r of records) {
        const at = Date.parse(r.occurredAt);
        if (at < first) first = at;
        if (at > last) last = at;
        if (r.itemId === null) continue;
        items.add(r.itemId);
        const seen = itemOf.get(r.userId);
        if (seen === undefined) itemOf.set(r.userId, r.itemId);
        else if (seen !== TWO_ITEMS && seen !== r.itemId) {
          itemOf.set(r.userId, TWO_ITEMS);
          usersWithTwoItems += 1;
        }
      }
    },
    stats: () => ({
      kind: 'events',
      spanDays: last >= first ? (last - first) / 86_400_000 : 0,
      usersWithTwoItems,
      items: items.size,
    }),
  };
}

function customersCounter(label: string | null): TrainingStatsCounter<CustomerRecordRow> {
  const counts = new Map<string, number>();
  return {
    add(records) {
      if (label === null) return;
      for (const r of records) {
        const value = r.attributes[label];
        // As stored: the JSON attribute read as text (true → "true"); blank labels not counted.
        if (value === null || value === undefined || value === '') continue;
        const key = String(value);
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
    },
    stats: () => ({ kind: 'customers', label, labelCounts: Object.fromEntries(counts) }),
  };
}

const plural = (n: number, one: string, many = `${one}s`) =>
  `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/**
 * What the file has, for a task: "the file has 3 months"; past the row cap "at least 3 months",
 * or for a market file what the rows read have (later rows can start a shorter series).
 */
function fileHas(task: TrainableTask, stats: TrainingStats, rowsRead: number | null): string {
  const atLeast = rowsRead !== null ? 'at least ' : '';
  switch (stats.kind) {
    case 'market': {
      const shortest = stats.shortest;
      const [scope, have] =
        rowsRead !== null ? [`the first ${plural(rowsRead, 'row')}`, 'have'] : ['the file', 'has'];
      if (shortest === null) return `${scope} ${have} no dated values`;
      if (stats.series === 1) return `${scope} ${have} ${plural(shortest.points, 'value')}`;
      return (
        `the shortest of the ${stats.series.toLocaleString('en-US')} series in ${scope}, ` +
        `"${shortest.series}", has ${plural(shortest.points, 'value')}`
      );
    }
    case 'financials':
      return `the file has ${atLeast}${plural(stats.periods, 'month')}`;
    case 'customers': {
      const churned = stats.labelCounts.true ?? 0;
      const stayed = stats.labelCounts.false ?? 0;
      return `the file has ${atLeast}${plural(churned, 'customer')} who churned and ${atLeast}${stayed.toLocaleString('en-US')} who stayed`;
    }
    case 'events':
      return task === 'recommend'
        ? `the log has ${atLeast}${plural(stats.usersWithTwoItems, 'user')} who used two or more different items`
        : `the log spans ${atLeast}${plural(Math.floor(stats.spanDays), 'day')}`;
  }
}

/** The counts of nothing stored. */
function emptyStats(kind: DataKind, roles: KindRoles[DataKind]): TrainingStats {
  return trainingStatsCounter(kind, roles as never).stats();
}

/**
 * Reads a received file with a confirmed mapping exactly as the import would (same plan, kind
 * rules and bad-row policy) and says, for each task the data feeds, whether the rows the import
 * would store are enough. Stores nothing; stops after `rowCap` data rows.
 */
export async function readinessOfFile<K extends DataKind>(
  file: { storage: FileStorage; storageKey: string; detection: Detection },
  request: Omit<ReadinessRequest<K>, 'uploadId'>,
  options: { rowCap?: number } = {},
): Promise<ReadinessPreview> {
  const { kind, roles, badRows } = request;
  const rowCap = options.rowCap ?? READINESS_ROW_CAP;
  const tasks = trainingTasksFor(kind, { roles });
  const verdict = (
    stats: TrainingStats,
    read: { rowsRead: number; rowsSkipped: number; complete: boolean },
    problem: string | null,
  ): ReadinessPreview => ({
    kind,
    tasks: tasks.map((task) =>
      taskPreview(task, stats, roles, read.complete ? null : read.rowsRead, problem),
    ),
    stats,
    ...read,
    problem,
  });

  let ingest: KindIngest<KindRecords[K]>;
  let hasHeader: boolean;
  let plan: ReturnType<typeof readPlan>;
  try {
    plan = readPlan(file.detection, request.columns);
    hasHeader = plan.hasHeader;
    ingest = kindIngest(kind, roles, plan);
  } catch (error) {
    if (!(error instanceof UploadError)) throw error;
    return verdict(
      emptyStats(kind, roles),
      { rowsRead: 0, rowsSkipped: 0, complete: false },
      `Nothing would be stored: ${error.message}`,
    );
  }

  const counter = trainingStatsCounter(kind, roles);
  // File row numbers count the header as row 1.
  const lastRow = rowCap + (hasHeader ? 1 : 0);
  let rowsSeen = 0;
  let stopped: 'cap' | 'rejected' | null = null;
  let stream: ReturnType<typeof readKindRecords<KindRecords[K]>> | null = null;
  const stop = (why: 'cap' | 'rejected') => {
    if (stopped) return;
    stopped = why;
    // Not from inside the stream's own transform step: after it.
    setImmediate(() => stream?.close());
  };
  // Counts each row's records as the kind makes them, so the rows up to the cap are counted
  // exactly however the stream batches them; the same rule as the reader decides which records
  // would be stored (under 'reject', none after the first problem).
  const counting: KindIngest<KindRecords[K]> = {
    columns: ingest.columns,
    toRecords(row, cells, problems) {
      if (stopped) return null;
      if (row > lastRow) {
        stop('cap');
        return null;
      }
      rowsSeen = row - (hasHeader ? 1 : 0);
      const records = ingest.toRecords(row, cells, problems);
      if (badRows === 'reject' && problems.count > 0) stop('rejected');
      else if (records) counter.add(records);
      return records;
    },
  };

  let failure: string | null = null;
  stream = readKindRecords(file.storage.read(file.storageKey), plan, counting, badRows, (p) => {
    // Rows that fail conversion never reach `toRecords`: stop on the reader's count too.
    if (p.rows > lastRow) stop('cap');
    else rowsSeen = Math.max(rowsSeen, p.rows - (hasHeader ? 1 : 0));
    if (badRows === 'reject' && stream && stream.problems.count > 0) stop('rejected');
  });
  try {
    for await (const batch of stream.batches) {
      void batch;
      if (stopped) break;
    }
  } catch (error) {
    // Closing the stream early ends the iteration with a premature-close error.
    if (!stopped) {
      if (!(error instanceof UploadError)) throw error;
      failure = error.message;
    }
  } finally {
    stream.close();
  }

  const problems = stream.problems;
  const read = {
    rowsRead: stopped === 'cap' ? rowCap : rowsSeen,
    rowsSkipped: problems.badRows,
    complete: stopped === null,
  };
  const first = problems.listed[0];
  if (badRows === 'reject' && first) {
    // Reading stopped at the first bad row: the import lists them all.
    return verdict(
      emptyStats(kind, roles),
      read,
      `Nothing would be stored: with "reject the whole file" chosen, ${ProblemLog.describe(first)}. ` +
        'Fix the file, or choose to skip bad rows',
    );
  }
  if (failure !== null)
    return verdict(emptyStats(kind, roles), read, `Nothing would be stored: ${failure}`);
  return verdict(counter.stats(), read, null);
}

function taskPreview(
  task: TrainableTask,
  stats: TrainingStats,
  roles: KindRoles[DataKind],
  /** Rows read when the file was not read to the end, else null. */
  partialRows: number | null,
  problem: string | null,
): TaskReadinessPreview {
  const complete = partialRows === null;
  const readiness = readinessOf(task as Task, stats);
  const ready = readiness.ready && problem === null;
  // Past the cap only more can come, so "ready" holds — except in a market file with a series
  // column (a later row can start a new, shorter series) or a value column not seen yet.
  const upgradesOnly =
    stats.kind !== 'market' ||
    ((roles as KindRoles['market']).series === null &&
      stats.series === (roles as KindRoles['market']).values.length);
  return {
    task,
    label: trainingJobs[task].label,
    ready,
    // Nothing stored is certain; so is an answer on the whole file.
    certain: problem !== null || complete || (ready && upgradesOnly),
    reason: problem ?? (readiness.ready ? null : readiness.reason),
    minimum: taskMinimum(task as Task, stats.kind),
    has: problem !== null ? 'nothing would be stored' : fileHas(task, stats, partialRows),
  };
}

/**
 * The readiness preview of an organization's received upload (NotFoundError for another
 * organization's); UploadError while the file has not arrived.
 */
export async function previewUploadReadiness<K extends DataKind>(
  deps: { db: DbHandle; files: UploadFiles; organizationId: string },
  request: ReadinessRequest<K>,
  options: { rowCap?: number } = {},
): Promise<ReadinessPreview> {
  const upload = await getUpload(deps.db, deps.organizationId, request.uploadId);
  const detection = upload.detection as Detection | null;
  if (!detection || upload.sizeBytes === null)
    throw new UploadError('The file has not finished uploading; wait for it, then try again');
  return readinessOfFile(
    { storage: deps.files.storage, storageKey: upload.storageKey, detection },
    request,
    options,
  );
}
