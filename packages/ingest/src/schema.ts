import { z } from 'zod';

/** The four kinds of data a founder uploads (DESIGN.md). */
export const DATA_KINDS = ['market', 'events', 'financials', 'customers'] as const;
export type DataKind = (typeof DATA_KINDS)[number];

export const COLUMN_TYPES = [
  'date',
  'datetime',
  'integer',
  'decimal',
  'boolean',
  'categorical',
  'identifier',
  'text',
] as const;
/** What a column holds, inferred from a sample and confirmed (or corrected) by the user. */
export type ColumnType = (typeof COLUMN_TYPES)[number];

export const DATE_FORMATS = ['iso', 'ymd', 'dmy', 'mdy', 'epoch', 'epoch-s', 'epoch-ms'] as const;
/**
 * How a date/datetime column is written: `iso` (YYYY-MM-DD, YYYY-MM, with optional time and
 * offset), `ymd` (YYYY/MM/DD), `dmy` (DD/MM/YYYY, also with . or -), `mdy` (MM/DD/YYYY), `epoch`
 * (Unix seconds or milliseconds told apart by magnitude, as parseTimestamp reads them — see
 * detect/epoch.ts), or `epoch-s` / `epoch-ms` where the user fixes the unit.
 */
export type DateFormat = (typeof DATE_FORMATS)[number];

export const DELIMITERS = [',', ';', '\t', '|'] as const;
export type Delimiter = (typeof DELIMITERS)[number];

export const ZColumnSpec = z.object({
  name: z.string().min(1),
  type: z.enum(COLUMN_TYPES),
  /** For date and datetime columns. */
  dateFormat: z.enum(DATE_FORMATS).optional(),
  /** For integer and decimal columns: `1,234.56` ('.') or `1.234,56` (','). */
  decimalSeparator: z.enum(['.', ',']).optional(),
});
/** A column's confirmed type and format: how every cell of it is converted. */
export type ColumnSpec = z.infer<typeof ZColumnSpec>;

/** A column as inferred from the file's sample, with what the user should know about it. */
export interface InferredColumn extends ColumnSpec {
  /** e.g. "dates like 03/04/2024 could be day-first or month-first; assumed day-first". */
  warnings: string[];
  /** Share of sampled cells that are empty, 0..1. */
  missingShare: number;
  /** A few distinct non-empty sample values. */
  examples: string[];
}

/** Which column plays which role, per kind. Column names refer to the file's header. */
export const ZMarketRoles = z.object({
  date: z.string().min(1, 'Pick the date column'),
  values: z.array(z.string().min(1)).min(1, 'Pick at least one value column'),
  series: z.string().min(1).nullable(),
});
export const ZEventsRoles = z.object({
  user: z.string().min(1, 'Pick the user id column'),
  time: z.string().min(1, 'Pick the timestamp column'),
  event: z.string().min(1).nullable(),
  item: z.string().min(1).nullable(),
  value: z.string().min(1).nullable(),
});
export const ZFinancialsRoles = z
  .object({
    date: z.string().min(1, 'Pick the period (date) column'),
    revenue: z.string().min(1, 'Pick the revenue column'),
    expenses: z.array(z.string().min(1)).min(1, 'Pick at least one expense column'),
    cash: z.string().min(1).nullable(),
    /** Cash at the start of the first period, when the file has no balance column. */
    startingCash: z.number().finite().nullable(),
  })
  .refine((r) => r.cash !== null || r.startingCash !== null, {
    message: 'Pick the cash balance column, or enter the cash at the start of the first period',
    path: ['cash'],
  });
export const ZCustomersRoles = z.object({
  id: z.string().min(1, 'Pick the customer id column'),
  /** A yes/no column to learn churn from. */
  label: z.string().min(1).nullable(),
});

export type MarketRoles = z.infer<typeof ZMarketRoles>;
export type EventsRoles = z.infer<typeof ZEventsRoles>;
export type FinancialsRoles = z.infer<typeof ZFinancialsRoles>;
export type CustomersRoles = z.infer<typeof ZCustomersRoles>;

export interface KindRoles {
  market: MarketRoles;
  events: EventsRoles;
  financials: FinancialsRoles;
  customers: CustomersRoles;
}

/** A proposal fills what it can recognise; required roles it cannot find are null / empty. */
export type RoleProposal<K extends DataKind> = {
  [R in keyof KindRoles[K]]: KindRoles[K][R] extends string[] ? string[] : KindRoles[K][R] | null;
};

export type RoleProposals = { [K in DataKind]: RoleProposal<K> };

/** What the start of a file says about how to read it. */
export interface Detection {
  /** `windows-1252` (Latin-1 as Excel writes it) when the file is not UTF-8; see detect/encoding.ts. */
  encoding: 'utf-8' | 'utf-8-bom' | 'windows-1252';
  delimiter: Delimiter;
  hasHeader: boolean;
  lineEnding: 'lf' | 'crlf' | 'cr';
  /** Column names: the header row, or "column 1", "column 2"… when there is none. */
  header: string[];
  /** The first data rows (at most 20), as text. */
  preview: string[][];
  columns: InferredColumn[];
  /** How many data rows the types were inferred from. */
  sampledRows: number;
  /** File-level notes, e.g. "no header row found; columns named column 1…". */
  warnings: string[];
  proposals: RoleProposals;
  /** The kind the columns most look like, or null. */
  kindGuess: DataKind | null;
}
