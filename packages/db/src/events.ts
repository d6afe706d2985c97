import type { DbHandle } from './client';
import { copyRows } from './copy';
import { createDatasetWith, type CreatedDataset, type NewDataset } from './datasets';
import { NotFoundError } from './errors';

export interface EventRow {
  userId: string;
  /** ISO 8601 timestamp (UTC). */
  occurredAt: string;
  eventName: string | null;
  itemId: string | null;
  value: number | null;
}

export interface EventsColumnMapping {
  user: string;
  time: string;
  event: string | null;
  item: string | null;
  value: string | null;
}

/** Stores an events dataset (one row per user action) all-or-nothing. */
export function createEventsDataset(
  db: DbHandle,
  input: NewDataset<object, EventRow>,
): Promise<CreatedDataset> {
  return createDatasetWith(
    db,
    { ...input, kind: 'events', table: 'events' },
    (client, id) =>
      copyRows(
        client,
        'events',
        [
          'dataset_id',
          'organization_id',
          'user_id',
          'occurred_at',
          'event_name',
          'item_id',
          'value',
        ],
        input.rows,
        (r) => [id, input.organizationId, r.userId, r.occurredAt, r.eventName, r.itemId, r.value],
      ),
    `SELECT count(*)::int AS rows, count(DISTINCT user_id)::int AS series,
            min(occurred_at)::date::text AS from, max(occurred_at)::date::text AS to
     FROM events WHERE dataset_id = $1`,
  );
}

export interface EventLog {
  userIds: string[];
  /** epoch milliseconds */
  times: number[];
  eventNames: (string | null)[];
  itemIds: (string | null)[];
  values: (number | null)[];
}

/** An events dataset's rows in time order, column-major (what the churn and recommend models take). */
export async function readEvents(
  db: DbHandle,
  organizationId: string,
  datasetId: string,
): Promise<EventLog> {
  const found = await db.prisma.dataset.findFirst({
    where: { id: datasetId, organizationId, kind: 'events' },
    select: { id: true },
  });
  if (!found) throw new NotFoundError('Events dataset');
  const { rows } = await db.pool.query<{
    u: string;
    t: string;
    e: string | null;
    i: string | null;
    v: number | null;
  }>({
    text: `SELECT user_id AS u, (extract(epoch FROM occurred_at) * 1000)::bigint::text AS t,
                  event_name AS e, item_id AS i, value AS v
           FROM events WHERE organization_id = $1 AND dataset_id = $2 ORDER BY occurred_at, id`,
    values: [organizationId, datasetId],
  });
  const log: EventLog = { userIds: [], times: [], eventNames: [], itemIds: [], values: [] };
  for (const r of rows) {
    log.userIds.push(r.u);
    log.times.push(Number(r.t));
    log.eventNames.push(r.e);
    log.itemIds.push(r.i);
    log.values.push(r.v);
  }
  return log;
}
