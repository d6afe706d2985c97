// Loading the log into one engine the way an import stores it (storeEventsDataset: the rows,
// the dataset record and the load's batch in one PostgreSQL transaction), then the refresh that
// runs after every load (rollups and the stored column profile), each timed.
import type { DbHandle, EventRow } from '@foresight/db';
import { SAMPLE_ROLES } from '@foresight/sample-data';
import { storeEventsDataset, type EventsEngine, type EventsEngines } from '@foresight/events';
import { csvBatches } from './generate';

/** The mapping an import of the generated CSV saves (roles, the columns as detected). */
export const EVENTS_MAPPING = {
  roles: SAMPLE_ROLES.events,
  columns: [
    { name: 'user_id', type: 'identifier' },
    { name: 'timestamp', type: 'datetime' },
    { name: 'event', type: 'categorical' },
    { name: 'item_id', type: 'identifier' },
    { name: 'revenue', type: 'decimal' },
  ],
  delimiter: ',',
  hasHeader: true,
};

export interface LoadResult {
  datasetId: string;
  rows: number;
  seconds: number;
  rowsPerSecond: number;
  refreshSeconds: number;
}

/** Stores rows as a new events dataset on `engines`' default engine; its id and row count. */
export async function storeRows(
  engines: EventsEngines,
  db: DbHandle,
  organizationId: string,
  name: string,
  rows: AsyncIterable<readonly EventRow[]>,
): Promise<{ id: string; rowCount: number }> {
  return storeEventsDataset(engines, db, {
    organizationId,
    userId: null,
    name,
    sourceFileName: `${name}.csv`,
    mapping: EVENTS_MAPPING,
    rows: { batches: rows },
  });
}

/** Loads the CSV (read, parsed and stored, as an import does), then refreshes; both timed. */
export async function loadLog(
  engines: EventsEngines,
  engine: EventsEngine,
  db: DbHandle,
  organizationId: string,
  file: string,
): Promise<LoadResult> {
  let started = performance.now();
  const { id, rowCount } = await storeRows(
    engines,
    db,
    organizationId,
    'bench-scale',
    csvBatches(file),
  );
  const seconds = (performance.now() - started) / 1000;
  started = performance.now();
  await engine.refresh({ organizationId, datasetId: id });
  const refreshSeconds = (performance.now() - started) / 1000;
  return {
    datasetId: id,
    rows: rowCount,
    seconds,
    rowsPerSecond: rowCount / seconds,
    refreshSeconds,
  };
}
