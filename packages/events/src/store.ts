import { randomUUID } from 'node:crypto';
import {
  createDatasetWith,
  type CreatedDataset,
  type DbHandle,
  type EventRow,
  type NewDataset,
} from '@foresight/db';
import { countingRows } from './batches';
import type { EventsEngine } from './engine';
import type { EventsEngines } from './registry';

async function engineFor(
  engines: EventsEngines,
  input: NewDataset<object, EventRow>,
): Promise<EventsEngine> {
  const target = input.target ?? { mode: 'new' };
  if (target.mode === 'new') return engines.default;
  return engines.forDataset({ organizationId: input.organizationId, datasetId: target.datasetId });
}

/**
 * Stores an events dataset (new, appended or replaced) all-or-nothing on the dataset's engine:
 * the rows go in under a fresh load id, and the dataset record, the load's entry in
 * `event_batches` and (for an import) the upload's stored state commit in one PostgreSQL
 * transaction. A failed or superseded attempt's rows are never counted, and are deleted.
 */
export async function storeEventsDataset(
  engines: EventsEngines,
  db: DbHandle,
  input: NewDataset<object, EventRow>,
): Promise<CreatedDataset> {
  const engine = await engineFor(engines, input);
  const batchId = randomUUID();
  const replace = input.target?.mode === 'replace';
  let datasetId: string | null = null;
  try {
    return await createDatasetWith(
      db,
      // No table to clear on replace: the engine's load does it (PostgreSQL) or the committed loads are replaced (ClickHouse).
      { ...input, kind: 'events', table: null },
      async (tx, id) => {
        datasetId = id;
        const counted = { n: 0 };
        await tx.query('UPDATE datasets SET events_engine = $2 WHERE id = $1', [id, engine.name]);
        await engine.load(tx, {
          organizationId: input.organizationId,
          datasetId: id,
          batchId,
          replace,
          rows: countingRows(input.rows, counted),
        });
        if (replace) await tx.query('DELETE FROM event_batches WHERE dataset_id = $1', [id]);
        await tx.query(
          'INSERT INTO event_batches (id, dataset_id, organization_id, rows) VALUES ($1, $2, $3, $4)',
          [batchId, id, input.organizationId, counted.n],
        );
      },
      async (tx, id) => {
        const s = await engine.stats(tx, { organizationId: input.organizationId, datasetId: id });
        const counts = {
          spanDays: s.spanDays,
          usersWithTwoItems: s.usersWithTwoItems,
          items: s.items,
        };
        await tx.query('UPDATE datasets SET event_stats = $2 WHERE id = $1', [
          id,
          JSON.stringify(counts),
        ]);
        return { rows: s.rows, series: s.users, from: s.from, to: s.to };
      },
    );
  } catch (error) {
    if (datasetId) {
      await engine
        .discard({ organizationId: input.organizationId, datasetId }, batchId)
        .catch(() => {});
    }
    throw error;
  }
}
