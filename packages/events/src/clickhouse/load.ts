import { Readable } from 'node:stream';
import type { ClickHouseClient } from '@clickhouse/client';
import type { EventRow } from '@foresight/db';
import { inBatches } from '../batches';
import type { EventLoad } from '../engine';

/** Rows per INSERT: each is one HTTP request of ~17 MB, parsed by the engine in parallel. */
const INSERT_ROWS = 100_000;
/**
 * Rows encoded at a time: row objects then die young (a scavenge frees them) instead of 100k of
 * them surviving into the old generation while an insert's worth is gathered (GC took 40% of the
 * loader's time that way).
 */
const ENCODE_ROWS = 10_000;

/** The columns of each TabSeparated row, in order (`loaded_at` takes its default). */
const COLUMNS = [
  'organization_id',
  'dataset_id',
  'batch_id',
  'seq',
  'user_id',
  'occurred_at',
  'event_name',
  'item_id',
  'value',
];

const TSV_SPECIAL = /[\t\n\r\\]/;
const TSV_ESCAPES: Record<string, string> = { '\t': '\\t', '\n': '\\n', '\r': '\\r', '\\': '\\\\' };

/** A string as a TabSeparated field: what would end the field or row, and the escape itself, escaped. */
export function tsvText(text: string): string {
  return TSV_SPECIAL.test(text) ? text.replace(/[\t\n\r\\]/g, (c) => TSV_ESCAPES[c]!) : text;
}

function tsvNullable(text: string | null): string {
  return text === null ? '\\N' : tsvText(text);
}

/** Non-finite values are NULL, as JSON made them. */
function tsvNumber(value: number | null): string {
  return value === null || !Number.isFinite(value) ? '\\N' : String(value);
}

/** `2024-01-03T09:00:00.000Z` → `2024-01-03 09:00:00.000` (DateTime64(3, 'UTC') text). */
function clickhouseTime(iso: string): string {
  const normal = iso.length === 24 && iso.endsWith('Z') ? iso : new Date(iso).toISOString();
  return `${normal.slice(0, 10)} ${normal.slice(11, 23)}`;
}

/** A batch of rows as TabSeparated text, numbered from `seq`; `prefix` holds the load's own columns. */
function tsvRows(prefix: string, rows: readonly EventRow[], seq: number): Buffer {
  let text = '';
  for (const r of rows) {
    text +=
      `${prefix}${seq++}\t${tsvText(r.userId)}\t${clickhouseTime(r.occurredAt)}\t` +
      `${tsvNullable(r.eventName)}\t${tsvNullable(r.itemId)}\t${tsvNumber(r.value)}\n`;
  }
  return Buffer.from(text);
}

/** A load's rows as TabSeparated inserts of about INSERT_ROWS rows, each in encoded pieces. */
async function* insertBodies(load: EventLoad): AsyncGenerator<Buffer[]> {
  const prefix = [load.organizationId, load.datasetId, load.batchId].map(tsvText).join('\t') + '\t';
  let seq = 0;
  let body: Buffer[] = [];
  for await (const rows of inBatches<EventRow>(load.rows, ENCODE_ROWS)) {
    body.push(tsvRows(prefix, rows, seq));
    seq += rows.length;
    if (body.length * ENCODE_ROWS >= INSERT_ROWS) {
      yield body;
      body = [];
    }
  }
  if (body.length) yield body;
}

/**
 * Streams a load's rows into the events table under its batch id, in inserts of 100k rows. The
 * rows stay invisible to readers until PostgreSQL commits the batch (`event_batches`).
 * TabSeparated text built directly: no row objects, and the engine's cheapest text format to parse.
 */
export async function clickhouseLoad(client: ClickHouseClient, load: EventLoad): Promise<void> {
  // One insert in flight while the next batch is read and encoded: the engine parses and writes
  // in its own process, so the two overlap.
  const pending: { insert: Promise<unknown> | null } = { insert: null };
  try {
    for await (const body of insertBodies(load)) {
      await pending.insert;
      pending.insert = client.insert({
        table: 'events',
        format: 'TabSeparated',
        columns: COLUMNS as [string, ...string[]],
        // Yearly partitions: a log of decades is still one insert (the default limit is 100).
        clickhouse_settings: { max_partitions_per_insert_block: '1000' },
        values: Readable.from(body, { objectMode: false }),
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
