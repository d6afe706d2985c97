import type { DataKind, KindRoles } from '@foresight/ingest';
import { chunked } from './chunks';
import { customersLines } from './customers';
import { eventsLines } from './events';
import { EXPENSE_COLUMNS, financialsLines } from './financials';
import { marketLines } from './market';
import { childSeed } from './random';
import { SAMPLE_SCALES } from './summary';

export { chunked, collect } from './chunks';
export { SAMPLE_SCALES, SAMPLE_SUMMARY, type SampleScale } from './summary';
export { mulberry32, Random, Zipf, childSeed } from './random';
export * from './calendar';
export { MARKET_ANOMALIES, MARKET_HEADER, marketLines } from './market';
export {
  EARLY_DAYS,
  EVENTS_HEADER,
  EVENT_NAMES,
  ITEM_COUNT,
  eventsLines,
  itemId,
  type EventsLogOptions,
  type SampleEventName,
} from './events';
export {
  EXPENSE_COLUMNS,
  FINANCIALS_HEADER,
  TARGET_RUNWAY_MONTHS,
  financialPeriods,
  financialsLines,
  type FinancialPeriod,
} from './financials';
export { CUSTOMERS_HEADER, churnLogit, customersLines } from './customers';

export const DEFAULT_SEED = 20261031;
export const DEFAULT_USERS = SAMPLE_SCALES.full.users;
export const DEFAULT_CUSTOMERS = SAMPLE_SCALES.full.customers;

export interface SampleDataOptions {
  seed?: number;
  /** Users in the event log (default 50,000). */
  users?: number;
  /** Rows of the customer table (default 8,000). */
  customers?: number;
}

/** One generated file, with the mapping it is meant to be imported with. */
export interface SampleDataset<K extends DataKind = DataKind> {
  kind: K;
  /** The dataset's name. */
  name: string;
  fileName: string;
  /** The CSV text in chunks (a fresh, identical stream on every call). */
  chunks(): AsyncIterable<string>;
  roles: KindRoles[K];
  /** About how large the file is, in bytes (for progress before it is generated). */
  approxBytes: number;
}

export type AnySampleDataset = { [K in DataKind]: SampleDataset<K> }[DataKind];

export const SAMPLE_ROLES: KindRoles = {
  market: { date: 'date', values: ['signups', 'web_sessions', 'mrr'], series: null },
  events: { user: 'user_id', time: 'timestamp', event: 'event', item: 'item_id', value: 'revenue' },
  financials: {
    date: 'month',
    revenue: 'revenue',
    expenses: [...EXPENSE_COLUMNS],
    cash: 'cash_balance',
    startingCash: null,
  },
  customers: { id: 'customer_id', label: 'churned' },
};

/** Dataset names the sample uses, by kind. */
export const SAMPLE_NAMES: Record<DataKind, string> = {
  market: 'Sample: daily product metrics',
  events: 'Sample: product events',
  financials: 'Sample: monthly financials',
  customers: 'Sample: customer accounts',
};

/**
 * The sample startup's four files: 24 months (Nov 2024 – Oct 2026, `SAMPLE_SUMMARY`) of daily metrics, the event
 * log of `users` users, monthly financials ending with ~12 months of runway, and a customer table
 * with a churn label. Deterministic under `seed`; each file is generated as it is read.
 */
export function sampleDatasets(options: SampleDataOptions = {}): AnySampleDataset[] {
  const seed = options.seed ?? DEFAULT_SEED;
  const users = options.users ?? DEFAULT_USERS;
  const customers = options.customers ?? DEFAULT_CUSTOMERS;
  return [
    {
      kind: 'market',
      name: SAMPLE_NAMES.market,
      fileName: 'sample-market.csv',
      chunks: () => chunked(marketLines(childSeed(seed, 0))),
      approxBytes: 18_500,
      roles: SAMPLE_ROLES.market,
    },
    {
      kind: 'events',
      name: SAMPLE_NAMES.events,
      fileName: 'sample-events.csv',
      chunks: () => chunked(eventsLines(childSeed(seed, 1), users)),
      approxBytes: Math.round(users * 690),
      roles: SAMPLE_ROLES.events,
    },
    {
      kind: 'financials',
      name: SAMPLE_NAMES.financials,
      fileName: 'sample-financials.csv',
      chunks: () => chunked(financialsLines(childSeed(seed, 2))),
      approxBytes: 1_650,
      roles: SAMPLE_ROLES.financials,
    },
    {
      kind: 'customers',
      name: SAMPLE_NAMES.customers,
      fileName: 'sample-customers.csv',
      chunks: () => chunked(customersLines(childSeed(seed, 3), customers)),
      approxBytes: Math.round(customers * 39.5),
      roles: SAMPLE_ROLES.customers,
    },
  ];
}
