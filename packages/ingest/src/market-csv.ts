import type { Readable } from 'node:stream';
import { DuplicateDates, dateCell, numberCell } from './cells';
import { readCsvRecords } from './csv-records';
import { UploadError } from './upload-error';

export interface MarketMapping {
  date: string;
  value: string;
  /** Column holding the series name; null → one series named after the value column. */
  series: string | null;
}

export interface MarketRecord {
  series: string;
  date: string;
  value: number;
}

const MAX_SERIES_NAME = 200;

/**
 * Streams a market CSV and yields one validated record per data row. Throws UploadError naming
 * row, column and reason at the first bad cell, so callers that load inside a transaction store
 * all rows or none.
 */
export async function* readMarketCsv(
  input: Readable,
  mapping: MarketMapping,
): AsyncGenerator<MarketRecord> {
  const columns = [
    { name: mapping.date, role: 'date' },
    { name: mapping.value, role: 'value' },
    ...(mapping.series ? [{ name: mapping.series, role: 'series' }] : []),
  ];
  const duplicates = new DuplicateDates();
  for await (const r of readCsvRecords(input, columns)) {
    const rawDate = r.get(mapping.date);
    const date = dateCell(r.row, mapping.date, rawDate);
    const value = numberCell(r.row, mapping.value, r.get(mapping.value));
    let series = mapping.value;
    if (mapping.series) {
      series = r.get(mapping.series).trim();
      if (!series)
        throw UploadError.atCell(r.row, mapping.series, '', 'is empty (a series name is required)');
      if (series.length > MAX_SERIES_NAME) {
        throw UploadError.atCell(
          r.row,
          mapping.series,
          series,
          `is longer than ${MAX_SERIES_NAME} characters`,
        );
      }
    }
    duplicates.check(r.row, mapping.date, rawDate, date, series);
    yield { series, date, value };
  }
}
