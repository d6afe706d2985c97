import type { CellValue } from '../detect';
import type { ProblemLog } from '../problems';
import type { ColumnSpec, ColumnType } from '../schema';
import { UploadError } from '../upload-error';

/** How one data kind turns converted rows into the records it stores. */
export interface KindIngest<R> {
  /** The columns this kind reads, in the order `toRecords` receives their cells. */
  columns: { name: string; role: string }[];
  /** The records of one row, or null after logging why the row is bad. */
  toRecords(row: number, cells: CellValue[], problems: ProblemLog): R[] | null;
}

const TYPE_NAMES: Record<ColumnType, string> = {
  date: 'a date',
  datetime: 'a date and time',
  integer: 'a whole number',
  decimal: 'a number',
  boolean: 'yes/no',
  categorical: 'a category',
  identifier: 'an identifier',
  text: 'text',
};

/**
 * Checks, before any row is read, that a role names a column of the file whose confirmed type
 * suits it; returns the column's spec.
 */
export function roleColumn(
  columns: readonly ColumnSpec[],
  name: string,
  role: string,
  allowed?: readonly ColumnType[],
): ColumnSpec {
  const spec = columns.find((c) => c.name === name);
  if (!spec) {
    throw new UploadError(
      `The ${role} column "${name}" is not in the file's header (${headerList(columns)})`,
      { column: name },
    );
  }
  if (allowed && !allowed.includes(spec.type)) {
    throw new UploadError(
      `The ${role} column "${name}" is typed as ${TYPE_NAMES[spec.type]}; it must be ${allowed
        .map((t) => TYPE_NAMES[t])
        .join(' or ')}`,
      { column: name },
    );
  }
  return spec;
}

/** The first columns' names, for messages: "date, value, …". */
function headerList(columns: readonly ColumnSpec[]): string {
  const names = columns.slice(0, 8).map((c) => c.name);
  return columns.length > 8 ? `${names.join(', ')}, …` : names.join(', ');
}

export function distinctRoles(roles: { name: string; role: string }[]): void {
  const seen = new Map<string, string>();
  for (const { name, role } of roles) {
    const other = seen.get(name);
    if (other !== undefined) {
      throw new UploadError(`The column "${name}" cannot be both the ${other} and the ${role}`, {
        column: name,
      });
    }
    seen.set(name, role);
  }
}

export const MAX_ID_LENGTH = 200;
export const DATE_TYPES = ['date', 'datetime'] as const;
export const NUMBER_TYPES = ['integer', 'decimal'] as const;

/** A cell as an id or name: required or optional, at most MAX_ID_LENGTH characters. */
export function textOf(
  value: CellValue,
  row: number,
  column: string,
  problems: ProblemLog,
  required: string | null,
): string | null | undefined {
  if (value === null) {
    if (required) problems.add(row, column, '', `is empty (${required})`);
    return required ? undefined : null;
  }
  const text = typeof value === 'string' ? value : String(value);
  if (text.length > MAX_ID_LENGTH) {
    problems.add(row, column, text, `is longer than ${MAX_ID_LENGTH} characters`);
    return undefined;
  }
  return text;
}

/** YYYY-MM-DD of a date or datetime cell. */
export function dayOf(value: string): string {
  return value.length > 10 ? value.slice(0, 10) : value;
}

/** Remembers keys (e.g. series + date) and reports a repeat, naming the earlier row. */
export class RepeatGuard {
  private readonly seen = new Map<string, number>();

  firstTime(
    key: string,
    row: number,
    column: string,
    raw: string,
    problems: ProblemLog,
    what: string,
  ): boolean {
    const earlier = this.seen.get(key);
    if (earlier !== undefined) {
      problems.add(row, column, raw, `repeats the ${what} of row ${earlier}`);
      return false;
    }
    this.seen.set(key, row);
    return true;
  }
}
