import type { ClickHouseClient } from '@clickhouse/client';
import type pg from 'pg';
import { clickhouseDiscard } from './load';

/**
 * How long after a load's last row landed it may still commit. Imports take minutes; a load this
 * old and not in `event_batches` belongs to an import that was killed (or was superseded by a
 * replace, or its dataset deleted), and no reader will ever count it.
 */
export const ORPHAN_MIN_AGE_MS = 6 * 60 * 60 * 1000;

interface Load {
  organization_id: string;
  dataset_id: string;
  batch_id: string;
}

/** Every load in the table whose newest row landed before `cutoff`, committed or not. */
async function loadsBefore(client: ClickHouseClient, cutoff: Date): Promise<Load[]> {
  const result = await client.query({
    query: `SELECT organization_id, dataset_id, batch_id FROM events
            GROUP BY organization_id, dataset_id, batch_id
            HAVING max(loaded_at) < toDateTime({cutoff:UInt32})`,
    query_params: { cutoff: Math.floor(cutoff.getTime() / 1000) },
    format: 'JSONEachRow',
  });
  return result.json<Load>();
}

/** Which of these load ids PostgreSQL has committed (under any dataset: such a load is kept). */
async function committed(db: Pick<pg.Pool, 'query'>, ids: string[]): Promise<Set<string>> {
  const { rows } = await db.query<{ id: string }>(
    'SELECT id FROM event_batches WHERE id = ANY($1::text[])',
    [ids],
  );
  return new Set(rows.map((r) => r.id));
}

/**
 * Deletes the rows of loads that were never committed and are at least `minAgeMs` old at `now`,
 * each delete scoped to the organization and dataset the rows carry; the number of loads deleted.
 */
export async function sweepOrphanedLoads(
  client: ClickHouseClient,
  db: Pick<pg.Pool, 'query'>,
  now: Date = new Date(),
  minAgeMs: number = ORPHAN_MIN_AGE_MS,
): Promise<number> {
  const old = await loadsBefore(client, new Date(now.getTime() - minAgeMs));
  if (old.length === 0) return 0;
  const kept = await committed(db, [...new Set(old.map((l) => l.batch_id))]);
  const orphans = old.filter((l) => !kept.has(l.batch_id));
  for (const load of orphans) {
    await clickhouseDiscard(
      client,
      { organizationId: load.organization_id, datasetId: load.dataset_id },
      load.batch_id,
    );
  }
  return orphans.length;
}
