import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { detectCsv, parseDateValue, parseNumberValue, type CellValue } from './detect';
import {
  ZKindRoles,
  kindIngest,
  readKindRecords,
  type BadRowPolicy,
  type KindIngest,
  type KindRecords,
} from './kinds';
import { roleColumn, textOf } from './kinds/kind-ingest';
import type { ProblemLog } from './problems';
import {
  DATE_FORMATS,
  type ColumnSpec,
  type ColumnType,
  type DataKind,
  type DateFormat,
  type Detection,
  type KindRoles,
} from './schema';
import type { ReadPlan } from './typed-csv';
import { UploadError } from './upload-error';

/**
 * One ingestion path: the upload (packages/api), `uploads.fromRows` and the batch CLI all read a
 * file with the functions here — detect from the first MiB (encoding, delimiter, header, column
 * types, role proposals), plan the read with the confirmed columns, then stream typed records
 * through the kind's rules (kinds/). The upload confirms roles and types in the wizard between
 * detection and reading; `readTable` does both steps at once with overrides (the CLI's flags).
 */

/** How much of the start of a file detection samples. */
export const DETECTION_BYTES = 1024 * 1024;

/** Detection of a file from its first bytes (at most DETECTION_BYTES are looked at). */
export function detectTable(head: Uint8Array, size: number): Detection {
  return detectCsv(head.subarray(0, DETECTION_BYTES), { isComplete: size <= DETECTION_BYTES });
}

/** The plan to read a whole file: what detection found, with every column's confirmed type. */
export function readPlan(detection: Detection, columns: ColumnSpec[]): ReadPlan {
  const names = columns.map((c) => c.name);
  if (names.length !== detection.header.length || names.some((n, i) => n !== detection.header[i])) {
    throw new UploadError(
      `The columns must be the file's ${detection.header.length} columns in order (${detection.header.slice(0, 8).join(', ')}${detection.header.length > 8 ? ', …' : ''})`,
    );
  }
  return {
    encoding: detection.encoding,
    delimiter: detection.delimiter,
    hasHeader: detection.hasHeader,
    header: detection.header,
    columns,
  };
}

/** A file to read: its size, its first bytes and a stream of all of it. */
export interface TableSource {
  size: number;
  head(bytes: number): Promise<Uint8Array>;
  open(): Readable;
}

/** A file on disk as a TableSource; throws UploadError when it cannot be read. */
export async function fileSource(path: string): Promise<TableSource> {
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new UploadError(`${path} is not a file`);
    size = info.size;
  } catch (error) {
    if (error instanceof UploadError) throw error;
    throw new UploadError(
      `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`,
    );
  }
  return {
    size,
    async head(bytes) {
      const handle = await open(path, 'r');
      try {
        const buffer = Buffer.alloc(Math.min(bytes, size));
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
        return buffer.subarray(0, bytesRead);
      } finally {
        await handle.close();
      }
    },
    open: () => createReadStream(path),
  };
}

/** Column types set over the detected ones: a type, or a type with its format. */
export type TypeOverrides = Record<string, ColumnType | Partial<ColumnSpec>>;

/** The detected columns with overrides, as the upload wizard sends them. */
export function confirmColumns(detection: Detection, types: TypeOverrides = {}): ColumnSpec[] {
  return detection.columns.map(({ name, type, dateFormat, decimalSeparator }) => {
    const override = types[name];
    const base: ColumnSpec = { name, type };
    if (dateFormat) base.dateFormat = dateFormat;
    if (decimalSeparator) base.decimalSeparator = decimalSeparator;
    return typeof override === 'string' ? { ...base, type: override } : { ...base, ...override };
  });
}

export interface TableOptions<K extends DataKind> {
  /** Roles set over detection's proposal (the CLI's --date-col…); null leaves an optional role out. */
  roles?: Partial<KindRoles[K]>;
  /** Column types set over the detected ones. */
  types?: TypeOverrides;
  /**
   * Retype a role's column that detection typed otherwise (a value column with one bad cell
   * reads as text) to what the role needs, so that every bad cell is reported by row and column
   * instead of the whole column being refused. The CLI sets it: a flag naming a column as the
   * value says what its cells must be.
   */
  fitRoleTypes?: boolean;
  /** `reject` (default): any bad row refuses the file, naming it; `skip`: bad rows are left out. */
  badRows?: BadRowPolicy;
}

export interface Table<K extends DataKind> {
  detection: Detection;
  roles: KindRoles[K];
  columns: ColumnSpec[];
  records: KindRecords[K][];
  /** Bad rows (listed when skipped). */
  problems: ProblemLog;
}

/**
 * Reads a whole file of a kind as the upload does, detection and confirmation in one step:
 * detected roles and types with `options` over them. Throws UploadError (one line naming row,
 * column and reason; RejectedUpload when rows are bad) for anything wrong with the file.
 */
export async function readTable<K extends DataKind>(
  source: string | TableSource,
  kind: K,
  options: TableOptions<K> = {},
): Promise<Table<K>> {
  const file = typeof source === 'string' ? await fileSource(source) : source;
  const detection = detectTable(await file.head(DETECTION_BYTES), file.size);
  const roles = resolveRoles(kind, detection, options.roles);
  let columns = confirmColumns(detection, options.types);
  if (options.fitRoleTypes) columns = fitRoleTypes(kind, roles, columns, detection);
  const plan = readPlan(detection, columns);
  const ingest = kindIngest(kind, roles, plan);
  const { records, problems } = await collect(file, plan, ingest, options.badRows ?? 'reject');
  return { detection, roles, columns, records, problems };
}

/** A column read by `readColumns`: its name, what it is for (in messages), whether required. */
export interface ColumnRole {
  name: string;
  role: string;
  required: boolean;
}

