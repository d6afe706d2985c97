import { Transform } from 'node:stream';
import { CsvError, parse, type Parser } from 'csv-parse';
import { CellProblem, makeConverter, type CellValue } from './detect';
import type { ProblemLog } from './problems';
import type { ColumnSpec, Delimiter, Detection } from './schema';
import { UploadError } from './upload-error';

/** How to read a whole file: what detection found, with the types the user confirmed. */
export interface ReadPlan {
  /** As detected; UTF-8 when absent. */
  encoding?: Detection['encoding'];
  delimiter: Delimiter;
  hasHeader: boolean;
  /** Column names by position (the detected header, or "column N"). */
  header: string[];
  /** The confirmed type of every column, by name. */
  columns: ColumnSpec[];
}

export interface ReadProgress {
  bytes: number;
  rows: number;
}

function countNewlines(chunk: Buffer, to: number): number {
  let n = 0;
  for (let i = chunk.indexOf(10); i !== -1 && i < to; i = chunk.indexOf(10, i + 1)) n++;
  return n;
}

/**
 * Decodes the file in its detected encoding and refuses NUL bytes, naming the line. UTF-8 is
 * decoded strictly (a BOM is dropped), so that a file that turns out to be in another encoding
 * after the detected start fails clearly instead of loading mojibake; Windows-1252 maps every
 * byte to a character.
 */
export function decodeText(
  encoding: Detection['encoding'] | undefined,
  onBytes: (bytes: number) => void,
): Transform {
  const decoder =
    encoding === 'windows-1252'
      ? new TextDecoder('windows-1252')
      : new TextDecoder('utf-8', { fatal: true });
  let line = 1;
  let offset = 0;
  return new Transform({
    decodeStrings: true,
    transform(chunk: Buffer, _encoding, done) {
      const nul = chunk.indexOf(0);
      if (nul !== -1) {
        const at = line + countNewlines(chunk, nul);
        return done(
          new UploadError(
            `line ${at} contains a NUL byte (byte ${offset + nul} of the file): it looks binary or UTF-16; save it as UTF-8 CSV`,
            { row: at },
          ),
        );
      }
      const lines = countNewlines(chunk, chunk.length);
      let text: string;
      try {
        text = decoder.decode(chunk, { stream: true });
      } catch {
        return done(
          new UploadError(
            `the file is not valid UTF-8 (somewhere in lines ${line}–${line + lines}); it looks like Windows-1252 or Latin-1. Save it as "CSV UTF-8" and upload again`,
            { row: line },
          ),
        );
      }
      line += lines;
      offset += chunk.length;
      onBytes(offset);
      done(null, text);
    },
    flush(done) {
      try {
        done(null, decoder.decode());
      } catch {
        done(new UploadError('the file ends in the middle of a UTF-8 character', { row: line }));
      }
    },
  });
}

export function csvParser(delimiter: Delimiter): Parser {
  return parse({
    delimiter,
    bom: false,
    columns: false,
    // Any of the three line endings, even mixed in one file (a header saved with \n above rows
    // with \r\n), so that no \r is left in a value.
    record_delimiter: ['\r\n', '\n', '\r'],
    // Empty lines are records of their own, so that row numbers match the spreadsheet's; the
    // reader skips them.
    skip_empty_lines: false,
    relax_column_count: true,
    // A quote inside an unquoted field (`5" screen`) is text, as detection reads it.
    relax_quotes: true,
    max_record_size: 8 * 1024 * 1024,
  });
}

/** csv-parse's errors (unclosed quote…) as an UploadError naming the row. */
export function csvSyntaxError(error: unknown, row: number): unknown {
  if (!(error instanceof CsvError)) return error;
  const lines = (error as CsvError & { lines?: number }).lines;
  if (error.code === 'CSV_QUOTE_NOT_CLOSED') {
    return new UploadError(
      'the file is not valid CSV: a quoted field is never closed (a " opens a field and the file ends ' +
        `before its closing ", at line ${lines ?? row}); close the quote or remove the stray " and upload again`,
      { row: lines ?? row },
    );
  }
  if (typeof lines === 'number' && lines > 0) row = lines;
  const reason = error.message.replace(/^Invalid (Opening|Closing) Quote:/i, 'invalid quote:');
  return new UploadError(`line ${row}: the file is not valid CSV: ${reason}`, { row });
}

/**
 * Converts rows of a CSV (as parsed records) with their confirmed types, keeping the requested
 * columns. A row with a cell that does not convert, or with the wrong number of fields, is logged
 * as a problem and gives null.
 */
export class RowConverter {
  private readonly positions: number[];
  private readonly converters: ((raw: string) => CellValue | CellProblem)[];
  private readonly width: number;

  constructor(
    plan: ReadPlan,
    private readonly wanted: readonly string[],
    private readonly problems: ProblemLog,
  ) {
    const specs = new Map(plan.columns.map((c) => [c.name, c]));
    this.positions = wanted.map((name) => {
      const index = plan.header.indexOf(name);
      if (index === -1 || !specs.has(name)) {
        throw new UploadError(`The column "${name}" is not in the file`, { column: name });
      }
      return index;
    });
    this.converters = wanted.map((name) => makeConverter(specs.get(name)!));
    this.width = plan.header.length;
  }

  convert(record: string[], row: number): CellValue[] | null {
    if (record.length !== this.width) {
      // A line of only spaces is an empty line, not a ragged row.
      if (record.length === 1 && record[0]!.trim() === '') return null;
      this.problems.add(
        row,
        null,
        null,
        `has ${record.length} field${record.length === 1 ? '' : 's'}; the header has ${this.width}`,
      );
      return null;
    }
    const cells = new Array<CellValue>(this.positions.length);
    let ok = true;
    for (let i = 0; i < this.positions.length; i++) {
      const raw = record[this.positions[i]!]!;
      const value = this.converters[i]!(raw);
      if (value instanceof CellProblem) {
        this.problems.add(row, this.wanted[i]!, raw, value.reason);
        ok = false;
      } else cells[i] = value;
    }
    return ok ? cells : null;
  }
}
