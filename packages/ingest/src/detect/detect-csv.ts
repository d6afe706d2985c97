import { type Detection } from '../schema';
import { UploadError } from '../upload-error';
import { detectDelimiter } from './delimiter';
import { detectEncoding } from './encoding';
import { firstRowIsHeader, numberedNames, uniqueNames } from './header';
import { inferColumn } from './infer-column';
import { guessKind, proposeAll } from './roles';
import { parseSample, unclosedQuoteLine } from './sample-parser';

export const MAX_COLUMNS = 2000;
const PREVIEW_ROWS = 20;

export interface DetectOptions {
  /** `head` is the whole file (else the start of a longer one). */
  isComplete: boolean;
  /** Data rows to infer column types from; 5,000 by default. */
  maxSampleRows?: number;
}

/**
 * Works out how to read a CSV file from its first bytes: encoding, delimiter, header, line
 * ending, each column's type and format, and which columns could play which role.
 * Throws UploadError for files that cannot be read as they are.
 */
export function detectCsv(head: Uint8Array, options: DetectOptions): Detection {
  const { isComplete, maxSampleRows = 5000 } = options;
  const { encoding, bomBytes } = detectEncoding(head, isComplete);
  // stream: a multi-byte character cut at the end of the head is held back, not replaced.
  const text = new TextDecoder(textEncoding(encoding), { ignoreBOM: true }).decode(
    head.subarray(bomBytes),
    { stream: !isComplete },
  );
  if (!/\S/.test(text)) throw new UploadError('The file is empty');
  const delimiter = detectDelimiter(text);
  if (isComplete) checkQuotes(text, delimiter);
  const rows = parseSample(text, delimiter, maxSampleRows + 1, !isComplete);
  const first = rows[0] ?? parseSample(text, delimiter, 1, false)[0] ?? [];
  checkWidth(first.length);
  if (rows.length === 0) {
    throw new UploadError(
      `The first row is longer than the first ${kilobytes(head.length)} of the file; is this a CSV file?`,
    );
  }
  const warnings: string[] = [];
  if (encoding === 'windows-1252') {
    warnings.push(
      'The file is not UTF-8; it is read as Windows-1252 (Latin-1), as Excel saves CSV on Windows. Check that accented letters look right in the preview',
    );
  }
  const hasHeader = firstRowIsHeader(first, rows.slice(1));
  if (hasHeader && rows.length === 1) {
    throw new UploadError(
      isComplete
        ? 'The file has a header row but no data rows'
        : `No complete data row in the first ${kilobytes(head.length)} of the file; are its rows that long?`,
    );
  }
  const header = hasHeader ? uniqueNames(first, warnings) : numberedNames(first.length);
  if (!hasHeader) {
    warnings.push(
      'No header row found: the first row looks like data, so the columns are named "column 1", "column 2"…',
    );
  }
  const data = (hasHeader ? rows.slice(1) : rows).slice(0, maxSampleRows);
  const ragged = raggedRowsWarning(data, header.length, hasHeader ? 2 : 1);
  if (ragged) warnings.push(ragged);
  const columns = header.map((name, j) =>
    inferColumn(
      name,
      data.map((row) => row[j] ?? ''),
    ),
  );
  return {
    encoding,
    delimiter,
    hasHeader,
    lineEnding: detectLineEnding(text),
    header,
    preview: data.slice(0, PREVIEW_ROWS),
    columns,
    sampledRows: data.length,
    warnings,
    proposals: proposeAll(columns),
    kindGuess: guessKind(columns),
  };
}

/** The WHATWG encoding label of a detected encoding (a BOM is skipped before decoding). */
export function textEncoding(encoding: Detection['encoding']): 'utf-8' | 'windows-1252' {
  return encoding === 'windows-1252' ? 'windows-1252' : 'utf-8';
}

function checkWidth(width: number): void {
  if (width > MAX_COLUMNS) {
    throw new UploadError(
      `The file has ${width.toLocaleString('en-US')} columns; the limit is ${MAX_COLUMNS.toLocaleString('en-US')}. ` +
        'Remove the columns you do not need (or split the file) and upload it again',
    );
  }
}

/** A whole file that ends inside a quoted field cannot be read: say where the quote opens. */
function checkQuotes(text: string, delimiter: Detection['delimiter']): void {
  const line = unclosedQuoteLine(text, delimiter);
  if (line === null) return;
  throw new UploadError(
    `Line ${line.toLocaleString('en-US')} opens a quoted field (a " at the start of a field) that is never closed, ` +
      'so the rest of the file would be read as one value. Add the closing " or remove the stray " and upload it again',
    { row: line },
  );
}

function kilobytes(bytes: number): string {
  return `${Math.round(bytes / 1024).toLocaleString('en-US')} KB`;
}

/** The first line break decides; quoted line breaks in a first row are rare enough to ignore. */
export function detectLineEnding(text: string): 'lf' | 'crlf' | 'cr' {
  const lf = text.indexOf('\n');
  const cr = text.indexOf('\r');
  if (cr === -1) return 'lf';
  if (lf === -1 || cr < lf - 1) return 'cr';
  return cr === lf - 1 ? 'crlf' : 'lf';
}

function raggedRowsWarning(
  rows: readonly string[][],
  width: number,
  firstRow: number,
): string | null {
  let count = 0;
  let example = '';
  rows.forEach((row, k) => {
    if (row.length === width) return;
    if (count === 0) {
      example = `row ${(firstRow + k).toLocaleString('en-US')} has ${row.length} fields, expected ${width}`;
    }
    count++;
  });
  if (count === 0) return null;
  const of = `${count.toLocaleString('en-US')} of ${rows.length.toLocaleString('en-US')}`;
  return `${of} sampled rows have a different number of fields than the header (${example}); the full upload will report each one`;
}
