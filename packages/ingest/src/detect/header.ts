import { inferDateFormat, parseDateValue } from './dates';
import { inferNumberFormat, parseNumberValue } from './numbers';

const HEADER_CHECK_ROWS = 200;

/**
 * Whether the first row is a header. It is data when its cells parse as numbers or dates in
 * columns whose other values are numbers or dates; it is a header when its cells are words above
 * such columns. Without either sign it is a header if its cells are distinct and non-empty.
 */
export function firstRowIsHeader(first: readonly string[], rest: readonly string[][]): boolean {
  const data = rest.slice(0, HEADER_CHECK_ROWS);
  let headerVotes = 0;
  let dataVotes = 0;
  first.forEach((raw, j) => {
    const cell = raw.trim();
    const values = data.map((row) => row[j] ?? '');
    const date = inferDateFormat(values);
    if (date) {
      if (parseDateValue(date.format, cell, false) !== null) dataVotes++;
      else if (cell !== '' && !looksTyped(cell)) headerVotes++;
      return;
    }
    const number = inferNumberFormat(values);
    if (number) {
      if (parseNumberValue(cell, number.decimalSeparator) !== null) dataVotes++;
      else if (cell !== '') headerVotes++;
    }
  });
  if (headerVotes || dataVotes) return headerVotes >= dataVotes;
  if (data.length === 0) return !first.some(looksTyped);
  const names = first.map((c) => c.trim());
  return names.every((n) => n !== '') && new Set(names).size === names.length;
}

function looksTyped(cell: string): boolean {
  return parseNumberValue(cell, '.') !== null || inferDateFormat([cell]) !== null;
}

/**
 * Header names made usable: trimmed, empty ones called "column N", repeats suffixed
 * "amount (2)". Each change is explained in `warnings`.
 */
export function uniqueNames(header: readonly string[], warnings: string[]): string[] {
  const used = new Set<string>();
  const counts = new Map<string, number>();
  const trimmed = header.map((h) => h.trim());
  const taken = new Set(trimmed);
  return trimmed.map((raw, j) => {
    let name = raw;
    if (name === '') {
      name = freeName(`column ${j + 1}`, taken, used);
      warnings.push(`Column ${j + 1} has no name in the header; it is called "${name}"`);
    } else if (used.has(name)) {
      const count = (counts.get(name) ?? 1) + 1;
      counts.set(name, count);
      const renamed = freeName(`${name} (${count})`, taken, used);
      warnings.push(
        `The header has more than one column named "${name}"; column ${j + 1} is called "${renamed}"`,
      );
      name = renamed;
    }
    used.add(name);
    return name;
  });
}

function freeName(wanted: string, taken: Set<string>, used: Set<string>): string {
  let name = wanted;
  for (let k = 2; taken.has(name) || used.has(name); k++) name = `${wanted} (${k})`;
  return name;
}

/** "column 1", "column 2", … for a file without a header row. */
export function numberedNames(width: number): string[] {
  return Array.from({ length: width }, (_, j) => `column ${j + 1}`);
}
