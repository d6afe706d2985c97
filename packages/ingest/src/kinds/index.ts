import {
  ZCustomersRoles,
  ZEventsRoles,
  ZFinancialsRoles,
  ZMarketRoles,
  type DataKind,
  type KindRoles,
} from '../schema';
import type { ReadPlan } from '../typed-csv';
import { customersIngest, type CustomerRecordRow } from './customers';
import { eventsIngest, type EventRecord } from './events';
import { financialsIngest, type FinancialPeriodRecord } from './financials';
import type { KindIngest } from './kind-ingest';
import { marketIngest, type MarketPointRecord } from './market';

export type { CustomerRecordRow, EventRecord, FinancialPeriodRecord, MarketPointRecord };
export type { KindIngest };

export interface KindRecords {
  market: MarketPointRecord;
  events: EventRecord;
  financials: FinancialPeriodRecord;
  customers: CustomerRecordRow;
}

export const ZKindRoles = {
  market: ZMarketRoles,
  events: ZEventsRoles,
  financials: ZFinancialsRoles,
  customers: ZCustomersRoles,
} as const;

/**
 * The ingest of one kind for a confirmed mapping; throws UploadError, before any row is read,
 * when a role names a missing column or one whose type does not suit it.
 */
export function kindIngest<K extends DataKind>(
  kind: K,
  roles: KindRoles[K],
  plan: ReadPlan,
): KindIngest<KindRecords[K]> {
  const factories: {
    [D in DataKind]: (r: KindRoles[D], p: ReadPlan) => KindIngest<KindRecords[D]>;
  } = {
    market: (r, p) => marketIngest(r, p.columns),
    events: (r, p) => eventsIngest(r, p.columns),
    financials: (r, p) => financialsIngest(r, p.columns),
    customers: (r, p) => customersIngest(r, p.columns),
  };
  return factories[kind](roles, plan);
}

export {
  RejectedUpload,
  readKindRecords,
  type BadRowPolicy,
  type RecordStream,
} from './read-records';
