import { readFileSync, readdirSync } from 'node:fs';
import { Readable } from 'node:stream';
import { createTestDatabase, type TestDatabase } from '@foresight/db/testing';
import type { CellValue, DataKind, KindRoles } from '@foresight/ingest';
import { startQueue, type QueueClient } from '@foresight/queue';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UploadView } from '../src/schemas/uploads';
import {
  importUpload,
  settleImports,
  signedInCaller,
  uploadFile,
  type Caller,
  type ImportOptions,
} from './helpers';

/**
 * The bad-input corpus (test/fixtures/corpus, see its README): every file goes through the real
 * upload path (create → receive → ingest → byId) against the real database, with the exact
 * outcome expected below; after every file, the organization's rows changed only as expected —
 * nothing at all for a refused or rejected file.
 */

const CORPUS = new URL('./fixtures/corpus/', import.meta.url);

/** What the stored dataset looks like, read back from the database. */
interface Stored {
  view: UploadView;
  /** [series, date, value] by series then date. */
  market(): Promise<[string, string, number][]>;
  /** The attributes of each customer row, in file order. */
  customers(): Promise<Record<string, CellValue>[]>;
  /** [user, ISO time, event] by time then user. */
  events(): Promise<[string, string, string | null][]>;
}

type Outcome =
  /** Detection refuses the file: receive throws, the upload is failed with the message. */
  | { stage: 'receive'; message: RegExp }
  /** The ingest request is refused before any row is read; the upload stays staged. */
  | { stage: 'request'; message: RegExp }
  | {
      stage: 'ingest';
      status: 'rejected';
      problemCount: number;
      first: { row: number | null; column: string | null; value?: string | null; reason: RegExp };
    }
  | {
      stage: 'ingest';
      status: 'stored';
      rowsStored: number;
      rowsSkipped?: number;
      /** Problem rows of a `skip` import. */
      skippedRows?: number[];
      check?: (s: Stored) => Promise<void> | void;
    };

interface Case {
  kind?: DataKind;
  roles?: Partial<KindRoles[DataKind]>;
  types?: ImportOptions<DataKind>['types'];
  badRows?: 'reject' | 'skip';
  expect: Outcome;
}

const stored = (
  rowsStored: number,
  check?: (s: Stored) => Promise<void> | void,
  rest: { rowsSkipped?: number; skippedRows?: number[] } = {},
): Outcome => ({ stage: 'ingest', status: 'stored', rowsStored, check, ...rest });
const rejected = (
  problemCount: number,
  first: { row: number | null; column: string | null; value?: string | null; reason: RegExp },
): Outcome => ({ stage: 'ingest', status: 'rejected', problemCount, first });
const refused = (message: RegExp): Outcome => ({ stage: 'receive', message });

const UTF16_REFUSED =
  /^The file is UTF-16 encoded; save it as UTF-8 \(CSV UTF-8 in Excel\) and upload it again$/;

/** Text values of the stored customers contain no \r and no BOM. */
async function cleanCustomerText(s: Stored) {
  for (const row of await s.customers()) {
    for (const [key, value] of Object.entries(row)) {
      expect(key).not.toMatch(/[\r\uFEFF]/);
      if (typeof value === 'string') expect(value).not.toMatch(/[\r\uFEFF]/);
    }
  }
}

const cities = async (s: Stored) => {
  await cleanCustomerText(s);
  expect((await s.customers()).map((r) => r.city)).toEqual(['Berlin', 'Paris', 'Rome']);
};
const fiveDays = (delimiter: string) => async (s: Stored) => {
  expect(s.view.detection!.delimiter).toBe(delimiter);
  expect((await s.market()).map(([, date, value]) => [date, value])).toEqual([
    ['2024-01-01', 1],
    ['2024-01-02', 2],
    ['2024-01-03', 3],
    ['2024-01-04', 4],
    ['2024-01-05', 5],
  ]);
};
const marketDates = async (s: Stored) => (await s.market()).map(([, date]) => date);

