import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { readCliEnv } from '../env';
import { CliUsageError } from './usage-error';

/** Parses `--flag value` options strictly against a zod schema; unknown flags are errors. */
export function parseFlags<S extends z.ZodObject>(
  argv: string[],
  names: string[],
  schema: S,
): z.infer<S> {
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: Object.fromEntries(names.map((n) => [n, { type: 'string' as const }])),
      strict: true,
      allowPositionals: false,
    }) as { values: Record<string, string | undefined> });
  } catch (error) {
    throw new CliUsageError(
      (error as Error).message.split('\n')[0]!.replace(/^TypeError \[[A-Z_]+\]: /, ''),
    );
  }
  const parsed = schema.safeParse(values);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const flag = issue.path.length ? `--${String(issue.path[0])}` : 'arguments';
    throw new CliUsageError(`${flag}: ${issue.message}`);
  }
  return parsed.data;
}

/** pnpm runs root scripts from the repo root; resolve paths against where the user typed the command. */
export function userPath(file: string): string {
  return path.resolve(readCliEnv().INIT_CWD ?? process.cwd(), file);
}

export const requiredText = (what: string) =>
  z.string({ error: `is required (${what})` }).min(1, `is required (${what})`);

export const positiveInt = (what: string) =>
  z
    .string({ error: `is required (${what})` })
    .regex(/^\d+$/, `must be a whole number (${what})`)
    .transform(Number)
    .pipe(
      z
        .number()
        .int()
        .min(1, `must be at least 1 (${what})`)
        .max(1000, `must be at most 1000 (${what})`),
    );