/**
 * Reads chosen columns of a file as detected (the same detection, converters and row checks as
 * `readTable`), for inputs that are not one of the four kinds, e.g. user–item pairs without time.
 * Each row gives its cells in `wanted` order; a required cell that is empty is a bad row.
 */
export async function readColumns(
  source: string | TableSource,
  wanted: ColumnRole[],
  options: { types?: TypeOverrides } = {},
): Promise<{ detection: Detection; rows: CellValue[][] }> {
  const file = typeof source === 'string' ? await fileSource(source) : source;
  const detection = detectTable(await file.head(DETECTION_BYTES), file.size);
  const columns = confirmColumns(detection, options.types);
  for (const c of wanted) roleColumn(columns, c.name, c.role);
  const ingest: KindIngest<CellValue[]> = {
    columns: wanted.map(({ name, role }) => ({ name, role })),
    toRecords(row, cells, problems) {
      let ok = true;
      wanted.forEach((c, i) => {
        if (!c.required) return;
        const text = textOf(cells[i]!, row, c.name, problems, `every row needs a ${c.role}`);
        if (text === undefined) ok = false;
      });
      return ok ? [cells] : null;
    },
  };
  const { records } = await collect(file, readPlan(detection, columns), ingest, 'reject');
  return { detection, rows: records };
}

async function collect<R>(
  file: TableSource,
  plan: ReadPlan,
  ingest: KindIngest<R>,
  policy: BadRowPolicy,
): Promise<{ records: R[]; problems: ProblemLog }> {
  const stream = readKindRecords(file.open(), plan, ingest, policy);
  const records: R[] = [];
  try {
    for await (const batch of stream.batches) for (const r of batch as R[]) records.push(r);
  } finally {
    stream.close();
  }
  return { records, problems: stream.problems };
}

/** Detection's proposal for the kind with `overrides` over it, checked as the upload checks it. */
export function resolveRoles<K extends DataKind>(
  kind: K,
  detection: Detection,
  overrides: Partial<KindRoles[K]> = {},
): KindRoles[K] {
  const merged = { ...detection.proposals[kind], ...overrides } as Record<string, unknown>;
  const parsed = ZKindRoles[kind].safeParse(merged);
  if (parsed.success) return parsed.data as KindRoles[K];
  const issue = parsed.error.issues[0]!;
  const role = String(issue.path[0] ?? '');
  const missing = merged[role] === null || merged[role] === undefined;
  throw new UploadError(
    missing
      ? `No ${role} column was named and none was recognised in the file's header (${detection.header.slice(0, 8).join(', ')}${detection.header.length > 8 ? ', …' : ''})`
      : issue.message,
    role ? { column: role } : {},
  );
}

type Need = 'number' | 'date' | 'datetime';

/** The role columns of a kind that must be numbers or dates. */
function typedRoles(kind: DataKind, roles: KindRoles[DataKind]): [string, Need][] {
  const r = roles as Partial<Record<string, unknown>>;
  const one = (name: unknown, need: Need): [string, Need][] =>
    typeof name === 'string' ? [[name, need]] : [];
  const many = (names: unknown, need: Need): [string, Need][] =>
    Array.isArray(names) ? names.map((n: string) => [n, need] as [string, Need]) : [];
  switch (kind) {
    case 'market':
      return [...one(r.date, 'date'), ...many(r.values, 'number')];
    case 'financials':
      return [
        ...one(r.date, 'date'),
        ...one(r.revenue, 'number'),
        ...many(r.expenses, 'number'),
        ...one(r.cash, 'number'),
      ];
    case 'events':
      return [...one(r.time, 'datetime'), ...one(r.value, 'number')];
    case 'customers':
      return [];
  }
}

const NUMBER_TYPES: readonly ColumnType[] = ['integer', 'decimal'];
const FITS: Record<Need, readonly ColumnType[]> = {
  number: NUMBER_TYPES,
  date: ['date', 'datetime'],
  datetime: ['date', 'datetime', ...NUMBER_TYPES],
};

/**
 * Retypes role columns whose detected type does not suit their role: numbers with the decimal
 * separator, dates with the format, under which most sampled cells read.
 */
export function fitRoleTypes<K extends DataKind>(
  kind: K,
  roles: KindRoles[K],
  columns: ColumnSpec[],
  detection: Detection,
): ColumnSpec[] {
  const needs = new Map(typedRoles(kind, roles));
  return columns.map((spec) => {
    const need = needs.get(spec.name);
    if (!need || FITS[need].includes(spec.type)) return spec;
    const j = detection.header.indexOf(spec.name);
    const sample = detection.preview.map((row) => row[j] ?? '').filter((v) => v.trim() !== '');
    const count = (read: (v: string) => unknown) =>
      sample.reduce((n, v) => n + (read(v) === null ? 0 : 1), 0);
    if (need === 'number') {
      const comma = count((v) => parseNumberValue(v, ','));
      const dot = count((v) => parseNumberValue(v, '.'));
      return { name: spec.name, type: 'decimal', decimalSeparator: comma > dot ? ',' : '.' };
    }
    const asDateTime = need === 'datetime';
    let best: DateFormat = 'iso';
    let most = -1;
    // Epoch numbers only for event times (where an order column 1, 2, 3… is a time too): a period
    // column of small numbers is not 1970.
    const formats = DATE_FORMATS.filter((f) =>
      asDateTime ? f !== 'epoch-s' && f !== 'epoch-ms' : !f.startsWith('epoch'),
    );
    for (const format of formats) {
      const n = count((v) => parseDateValue(format, v, asDateTime));
      if (n > most) [best, most] = [format, n];
    }
    return { name: spec.name, type: need, dateFormat: best };
  });
}