const CASES: Record<string, Case> = {
  // Whole-file problems: refused at receive, with what to do.
  'empty.csv': { expect: refused(/^The file is empty$/) },
  'whitespace-only.csv': { expect: refused(/^The file is empty$/) },
  'header-only.csv': { expect: refused(/^The file has a header row but no data rows$/) },
  'header-then-empty-lines.csv': {
    expect: refused(/^The file has a header row but no data rows$/),
  },
  'unclosed-quote.csv': {
    expect: refused(
      /^Line 3 opens a quoted field \(a " at the start of a field\) that is never closed.*Add the closing " or remove the stray " and upload it again$/,
    ),
  },
  'nul-byte.csv': {
    expect: refused(
      /^The file contains a NUL byte at byte offset 27 \(line 3\).*save[d]? as UTF-8/i,
    ),
  },
  // UTF-8 characters and a byte that is not UTF-8 in one file: no single encoding reads it.
  'utf8-with-latin1-byte.csv': {
    expect: refused(
      /^The file is not UTF-8: line 3 \(byte offset \d+\) has the byte 0xE9, which looks like "é".*"CSV UTF-8"/,
    ),
  },
  'utf16-le-bom.csv': { expect: refused(UTF16_REFUSED) },
  'utf16-be-bom.csv': { expect: refused(UTF16_REFUSED) },
  'utf16-le-no-bom.csv': {
    expect: refused(
      /^The file contains a NUL byte at byte offset 1 \(line 1\): is it a binary or UTF-16 file\?/,
    ),
  },
  '10000-columns.csv': {
    expect: refused(
      /^The file has 10,000 columns; the limit is 2,000\. Remove the columns you do not need \(or split the file\)/,
    ),
  },

  // Shapes of a valid file.
  '2000-columns.csv': {
    kind: 'customers',
    expect: stored(2, async (s) => {
      expect(s.view.detection!.header).toHaveLength(2000);
      expect((await s.customers())[0]).toMatchObject({ customer_id: 'c1', a1: true, a1999: true });
    }),
  },
  'one-column.csv': {
    kind: 'customers',
    expect: stored(3, async (s) =>
      expect(await s.customers()).toEqual([
        { customer_id: 'c1' },
        { customer_id: 'c2' },
        { customer_id: 'c3' },
      ]),
    ),
  },
  'no-header-row.csv': {
    kind: 'market',
    expect: stored(6, async (s) => {
      expect(s.view.detection).toMatchObject({
        hasHeader: false,
        header: ['column 1', 'column 2'],
      });
      expect((await s.market())[0]).toEqual(['column 2', '2024-01-01', 10]);
    }),
  },
  'duplicate-headers.csv': {
    kind: 'customers',
    expect: stored(2, async (s) => {
      expect(s.view.detection!.header).toEqual([
        'customer_id',
        'amount',
        'amount (2)',
        'amount (3)',
      ]);
      expect(s.view.detection!.warnings[0]).toMatch(/more than one column named "amount"/);
      expect((await s.customers())[0]).toEqual({
        customer_id: 'c1',
        amount: 1,
        'amount (2)': 2,
        'amount (3)': 3,
      });
    }),
  },
  'empty-header-names.csv': {
    kind: 'market',
    expect: stored(3, (s) => {
      expect(s.view.detection!.header).toEqual(['date', 'column 2', 'value', 'column 4']);
      expect(s.view.detection!.warnings).toContain(
        'Column 2 has no name in the header; it is called "column 2"',
      );
    }),
  },
  'trailing-delimiter.csv': {
    kind: 'market',
    expect: stored(3, (s) =>
      expect(s.view.detection!.header).toEqual(['date', 'value', 'column 3']),
    ),
  },
  'quoted-delimiters-quotes-newlines.csv': {
    kind: 'customers',
    expect: stored(3, async (s) =>
      expect((await s.customers()).map((r) => r.note)).toEqual([
        'hello, world',
        'she said "hi"',
        'line one\nline two',
      ]),
    ),
  },
  'trailing-empty-lines.csv': { kind: 'market', expect: stored(3) },
  'stray-quote-in-field.csv': {
    kind: 'customers',
    expect: stored(3, async (s) =>
      expect((await s.customers()).map((r) => r.product)).toEqual([
        '5" screen',
        'TV',
        'the "best" one',
      ]),
    ),
  },
  'long-field-100kb.csv': {
    kind: 'customers',
    expect: stored(2, async (s) => {
      const [long] = await s.customers();
      expect(long!.note).toBe('lorem ipsum, '.repeat(8000).trim());
    }),
  },
  'whitespace-padded.csv': {
    kind: 'market',
    expect: stored(3, async (s) => {
      expect(s.view.detection!.header).toEqual(['date', 'value']);
      expect(await s.market()).toEqual([
        ['value', '2024-01-01', 10],
        ['value', '2024-01-02', 20],
        ['value', '2024-01-03', 30],
      ]);
    }),
  },
  'ragged-too-many-fields.csv': {
    kind: 'market',
    expect: rejected(1, { row: 3, column: null, reason: /^has 3 fields; the header has 2$/ }),
  },
  'ragged-too-few-fields-skip.csv': {
    kind: 'customers',
    badRows: 'skip',
    expect: stored(
      3,
      async (s) => {
        expect(s.view.problems[0]).toEqual({
          row: 3,
          column: null,
          value: null,
          reason: 'has 2 fields; the header has 3',
        });
        expect((await s.customers()).map((r) => r.customer_id)).toEqual(['c1', 'c3', 'c5']);
      },
      { rowsSkipped: 2, skippedRows: [3, 5] },
    ),
  },
  'blank-line-in-middle.csv': {
    kind: 'market',
    roles: { date: 'date', values: ['value'], series: null },
    types: { value: 'decimal' },
    // Row 4 as a spreadsheet shows it: the empty line is row 3.
    expect: rejected(1, { row: 4, column: 'value', value: 'x', reason: /^is not a number$/ }),
  },

  // Delimiters, encodings, line endings.
  'delimiter-comma.csv': { kind: 'market', expect: stored(5, fiveDays(',')) },
  'delimiter-semicolon.csv': { kind: 'market', expect: stored(5, fiveDays(';')) },
  'delimiter-tab.csv': { kind: 'market', expect: stored(5, fiveDays('\t')) },
  'delimiter-pipe.csv': { kind: 'market', expect: stored(5, fiveDays('|')) },
  'utf8-bom.csv': {
    kind: 'customers',
    expect: stored(2, async (s) => {
      expect(s.view.detection).toMatchObject({
        encoding: 'utf-8-bom',
        header: ['customer_id', 'plan'],
      });
      expect(await s.customers()).toEqual([
        { customer_id: 'c1', plan: 'pro' },
        { customer_id: 'c2', plan: 'free' },
      ]);
    }),
  },
  'utf8-bom-quoted-header.csv': {
    kind: 'customers',
    expect: stored(2, async (s) => {
      expect(s.view.detection!.header).toEqual(['customer_id', 'plan']);
      expect((await s.customers())[0]).toEqual({ customer_id: 'c1', plan: 'pro' });
    }),
  },
  // No UTF-8 at all: read as Windows-1252 (Latin-1), as Excel saves CSV on Windows, with a warning.
  'latin1.csv': {
    kind: 'customers',
    expect: stored(2, async (s) => {
      expect(s.view.detection!.encoding).toBe('windows-1252');
      expect(s.view.detection!.warnings[0]).toMatch(/read as Windows-1252/);
      expect((await s.customers()).map((r) => r.city)).toEqual(['Montréal', 'Paris']);
    }),
  },
  'windows-1252-smart-quotes.csv': {
    kind: 'customers',
    expect: stored(1, async (s) =>
      expect((await s.customers()).map((r) => r.note)).toEqual(['“best” plan']),
    ),
  },
  'utf8-multibyte.csv': {
    kind: 'customers',
    expect: stored(3, async (s) =>
      expect((await s.customers()).map((r) => [r.city, r.note])).toEqual([
        ['Zürich', 'naïve café'],
        ['東京', '🚀 launch'],
        ['São Paulo', 'Ωmega'],
      ]),
    ),
  },
  'crlf.csv': {
    kind: 'customers',
    expect: stored(3, async (s) => {
      expect(s.view.detection!.lineEnding).toBe('crlf');
      await cities(s);
    }),
  },
  'cr-only.csv': {
    kind: 'customers',
    expect: stored(3, async (s) => {
      expect(s.view.detection!.lineEnding).toBe('cr');
      await cities(s);
    }),
  },
  'mixed-line-endings.csv': { kind: 'customers', expect: stored(3, cities) },
  'no-final-newline.csv': {
    kind: 'customers',
    expect: stored(2, async (s) => {
      await cleanCustomerText(s);
      expect((await s.customers()).map((r) => r.plan)).toEqual(['pro', 'free']);
    }),
  },

  // Dates.
  'mixed-date-formats.csv': {
    kind: 'market',
    roles: { date: 'date', values: ['value'], series: null },
    types: { date: { type: 'date', dateFormat: 'iso' } },
    expect: rejected(2, {
      row: 8,
      column: 'date',
      value: '07/01/2024',
      reason: /^is not a date in YYYY-MM-DD form$/,
    }),
  },
  'ambiguous-dates-default-day-first.csv': {
    kind: 'market',
    expect: stored(6, async (s) => {
      expect(s.view.detection!.columns[0]).toMatchObject({ type: 'date', dateFormat: 'dmy' });
      expect(s.view.detection!.columns[0]!.warnings[0]).toMatch(
        /could be day-first or month-first; assumed day-first/,
      );
      expect((await marketDates(s)).slice(0, 2)).toEqual(['2024-02-01', '2024-04-03']);
    }),
  },
  'ambiguous-dates-as-month-first.csv': {
    kind: 'market',
    types: { date: { type: 'date', dateFormat: 'mdy' } },
    expect: stored(6, async (s) =>
      expect((await marketDates(s)).slice(0, 2)).toEqual(['2024-01-02', '2024-03-04']),
    ),
  },
  'day-first-dates.csv': {
    kind: 'market',
    expect: stored(6, async (s) => {
      expect(s.view.detection!.columns[0]).toMatchObject({ dateFormat: 'dmy', warnings: [] });
      expect((await marketDates(s))[0]).toBe('2024-01-11');
    }),
  },
  'month-first-dates.csv': {
    kind: 'market',
    expect: stored(6, async (s) => {
      expect(s.view.detection!.columns[0]).toMatchObject({ dateFormat: 'mdy', warnings: [] });
      expect((await marketDates(s))[0]).toBe('2024-01-11');
    }),
  },
  'impossible-date-feb-29.csv': {
    kind: 'market',
    expect: rejected(1, {
      row: 60,
      column: 'date',
      value: '2023-02-29',
      reason: /^is not a valid date \(no 29 February\)$/,
    }),
  },
  'impossible-date-31-april.csv': {
    kind: 'market',
    expect: rejected(1, {
      row: 22,
      column: 'date',
      value: '31/04/2024',
      reason: /^is not a valid date \(no 31 April\)$/,
    }),
  },
  'impossible-date-skip.csv': {
    kind: 'market',
    roles: { date: 'date', values: ['value'], series: null },
    types: { date: { type: 'date', dateFormat: 'iso' } },
    badRows: 'skip',
    expect: stored(
      3,
      async (s) => {
        expect(s.view.problems[0]!.reason).toBe('is not a valid date (no 30 February)');
        expect(await marketDates(s)).toEqual(['2024-01-30', '2024-01-31', '2024-03-01']);
      },
      { rowsSkipped: 1, skippedRows: [4] },
    ),
  },
  'epoch-seconds.csv': {
    kind: 'events',
    expect: stored(4, async (s) =>
      expect((await s.events())[0]).toEqual(['u1', '2024-01-01T00:00:00.000Z', 'signup']),
    ),
  },
  'epoch-milliseconds.csv': {
    kind: 'events',
    expect: stored(4, async (s) =>
      expect((await s.events())[1]).toEqual(['u2', '2024-01-02T00:00:00.500Z', 'purchase']),
    ),
  },
  'iso-datetimes-with-offsets.csv': {
    kind: 'events',
    expect: stored(4, async (s) =>
      expect((await s.events()).map(([u, at]) => [u, at])).toEqual([
        ['u2', '2024-01-01T08:00:00.000Z'],
        ['u1', '2024-01-01T10:00:00.000Z'],
        ['u1', '2024-01-02T09:30:00.000Z'],
        ['u2', '2024-01-04T04:59:59.250Z'],
      ]),
    ),
  },
  'impossible-time.csv': {
    kind: 'events',
    roles: { time: 'occurred_at' },
    types: { occurred_at: { type: 'datetime', dateFormat: 'iso' } },
    expect: rejected(1, {
      row: 3,
      column: 'occurred_at',
      value: '2024-01-01T25:00:00Z',
      reason: /^is not a valid time of day$/,
    }),
  },

  // Numbers and booleans.
  'excel-numbers-us.csv': {
    kind: 'market',
    expect: stored(7, async (s) =>
      expect((await s.market()).map(([, , v]) => v)).toEqual([
        1234.56, 1200, -300, 0.12, 1_000_000, -7.5, 42,
      ]),
    ),
  },
  'excel-numbers-eu.csv': {
    kind: 'market',
    expect: stored(5, async (s) => {
      expect(s.view.detection).toMatchObject({ delimiter: ';' });
      expect(s.view.detection!.columns[1]).toMatchObject({ decimalSeparator: ',' });
      expect((await s.market()).map(([, d, v]) => [d, v])).toEqual([
        ['2024-01-01', 1234.56],
        ['2024-01-02', 1200],
        ['2024-01-03', -300.5],
        ['2024-01-04', 0.125],
        ['2024-01-05', 0.75],
      ]);
    }),
  },
  'excel-error-cells.csv': {
    kind: 'market',
    expect: rejected(2, {
      row: 11,
      column: 'value',
      value: '#N/A',
      reason:
        /^is a spreadsheet error, not a number; fix the formula in the spreadsheet, or leave the cell empty/,
    }),
  },
  'excel-error-cells-skip.csv': {
    kind: 'market',
    roles: { date: 'date', values: ['value'], series: null },
    types: { value: 'decimal' },
    badRows: 'skip',
    expect: stored(
      117,
      (s) => expect(s.view.problems.map((p) => p.value)).toEqual(['#N/A', '#DIV/0!', '#VALUE!']),
      { rowsSkipped: 3, skippedRows: [11, 31, 101] },
    ),
  },
  'booleans-spellings.csv': {
    kind: 'customers',
    expect: stored(4, async (s) => {
      expect(s.view.detection!.columns.slice(1).map((c) => c.type)).toEqual(
        Array(6).fill('boolean'),
      );
      expect((await s.customers()).map((r) => [r.a, r.b, r.c, r.d, r.e, r.f])).toEqual([
        [true, true, true, true, true, true],
        [false, false, false, false, false, false],
        [true, true, true, true, true, false],
        [false, false, false, false, false, true],
      ]);
    }),
  },
  'booleans-mixed-column.csv': {
    kind: 'customers',
    roles: { label: 'churned' },
    types: { churned: 'boolean' },
    expect: stored(6, async (s) =>
      expect((await s.customers()).map((r) => r.churned)).toEqual([
        true,
        true,
        false,
        false,
        false,
        true,
      ]),
    ),
  },

  // Formula-looking text is data: stored verbatim.
  'formula-injection.csv': {
    kind: 'customers',
    expect: stored(5, async (s) =>
      expect((await s.customers()).map((r) => r.note)).toEqual([
        '=HYPERLINK("http://x","click")',
        '+cmd',
        '-2+3',
        '@SUM(A1)',
        '=1+2;=3',
      ]),
    ),
  },

  // Kind rules.
  'market-duplicate-date.csv': {
    kind: 'market',
    expect: rejected(1, {
      row: 6,
      column: 'date',
      value: '2024-01-02',
      reason: /^repeats the date \(series "north"\) of row 4$/,
    }),
  },
  'customers-duplicate-id.csv': {
    kind: 'customers',
    expect: rejected(1, {
      row: 5,
      column: 'customer_id',
      value: 'c2',
      reason: /^repeats the id of row 3$/,
    }),
  },
  'events-empty-user-id.csv': {
    kind: 'events',
    expect: rejected(1, {
      row: 4,
      column: 'user_id',
      value: '',
      reason: /^is empty \(every event needs a user id\)$/,
    }),
  },
  'events-empty-user-id-skip.csv': {
    kind: 'events',
    badRows: 'skip',
    expect: stored(
      3,
      async (s) => expect((await s.events()).map(([u]) => u)).toEqual(['u1', 'u2', 'u1']),
      { rowsSkipped: 1, skippedRows: [3] },
    ),
  },
  'financials-missing-revenue.csv': {
    kind: 'financials',
    expect: rejected(1, {
      row: 4,
      column: 'revenue',
      value: '',
      reason: /^is empty \(write 0 for no revenue\)$/,
    }),
  },
  'only-text-no-role.csv': {
    kind: 'market',
    roles: { date: 'name', values: ['note'], series: null },
    expect: {
      stage: 'request',
      message:
        /^The date column "name" is typed as a category; it must be a date or a date and time$/,
    },
  },
};

const TABLES = [
  'datasets',
  'market_points',
  'events',
  'financial_periods',
  'customer_records',
  'training_jobs',
] as const;
const ROWS_TABLE: Record<DataKind, (typeof TABLES)[number]> = {
  market: 'market_points',
  events: 'events',
  financials: 'financial_periods',
  customers: 'customer_records',
};

let t: TestDatabase;
let queue: QueueClient;
let caller: Caller;
let organizationId: string;
beforeAll(async () => {
  t = await createTestDatabase();
  queue = await startQueue(t.url, { role: 'sender' });
  ({ caller, organizationId } = await signedInCaller(t, queue, 'corpus'));
});
afterAll(async () => {
  await queue.stop();
  await t.drop();
});

async function counts(): Promise<Record<string, number>> {
  const entries = await Promise.all(
    TABLES.map(async (table) => {
      const { rows } = await t.db.pool.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM ${table} WHERE organization_id = $1`,
        [organizationId],
      );
      return [table, rows[0]!.n] as const;
    }),
  );
  return Object.fromEntries(entries);
}

function storedData(view: UploadView): Stored {
  const q = async <R>(sql: string) =>
    (await t.db.pool.query<R & object>(sql, [view.datasetId])).rows;
  return {
    view,
    market: async () =>
      (
        await q<{ series: string; date: string; value: number }>(
          'SELECT series, date, value FROM market_points WHERE dataset_id = $1 ORDER BY series, date',
        )
      ).map((r) => [r.series, r.date, r.value]),
    customers: async () =>
      (
        await q<{ attributes: Record<string, CellValue> }>(
          'SELECT attributes FROM customer_records WHERE dataset_id = $1 ORDER BY row_number',
        )
      ).map((r) => r.attributes),
    events: async () =>
      (
        await q<{ user_id: string; occurred_at: Date; event_name: string | null }>(
          'SELECT user_id, occurred_at, event_name FROM events WHERE dataset_id = $1 ORDER BY occurred_at, user_id',
        )
      ).map((r) => [r.user_id, r.occurred_at.toISOString(), r.event_name]),
  };
}

describe('bad-input corpus', () => {
  it('has an expectation for every file, and a file for every expectation', () => {
    const files = readdirSync(CORPUS)
      .filter((f) => f.endsWith('.csv'))
      .sort();
    expect(Object.keys(CASES).sort()).toEqual(files);
    expect(files.length).toBeGreaterThanOrEqual(45);
  });

  it.each(Object.entries(CASES))('%s', async (file, c) => {
    const bytes = readFileSync(new URL(file, CORPUS));
    const before = await counts();
    const outcome = c.expect;

    if (outcome.stage === 'receive') {
      const { id } = await caller.uploads.create({ fileName: file, sizeBytes: bytes.length });
      await expect(caller.uploads.receive({ id, body: Readable.from([bytes]) })).rejects.toThrow(
        outcome.message,
      );
      await settleImports();
      expect(await caller.uploads.byId({ id })).toMatchObject({
        status: 'failed',
        message: expect.stringMatching(outcome.message),
        datasetId: null,
      });
      expect(await counts()).toEqual(before);
      return;
    }

    const view = await uploadFile(caller, bytes, file);
    expect(view.status).toBe('staged');
    const options = {
      kind: c.kind!,
      roles: c.roles,
      types: c.types,
      badRows: c.badRows ?? 'reject',
    } as ImportOptions<DataKind>;

    if (outcome.stage === 'request') {
      await expect(importUpload(caller, view, options)).rejects.toThrow(outcome.message);
      expect((await caller.uploads.byId({ id: view.id })).status).toBe('staged');
      expect(await counts()).toEqual(before);
      return;
    }

    const done = await importUpload(caller, view, options);
    if (outcome.status === 'rejected') {
      expect({ status: done.status, problemCount: done.problemCount }).toEqual({
        status: 'rejected',
        problemCount: outcome.problemCount,
      });
      const { value, ...first } = outcome.first;
      expect(done.problems[0]).toMatchObject({
        ...first,
        reason: expect.stringMatching(first.reason),
      });
      if (value !== undefined) expect(done.problems[0]!.value).toBe(value);
      expect(done.problems).toHaveLength(Math.min(outcome.problemCount, 100));
      expect(done.message).toMatch(/^Nothing was stored: /);
      expect(done.datasetId).toBeNull();
      expect(done.result).toBeNull();
      expect(await counts()).toEqual(before);
      return;
    }

    expect(done.status).toBe('stored');
    // Stored; a task the file is too small for is named instead of queued.
    if (done.message !== null) expect(done.message).toMatch(/^Not trained yet: /);
    expect(done.result).toMatchObject({
      rowsStored: outcome.rowsStored,
      rowsSkipped: outcome.rowsSkipped ?? 0,
    });
    expect(done.problems.map((p) => p.row)).toEqual(outcome.skippedRows ?? []);
    // Exactly the new dataset and its rows (and its training jobs), nothing else.
    const after = await counts();
    const rowsTable = ROWS_TABLE[c.kind!];
    const jobs = done.result!.jobIds.length;
    expect(after).toEqual({
      ...before,
      datasets: before.datasets! + 1,
      [rowsTable]: before[rowsTable]! + outcome.rowsStored,
      training_jobs: before.training_jobs! + jobs,
    });
    await outcome.check?.(storedData(done));
  });
});
