import type { ClickHouseClient } from '@clickhouse/client';
import type { EventRow } from '@foresight/db';
import { inBatches } from '../batches';
import type { EventLoad } from '../engine';

/** Rows per INSERT: each is one HTTP request of ~15 MB, parsed by the engine in parallel. */
const INSERT_ROWS = 100_000;

/** `2024-01-03T09:00:00.000Z` → `2024-01-03 09:00:00.000` (DateTime64(3, 'UTC') text). */
function clickhouseTime(iso: string): string {
  const normal = iso.length === 24 && iso.endsWith('Z') ? iso : new Date(iso).toISOString();
  return `${normal.slice(0, 10)} ${normal.slice(11, 23)}`;
}

/**
 * Streams a load's rows into the events table under its batch id, in inserts of 100k rows. The
 * rows stay invisible to readers until PostgreSQL commits the batch (`event_batches`).
 */
export async function clickhouseLoad(client: ClickHouseClient, load: EventLoad): Promise<void> {
  let seq = 0;
  // One insert in flight while the next batch is read and encoded: the engine parses and writes
  // in its own process, so the two overlap.
  const pending: { insert: Promise<unknown> | null } = { insert: null };
  try {
    for await (const batch of inBatches<EventRow>(load.rows, INSERT_ROWS)) {
      const values = batch.map((r) => ({
        organization_id: load.organizationId,
        dataset_id: load.datasetId,
        batch_id: load.batchId,
        seq: seq++,
        user_id: r.userId,
        occurred_at: clickhouseTime(r.occurredAt),
        event_name: r.eventName,
        item_id: r.itemId,
        value: r.value,
      }));
      await pending.insert;
      pending.insert = client.insert({
        table: 'events',
        format: 'JSONEachRow',
        // Yearly partitions: a log of decades is still one insert (the default limit is 100).
        clickhouse_settings: { max_partitions_per_insert_block: '1000' },
        values,
      });
      // Awaited before the next insert or at the end; meanwhile a failure is not "unhandled".
      pending.insert.catch(() => {});
    }
    await pending.insert;
  } finally {
    // Settled before returning or throwing: a failed load's rows are deleted after this, and an
    // insert still running then would land after the delete.
    await pending.insert?.catch(() => {});
  }
}

/** Deletes a load's rows (a failed or superseded attempt); readers never saw them. */
export async function clickhouseDiscard(
  client: ClickHouseClient,
  scope: { organizationId: string; datasetId: string },
  batchId: string,
): Promise<void> {
  await client.command({
    query:
      'DELETE FROM events WHERE organization_id = {org:String} AND dataset_id = {dataset:String} AND batch_id = {batch:String}',
    query_params: { org: scope.organizationId, dataset: scope.datasetId, batch: batchId },
  });
}
