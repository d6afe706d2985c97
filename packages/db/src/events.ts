import type pg from 'pg';
import type { DbHandle } from './client';
import { copyRows, type Rows } from './copy';
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

/** Rows one load stages before they go into `events` (what the rollups are computed from). */
const STAGE_COLUMNS = ['user_id', 'occurred_at', 'event_name', 'item_id', 'value'];

/** Memory for the load's sorts and aggregates (the server default, 4 MB, spills millions of rows). */
const LOAD_WORK_MEM = '128MB';

/**
 * Adds rows to an events dataset inside the caller's open transaction (which created or locked
 * the dataset row, so loads of one dataset never interleave). The rows are COPYed into a
 * temporary staging table; from it the base rollups (analytics_users, analytics_user_days,
 * analytics_user_event_days, analytics_user_events) are upserted, the monthly partitions the
 * rows need are created, and the rows are inserted into `events` in time order. Its cost is
 * proportional to the load, not to the dataset. `replace` first clears the dataset's events and
 * rollups. A failure anywhere (a bad value in the rows, a row the iterator throws on) aborts the
 * caller's transaction: events and rollups stay as they were.
 */
export async function loadEvents(
  client: pg.PoolClient,
  load: { organizationId: string; datasetId: string; replace: boolean; rows: Rows<EventRow> },
): Promise<void> {
  const args = [load.datasetId, load.organizationId];
  // The caller's settings, put back at the end (SET LOCAL would last to the end of its transaction).
  const settings = (
    await client.query<{ w: string; h: string }>(
      `SELECT current_setting('work_mem') AS w, current_setting('enable_hashagg') AS h`,
    )
  ).rows[0]!;
  await client.query(`SELECT set_config('work_mem', $1, true)`, [LOAD_WORK_MEM]);
  // `seq` keeps the file's order among rows with the same time.
  await client.query(
    `CREATE TEMP TABLE event_stage (
       seq bigint GENERATED ALWAYS AS IDENTITY, user_id text NOT NULL, occurred_at timestamptz NOT NULL,
       event_name text, item_id text, value float8) ON COMMIT DROP`,
  );
  await copyRows(client, 'event_stage', STAGE_COLUMNS, load.rows, (r) => [
    r.userId,
    r.occurredAt,
    r.eventName,
    r.itemId,
    r.value,
  ]);

  if (load.replace) {
    for (const table of [
      'analytics_users',
      'analytics_user_days',
      'analytics_user_event_days',
      'analytics_user_events',
    ]) {
      await client.query(`DELETE FROM ${table} WHERE dataset_id = $1`, [load.datasetId]);
    }
  }
  // Without rollups yet (a new or replaced dataset), every row is new: plain inserts.
  const first = !(
    await client.query<{ any: boolean }>(
      'SELECT EXISTS (SELECT 1 FROM analytics_users WHERE dataset_id = $1) AS any',
      [load.datasetId],
    )
  ).rows[0]!.any;
  const upsert = (conflict: string, set: string) =>
    first ? '' : `ON CONFLICT (${conflict}) DO UPDATE SET ${set}`;

  // One sort of the load: its rows per UTC day, user and event name (NULL last), in the order of
  // analytics_user_event_days' key, so that the rollups below read it in order (a temporary
  // table is scanned in insertion order) and their index inserts are sequential. Grouped by
  // sorting, not hashing (a hash loses the order, and sorting its output again costs more).
  await client.query(`SELECT set_config('enable_hashagg', 'off', true)`);
  await client.query(
    `CREATE TEMP TABLE event_stage_groups ON COMMIT DROP AS
     SELECT (occurred_at AT TIME ZONE 'UTC')::date AS day, user_id, event_name, count(*)::int AS events,
            coalesce(sum(value), 0)::float8 AS revenue, min(occurred_at) AS first_at
     FROM event_stage GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
  );
  // The load's user-days, and whether each is new to the dataset (for active_days).
  await client.query(
    `CREATE TEMP TABLE event_stage_days ON COMMIT DROP AS
     SELECT s.*, ${
       first
         ? 'true'
         : `NOT EXISTS (SELECT 1 FROM analytics_user_days d
              WHERE d.dataset_id = $1 AND d.day = s.day AND d.user_id = s.user_id)`
     } AS fresh
     FROM (SELECT day, user_id, sum(events)::int AS events, sum(revenue)::float8 AS revenue
           FROM event_stage_groups GROUP BY day, user_id ORDER BY day, user_id) s`,
    first ? [] : [load.datasetId],
  );
  await client.query(`SELECT set_config('enable_hashagg', $1, true)`, [settings.h]);
  await client.query(
    `INSERT INTO analytics_user_days AS t (dataset_id, organization_id, day, user_id, events, revenue)
     SELECT $1, $2, day, user_id, events, revenue FROM event_stage_days
     ${upsert('dataset_id, day, user_id', 'events = t.events + excluded.events, revenue = t.revenue + excluded.revenue')}`,
    args,
  );
  await client.query(
    `INSERT INTO analytics_users AS t (dataset_id, organization_id, user_id, first_day, last_day, events, active_days)
     SELECT $1, $2, user_id, min(day), max(day), sum(events), count(*) FILTER (WHERE fresh)
     FROM event_stage_days GROUP BY user_id ORDER BY user_id
     ${upsert(
       'dataset_id, user_id',
       `first_day = least(t.first_day, excluded.first_day), last_day = greatest(t.last_day, excluded.last_day),
        events = t.events + excluded.events, active_days = t.active_days + excluded.active_days`,
     )}`,
    args,
  );
  await client.query(
    `INSERT INTO analytics_user_event_days AS t (dataset_id, organization_id, day, user_id, event_name, events, revenue)
     SELECT $1, $2, day, user_id, event_name, events, revenue FROM event_stage_groups WHERE event_name IS NOT NULL
     ${upsert('dataset_id, day, user_id, event_name', 'events = t.events + excluded.events, revenue = t.revenue + excluded.revenue')}`,
    args,
  );
  await client.query(
    `INSERT INTO analytics_user_events AS t (dataset_id, organization_id, event_name, user_id, first_at, events)
     SELECT $1, $2, event_name, user_id, min(first_at), sum(events)
     FROM event_stage_groups WHERE event_name IS NOT NULL GROUP BY event_name, user_id ORDER BY event_name, user_id
     ${upsert('dataset_id, event_name, user_id', 'first_at = least(t.first_at, excluded.first_at), events = t.events + excluded.events')}`,
    args,
  );

  // Last, so that the partition lock (see ensure_events_partitions) is held as briefly as can be.
  await client.query(
    `SELECT ensure_events_partitions(array_agg(DISTINCT date_trunc('month', day)::date)) FROM event_stage_days`,
  );
  if (load.replace)
    await client.query('DELETE FROM events WHERE dataset_id = $1', [load.datasetId]);
  await client.query(
    `INSERT INTO events (dataset_id, organization_id, user_id, occurred_at, event_name, item_id, value)
     SELECT $1, $2, user_id, occurred_at, event_name, item_id, value FROM event_stage ORDER BY occurred_at, seq`,
    args,
  );
  await client.query('DROP TABLE event_stage, event_stage_groups, event_stage_days');
  await client.query(`SELECT set_config('work_mem', $1, true)`, [settings.w]);
}

/** An events dataset's rows, users and UTC date range, from its rollups (no scan of its events). */
export async function eventStats(
  client: pg.PoolClient,
  datasetId: string,
): Promise<{ rows: number; series: number; from: string | null; to: string | null }> {
  const { rows } = await client.query<{
    rows: number;
    series: number;
    from: string | null;
    to: string | null;
  }>(
    `SELECT coalesce(sum(events), 0)::int AS rows, count(*)::int AS series,
            min(first_day)::text AS from, max(last_day)::text AS to
     FROM analytics_users WHERE dataset_id = $1`,
    [datasetId],
  );
  return rows[0]!;
}

/** Stores an events dataset (one row per user action) all-or-nothing. */
export function createEventsDataset(
  db: DbHandle,
  input: NewDataset<object, EventRow>,
): Promise<CreatedDataset> {
  return createDatasetWith(
    db,
    // No table: loadEvents clears a replaced dataset's rows itself (and its rollups).
    { ...input, kind: 'events', table: null },
    (client, id) =>
      loadEvents(client, {
        organizationId: input.organizationId,
        datasetId: id,
        replace: input.target?.mode === 'replace',
        rows: input.rows,
      }),
    eventStats,
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
