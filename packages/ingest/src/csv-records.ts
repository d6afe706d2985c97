import { parse } from 'csv-parse';
import type { Readable } from 'node:stream';
import { UploadError } from './upload-error';

export interface CsvRecord {
  /** 1-based row number in the file; the header is row 1. */
  row: number;
  /** The raw text of a mapped column in this row. */
  get(column: string): string;
}

function csvParser() {
  return parse({
    bom: true,
    columns: false,
    skip_empty_lines: true,
    trim: false,
    relax_column_count: false,
    max_record_size: 1024 * 1024,
  });
}

/**
 * Streams a CSV with a header row and yields its data rows with access by column name. Mapped
 * columns missing from the header, invalid CSV (ragged rows, unclosed quotes), empty and
 * header-only files all throw UploadError with a row number.
 */
export async function* readCsvRecords(
  input: Readable,
  columns: { name: string; role: string }[],
): AsyncGenerator<CsvRecord> {
  const parser = input.pipe(csvParser());
  input.on('error', (error) => parser.destroy(error));
  let index: Map<string, number> | null = null;
  let row = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      row += 1;
      if (!index) {
        const header = record.map((h) => h.trim());
        index = new Map(header.map((h, i) => [h, i]));
        for (const c of columns) {
          if (!index.has(c.name)) {
            throw new UploadError(
              `The ${c.role} column "${c.name}" is not in the file's header (${header.join(', ')})`,
              { row: 1, column: c.name },
            );
          }
        }
        continue;
      }
      const cells = record;
      const at = index;
      yield { row, get: (column) => cells[at.get(column)!] ?? '' };
    }
  } catch (error) {
    if (error instanceof UploadError) throw error;
    const e = error as { code?: string; lines?: number; message: string };
    if (e.code?.startsWith('CSV_')) {
      throw new UploadError(`row ${e.lines ?? row + 1}: the file is not valid CSV (${e.message})`, {
        row: e.lines,
      });
    }
    throw error;
  } finally {
    parser.destroy();
  }
  if (!index)
    throw new UploadError('The file is empty: expected a header row and at least one data row');
  if (row < 2) throw new UploadError('The file has a header but no data rows');
}

/** Reads just the header and a few rows from the start of a CSV. */
export async function previewCsv(
  input: Readable,
  maxRows = 5,
): Promise<{ header: string[]; rows: string[][] }> {
  const parser = input.pipe(csvParser());
  const rows: string[][] = [];
  let header: string[] | null = null;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      if (!header) header = record.map((h) => h.trim());
      else rows.push(record);
      if (rows.length >= maxRows) break;
    }
  } finally {
    parser.destroy();
  }
  if (!header) throw new UploadError('The file is empty: expected a header row');
  return { header, rows };
}
