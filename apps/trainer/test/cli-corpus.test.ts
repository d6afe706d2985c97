import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import {
  ProblemLog,
  RejectedUpload,
  UploadError,
  confirmColumns,
  detectTable,
  kindIngest,
  readKindRecords,
  readPlan,
  type DataKind,
  type KindRoles,
  type TypeOverrides,
} from '@foresight/ingest';
import { describe, expect, it } from 'vitest';
import { readCliTable } from '../src/cli/input';

/**
 * One ingestion path: every file of the bad-input corpus (packages/api/test/fixtures/corpus, whose
 * exact upload outcomes packages/api/test/corpus.test.ts pins against the database) goes through
 * the batch CLI's reading and through the upload's detection and reader — the calls
 * packages/api's receive and ingest make, in their order — and both must agree: accepted with the
 * same rows, or refused with the same row, column and reason.
 */

const CORPUS = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../packages/api/test/fixtures/corpus',
);

/** The kind and roles the corpus test imports a file as; types the wizard's user would set. */
const MARKET = { date: 'date', values: ['value'], series: null };

const SETUP: Record<string, { kind: DataKind; roles?: object; types?: TypeOverrides }> = {
  'blank-line-in-middle.csv': { kind: 'market', roles: MARKET, types: { value: 'decimal' } },
  'mixed-date-formats.csv': {
    kind: 'market',
    roles: MARKET,
    types: { date: { type: 'date', dateFormat: 'iso' } },
  },
  'ambiguous-dates-as-month-first.csv': {
    kind: 'market',
    types: { date: { type: 'date', dateFormat: 'mdy' } },
  },
  'impossible-date-skip.csv': {
    kind: 'market',
    roles: MARKET,
    types: { date: { type: 'date', dateFormat: 'iso' } },
  },
  'impossible-time.csv': {
    kind: 'events',
    roles: { time: 'occurred_at' },
    types: { occurred_at: { type: 'datetime', dateFormat: 'iso' } },
  },
  'excel-error-cells-skip.csv': { kind: 'market', roles: MARKET, types: { value: 'decimal' } },
  'booleans-mixed-column.csv': {
    kind: 'customers',
    roles: { label: 'churned' },
    types: { churned: 'boolean' },
  },
  'only-text-no-role.csv': { kind: 'market', roles: { date: 'name', values: ['note'] } },
};

/** Files of the customers kind in the corpus test (any other file with no setup is market, events or financials as named). */
const CUSTOMERS =
  /^(2000-columns|one-column|duplicate-headers|quoted|stray|long-field|ragged-too-few|utf8|crlf|cr-only|mixed-line|no-final|booleans|formula|customers|latin1|windows-1252)/;

function kindOf(file: string): DataKind {
  if (SETUP[file]) return SETUP[file].kind;
  if (CUSTOMERS.test(file)) return 'customers';
  if (/^(epoch|iso-datetimes|events)/.test(file)) return 'events';
  if (/^financials/.test(file)) return 'financials';
  return 'market';
}

type Outcome =
  { accepted: number } | { refused: string; row?: number | undefined; column?: string | undefined };

function refusal(error: unknown): Outcome {
  if (!(error instanceof UploadError)) throw error;
  const first = error instanceof RejectedUpload ? error.problems.listed[0] : undefined;
  return {
    refused: first ? ProblemLog.describe(first) : error.message,
    row: error.location.row,
    column: error.location.column,
  };
}

/** The upload: receive (detection), the wizard's roles and types, then ingest (the reader). */
async function throughUpload(file: string): Promise<Outcome & { roles?: object }> {
  const bytes = readFileSync(path.join(CORPUS, file));
  try {
    const detection = detectTable(bytes, bytes.length);
    const kind = kindOf(file);
    const roles = {
      ...detection.proposals[kind],
      ...SETUP[file]?.roles,
    } as KindRoles[DataKind];
    try {
      const plan = readPlan(detection, confirmColumns(detection, SETUP[file]?.types));
      const stream = readKindRecords(
        Readable.from([bytes]),
        plan,
        kindIngest(kind, roles, plan),
        'reject',
      );
      let accepted = 0;
      for await (const batch of stream.batches) accepted += (batch as unknown[]).length;
      return { accepted, roles };
    } catch (error) {
      return { ...refusal(error), roles };
    }
  } catch (error) {
    return refusal(error);
  }
}

/** The CLI: the same file, its columns named by flags (the roles the upload used). */
async function throughCli(file: string, roles: object | undefined): Promise<Outcome> {
  try {
    const table = await readCliTable(
      path.join(CORPUS, file),
      '--input',
      kindOf(file),
      (roles ?? {}) as Partial<KindRoles[DataKind]>,
      { types: SETUP[file]?.types ?? {} },
    );
    return { accepted: table.records.length };
  } catch (error) {
    if (!(error instanceof UploadError)) throw error;
    return { refused: error.message, row: error.location.row, column: error.location.column };
  }
}

const files = readdirSync(CORPUS).filter((f) => f.endsWith('.csv'));

describe('the CLI reads the bad-input corpus as the upload does', () => {
  it('covers the corpus', () => expect(files.length).toBeGreaterThanOrEqual(60));

  it.each(files)('%s', async (file) => {
    const upload = await throughUpload(file);
    const cli = await throughCli(file, upload.roles);
    const { roles: _roles, ...uploadOutcome } = upload;
    if ('refused' in uploadOutcome && /is typed as/.test(uploadOutcome.refused)) {
      // The wizard refuses a role on a column of the wrong type before reading; a CLI flag naming
      // the column says what it holds, so the CLI reads it as that and names the first bad cell.
      expect(cli).toMatchObject({ column: uploadOutcome.column ?? expect.any(String) });
      expect((cli as { refused: string }).refused).toMatch(/^row \d+, column "[^"]+": /);
      return;
    }
    if ('refused' in uploadOutcome && 'refused' in cli) {
      // The CLI says the first problem in one line and how many more there are.
      expect(cli.refused.startsWith(uploadOutcome.refused)).toBe(true);
      expect(cli.refused).not.toMatch(/\n/);
      expect({ row: cli.row, column: cli.column }).toEqual({
        row: uploadOutcome.row,
        column: uploadOutcome.column,
      });
      return;
    }
    expect(cli).toEqual(uploadOutcome);
  });

  it('reads the files the old CLI reader got wrong', async () => {
    expect(
      await throughCli('delimiter-semicolon.csv', { date: 'date', values: ['value'] }),
    ).toEqual({ accepted: 5 });
    const latin1 = await readCliTable(path.join(CORPUS, 'latin1.csv'), '--input', 'customers', {
      id: 'customer_id',
      label: null,
    });
    expect(latin1.records.map((r) => r.attributes.city)).toEqual(['Montréal', 'Paris']);
    const formulas = await readCliTable(
      path.join(CORPUS, 'formula-injection.csv'),
      '--input',
      'customers',
      { id: 'customer_id', label: null },
    );
    expect(formulas.records[0]!.attributes.note).toBe('=HYPERLINK("http://x","click")');
  });
});
