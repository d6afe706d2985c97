import { writeFile } from 'node:fs/promises';
import { userPath } from './args';
import { CliUsageError } from './usage-error';

export async function writeOutput(file: string, text: string): Promise<void> {
  try {
    await writeFile(userPath(file), text);
  } catch (error) {
    throw new CliUsageError(
      `cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
}

/** A CSV cell: quoted when needed; text starting with = + - @ is prefixed with ' so spreadsheets never run it. */
export function csvCell(value: string | number): string {
  if (typeof value === 'number')
    return Number.isFinite(value) ? String(Number(value.toPrecision(10))) : '';
  let text = value;
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(cells: (string | number)[]): string {
  return cells.map(csvCell).join(',') + '\n';
}
