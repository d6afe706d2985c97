/** Printing and writing of benchmark results: fixed-width tables and bench-results/<name>.json. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** A number with `digits` decimals, or `—` when it is not finite. */
export function fmt(value: number | null | undefined, digits = 3): string {
  return typeof value === 'number' && Number.isFinite(value) ? value.toFixed(digits) : '—';
}

/** A table with a header row; the first column is left-aligned, the others right-aligned. */
export function formatTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
): string {
  const all = [header, ...rows];
  const widths = header.map((_, c) => Math.max(...all.map((row) => (row[c] ?? '').length)));
  const line = (row: readonly string[]): string =>
    row
      .map((cell, c) => (c === 0 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0)))
      .join('  ');
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(header), rule, ...rows.map(line)].join('\n');
}

/** Writes `data` to bench-results/<name>.json at the repo root (non-finite numbers → null). */
export function writeBenchJson(name: string, data: unknown): string {
  const dir = join(repoRoot, 'bench-results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}.json`);
  const replacer = (_key: string, v: unknown): unknown =>
    typeof v === 'number' && !Number.isFinite(v) ? null : v;
  writeFileSync(file, `${JSON.stringify(data, replacer, 2)}\n`);
  return file;
}

/** The value after `--name` or in `--name=value`, or undefined. */
export function flagValue(args: readonly string[], name: string): string | undefined {
  const index = args.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (index < 0) return undefined;
  const arg = args[index] as string;
  return arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : args[index + 1];
}
