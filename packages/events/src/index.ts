export type * from './engine';
export { committedBatches } from './batches';
export { EventsEngineUnreachableError, redact } from './clickhouse/client';
export {
  clickhouseEndpoint,
  EventsEnvError,
  readEventsEnv,
  ZEventsEnv,
  type EventsEnv,
} from './env';
export {
  checkClickHouseReachable,
  clickhouseEngines,
  EngineNotConfiguredError,
  EventsEngines,
  openEventsEngines,
  postgresEngines,
} from './registry';
export { storeEventsDataset } from './store';
