import { parse } from 'csv-parse';
import type { Readable } from 'node:stream';
import { UploadError } from './upload-error';
import { parseDate, parseNumber } from './values';

export interface MarketMapping {
  date: string;
  value: string;
  /** Column holding the series name; null → one series called "value column name". */
  series: string | null;
}

export interface MarketRecord {
  series: string;
  date: string;
  value: number;
}

const MAX_SERIES_NAME = 200;

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

function columnIndex(header: string[], name: string, role: string): number {
  const index = header.indexOf(name);
  if (index < 0) {
    throw new UploadError(
      `The ${role} column "${name}" is not in the file's header (${header.join(', ')})`,
      {
        row: 1,
        column: name,
      },
    );
  }
  return index;
}

/**
 * Streams a market CSV (header row first) and yields one validated record per data row.
 * Throws UploadError naming row, column and reason at the first bad cell, so callers that load
 * inside a transaction store all rows or none. Row numbers are 1-based file lines of records
 * (the header is row 1).
 */
export async function* readMarketCsv(
  input: Readable,
  mapping: MarketMapping,
): AsyncGenerator<MarketRecord> {
  const parser = input.pipe(csvParser());
  input.on('error', (error) => parser.destroy(error));
  let header: string[] | null = null;
  let dateIdx = 0;
  let valueIdx = 0;
  let seriesIdx = -1;
  let row = 0;
  const seen = new Map<string, number>();
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      row += 1;
      if (!header) {
        header = record.map((h) => h.trim());
        dateIdx = columnIndex(header, mapping.date, 'date');
        valueIdx = columnIndex(header, mapping.value, 'value');
        seriesIdx = mapping.series ? columnIndex(header, mapping.series, 'series') : -1;
        continue;
      }
      const rawDate = record[dateIdx] ?? '';
      const date = parseDate(rawDate);
      if (!date)
        throw UploadError.atCell(row, mapping.date, rawDate, 'is not a date (expected YYYY-MM-DD)');
      const rawValue = record[valueIdx] ?? '';
      if (rawValue.trim() === '')
        throw UploadError.atCell(row, mapping.value, rawValue, 'is empty (a number is required)');
      const value = parseNumber(rawValue);
      if (value === null) throw UploadError.atCell(row, mapping.value, rawValue, 'is not a number');
      let series = mapping.value;
      if (seriesIdx >= 0) {
        series = (record[seriesIdx] ?? '').trim();
        if (!series)
          throw UploadError.atCell(
            row,
            mapping.series!,
            '',
            'is empty (a series name is required)',
          );
        if (series.length > MAX_SERIES_NAME) {
          throw UploadError.atCell(
            row,
            mapping.series!,
            series,
            `is longer than ${MAX_SERIES_NAME} characters`,
          );
        }
      }
      const key = `${series}\u0000${date}`;
      const earlier = seen.get(key);
      if (earlier !== undefined) {
        throw UploadError.atCell(
          row,
          mapping.date,
          rawDate,
          `repeats the date of row ${earlier} for series "${series}"`,
        );
      }
      seen.set(key, row);
      yield { series, date, value };
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
  if (!header)
    throw new UploadError('The file is empty: expected a header row and at least one data row');
  if (row < 2) throw new UploadError('The file has a header but no data rows');
}

/** Reads just the header (and a few rows for a preview) from the start of a CSV text. */
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
