import type { RouterOutputs } from '@foresight/api';
import type { ColumnSpec, ColumnType, DataKind, DateFormat } from '@foresight/ingest';

/** The staged-upload contract of the `uploads` router, from the router itself. */
export type UploadView = RouterOutputs['uploads']['byId'];
export type UploadStatus = UploadView['status'];
export type UploadProblem = UploadView['problems'][number];

/** Where an import goes: a new dataset, or an existing one of the same kind. */
export type ImportTarget =
  { mode: 'new'; name: string } | { mode: 'append' | 'replace'; datasetId: string };

/** A preset target for the wizard opened from a dataset's page. */
export interface PresetTarget {
  mode: 'append' | 'replace';
  datasetId: string;
  datasetName: string;
  kind: DataKind;
  rowCount?: number;
}

export type BadRows = 'reject' | 'skip';

export const KIND_INFO: Record<DataKind, { label: string; hint: string }> = {
  market: { label: 'Market data', hint: 'a metric over time → trend forecast' },
  financials: { label: 'Financials', hint: 'monthly revenue, costs, cash → runway & risk' },
  events: { label: 'User events', hint: 'who did what when → churn & recommendations' },
  customers: { label: 'Customers', hint: 'one row per customer → churn drivers' },
};

export const KINDS = Object.keys(KIND_INFO) as DataKind[];

/** The page that shows what a dataset of this kind trains. */
export function resultsPath(kind: DataKind, datasetId: string): string {
  const page = { market: 'trends', financials: 'risk', events: 'churn', customers: 'churn' }[kind];
  return `/${page}?dataset=${datasetId}`;
}

export const RESULTS_LABEL: Record<DataKind, string> = {
  market: 'View forecast',
  financials: 'View runway & risk',
  events: 'View churn & behaviour',
  customers: 'View churn predictions',
};

export const TYPE_LABELS: Record<ColumnType, string> = {
  date: 'date',
  datetime: 'date & time',
  integer: 'integer',
  decimal: 'decimal',
  boolean: 'yes/no',
  categorical: 'category',
  identifier: 'identifier',
  text: 'text',
};
/** The label of a stored column type, which older datasets may spell differently. */
export const typeLabel = (type: string): string => (isColumnType(type) ? TYPE_LABELS[type] : type);

export const isColumnType = (type: string): type is ColumnType => Object.hasOwn(TYPE_LABELS, type);

export const COLUMN_TYPE_OPTIONS = Object.keys(TYPE_LABELS) as ColumnType[];

export const DATE_FORMAT_LABELS: Record<DateFormat, string> = {
  iso: 'ISO (2024-03-31)',
  ymd: 'Y/M/D (2024/03/31)',
  dmy: 'D/M/Y (31/03/2024)',
  mdy: 'M/D/Y (03/31/2024)',
  epoch: 'Unix time (seconds or milliseconds)',
  'epoch-s': 'Unix seconds',
  'epoch-ms': 'Unix milliseconds',
};
export const DATE_FORMAT_OPTIONS = Object.keys(DATE_FORMAT_LABELS) as DateFormat[];

export const isDateType = (t: ColumnType) => t === 'date' || t === 'datetime';
export const isNumberType = (t: ColumnType) => t === 'integer' || t === 'decimal';

/** A column spec with only the format fields its type uses (defaults filled in). */
export function normaliseSpec(spec: ColumnSpec): ColumnSpec {
  const base: ColumnSpec = { name: spec.name, type: spec.type };
  if (isDateType(spec.type)) base.dateFormat = spec.dateFormat ?? 'iso';
  if (isNumberType(spec.type)) base.decimalSeparator = spec.decimalSeparator ?? '.';
  return base;
}

/** "27 MB", "1.2 GB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

/** The dataset name proposed for a file: its name without the extension. */
export const nameFromFile = (fileName: string) =>
  fileName.replace(/\.[^.]+$/, '').slice(0, 120) || 'Untitled';

/** An import in progress in words: waiting for a trainer, reading (with how far), or finishing. */
export function importProgressText(view: UploadView): string {
  const p = view.progress;
  switch (view.stage) {
    case 'queued':
      return 'Waiting for the trainer to start the import…';
    case 'finishing':
      return `Stored ${p.rowsProcessed.toLocaleString('en-US')} rows; queueing training…`;
    default: {
      const percent =
        p.totalBytes > 0 && p.bytesProcessed > 0
          ? `${Math.floor((100 * p.bytesProcessed) / p.totalBytes)}% · `
          : '';
      return `Importing… ${percent}${p.rowsProcessed.toLocaleString('en-US')} rows`;
    }
  }
}
