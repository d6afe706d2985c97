import { Readable } from 'node:stream';
import { getUpload } from '@foresight/db';
import { ZKindRoles, type ColumnSpec, type DataKind, type UploadProblem } from '@foresight/ingest';
import { TRPCError } from '@trpc/server';
import { formatBytes, runImportInline, type ImportTarget } from '@foresight/imports';
import { claimImport, type IngestDeps, type IngestRequest } from './ingest-upload';
import { openUpload, receiveUpload } from './receive-upload';

export type RowValue = string | number | boolean | null;

export interface RowsUploadRequest {
  kind: DataKind;
  target: ImportTarget;
  rows: Record<string, RowValue>[];
  /** The mapping of columns to roles; the detected proposal when absent. */
  roles?: unknown;
  /** Types for some columns (by name), overriding what was detected. */
  columns?: ColumnSpec[];
  badRows: 'reject' | 'skip';
  /** How the upload is listed (default `rows.json`). */
  fileName?: string;
}

export interface RowsUploaded {
  uploadId: string;
  datasetId: string;
  rowsStored: number;
  rowsSkipped: number;
  jobIds: string[];
  problems: RowProblem[];
  problemCount: number;
  message: string | null;
}

export interface RowProblem {
  index: number | null;
  column: string | null;
  value: string | null;
  reason: string;
}

/** The rows were read and refused: what was wrong, by row index and column. */
export class RowsRejectedError extends Error {
  constructor(
    message: string,
    readonly uploadId: string,
    readonly problems: RowProblem[],
    readonly problemCount: number,
  ) {
    super(message);
    this.name = 'RowsRejectedError';
  }
}

/** Column names in the order they first appear across the rows. */
export function headerOf(rows: Record<string, RowValue>[]): string[] {
  const seen = new Set<string>();
  for (const row of rows) for (const name of Object.keys(row)) seen.add(name);
  return [...seen];
}

function csvCell(value: RowValue | undefined): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** RFC 4180 CSV of the rows (a missing key is an empty cell), header first. */
export function rowsToCsv(header: string[], rows: Record<string, RowValue>[]): string {
  const lines = [header.map(csvCell).join(',')];
  for (const row of rows) lines.push(header.map((name) => csvCell(row[name])).join(','));
  return `${lines.join('\n')}\n`;
}

/** CSV record numbers (header = 1) back to indexes into the rows sent. */
function rowProblem(p: UploadProblem): RowProblem {
  return {
    index: p.row === null ? null : p.row - 2,
    column: p.column,
    value: p.value,
    reason: p.reason,
  };
}

function describe(p: RowProblem): string {
  const where = [
    p.index !== null ? `rows[${p.index}]` : null,
    p.column !== null ? `column "${p.column}"` : null,
  ].filter(Boolean);
  return `${where.length ? `${where.join(', ')}: ` : ''}${p.reason}`;
}

/**
 * Imports rows sent as JSON exactly like an uploaded file: they are written as CSV to upload
 * storage, detected, and loaded through the same ingest (one transaction: refused rows store
 * nothing). Waits for the import, so the answer says what was stored or why nothing was.
 */
export async function ingestRows(
  deps: IngestDeps,
  request: RowsUploadRequest,
): Promise<RowsUploaded> {
  const { db, files, organizationId } = deps;
  const header = headerOf(request.rows);
  if (header.length === 0) {
    throw new TRPCError({ code: 'BAD_REQUEST', message: 'The rows have no columns' });
  }
  const csv = Buffer.from(rowsToCsv(header, request.rows));
  const fileName = request.fileName ?? 'rows.json';
  if (csv.length > files.maxBytes) {
    throw new TRPCError({
      code: 'PAYLOAD_TOO_LARGE',
      message: `The rows are ${formatBytes(csv.length)} as CSV; the upload limit is ${formatBytes(files.maxBytes)}. Send them in smaller batches (append to the dataset)`,
    });
  }
  const opened = await openUpload(db, files, {
    organizationId,
    userId: deps.userId,
    fileName,
    sizeBytes: csv.length,
  });
  const received = await receiveUpload(db, files, organizationId, opened.id, Readable.from([csv]));
  const detection = received.detection!;
  if (!detection.hasHeader) {
    throw new TRPCError({
      code: 'BAD_REQUEST',
      message: `The column names (${header.slice(0, 5).join(', ')}) look like values; name columns with words`,
    });
  }
  const columns = withOverrides(detection.columns, request.columns ?? []);
  const roles = ZKindRoles[request.kind].safeParse(
    request.roles ?? detection.proposals[request.kind],
  );
  if (!roles.success) {
    const issue = roles.error.issues[0]!;
    throw new TRPCError({
      code: 'BAD_REQUEST',
      message: request.roles
        ? `roles.${issue.path.join('.')}: ${issue.message}`
        : `No ${request.kind} mapping could be proposed for the columns ${columns.map((c) => `${c.name} (${c.type})`).join(', ')}; pass "roles", and "columns" for a type that was misread`,
    });
  }
  await claimImport(deps, {
    uploadId: opened.id,
    kind: request.kind,
    target: request.target,
    roles: roles.data,
    columns,
    badRows: request.badRows,
  } as IngestRequest<DataKind>);
  await runImportInline(deps, opened.id);

  const upload = await getUpload(db, organizationId, opened.id);
  const problems = upload.problems.map(rowProblem);
  if (upload.status !== 'stored' || !upload.datasetId) {
    if (upload.status === 'failed') {
      throw new TRPCError({
        code: 'INTERNAL_SERVER_ERROR',
        message: upload.message ?? 'The import failed',
      });
    }
    const more = upload.problemCount > 1 ? ` (and ${upload.problemCount - 1} more)` : '';
    throw new RowsRejectedError(
      problems[0]
        ? `Nothing was stored: ${describe(problems[0])}${more}`
        : (upload.message ?? 'Nothing was stored'),
      upload.id,
      problems,
      upload.problemCount,
    );
  }
  return {
    uploadId: upload.id,
    datasetId: upload.datasetId,
    rowsStored: upload.rowsStored ?? 0,
    rowsSkipped: upload.rowsSkipped ?? 0,
    jobIds: upload.jobIds,
    problems,
    problemCount: upload.problemCount,
    message: upload.message,
  };
}

function withOverrides(detected: ColumnSpec[], overrides: ColumnSpec[]): ColumnSpec[] {
  const byName = new Map(overrides.map((c) => [c.name, c]));
  for (const name of byName.keys()) {
    if (!detected.some((c) => c.name === name)) {
      throw new TRPCError({
        code: 'BAD_REQUEST',
        message: `columns: "${name}" is not a key of any row`,
      });
    }
  }
  return detected.map(
    ({ name, type, dateFormat, decimalSeparator }) =>
      byName.get(name) ?? { name, type, dateFormat, decimalSeparator },
  );
}
