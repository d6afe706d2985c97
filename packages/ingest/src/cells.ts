import { UploadError } from './upload-error';
import { parseDate, parseNumber } from './values';

/** Typed cell readers that throw UploadError naming row, column, value and reason. */
export function dateCell(row: number, column: string, raw: string): string {
  const date = parseDate(raw);
  if (!date) throw UploadError.atCell(row, column, raw, 'is not a date (expected YYYY-MM-DD)');
  return date;
}

export function numberCell(row: number, column: string, raw: string): number {
  if (raw.trim() === '')
    throw UploadError.atCell(row, column, raw, 'is empty (a number is required)');
  const value = parseNumber(raw);
  if (value === null) throw UploadError.atCell(row, column, raw, 'is not a number');
  return value;
}

/** Remembers dates per key and rejects a repeat, naming the earlier row. */
export class DuplicateDates {
  private readonly seen = new Map<string, number>();

  check(row: number, column: string, raw: string, date: string, key = ''): void {
    const id = `${key}\u0000${date}`;
    const earlier = this.seen.get(id);
    if (earlier !== undefined) {
      const scope = key ? ` for series "${key}"` : '';
      throw UploadError.atCell(row, column, raw, `repeats the date of row ${earlier}${scope}`);
    }
    this.seen.set(id, row);
  }
}
