import type pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import type { CodedEventLog, DatasetScope, InteractionPairs } from '../engine';
import {
  CodedEventLogBuilder,
  eachTsvLine,
  InteractionPairsBuilder,
  type TsvLine,
} from '../training-decode';

/**
 * What churn and recommendations train on, read from PostgreSQL's `events` table without
 * holding rows: `COPY (SELECT …) TO STDOUT` streams text that is decoded as it arrives into typed
 * columns (the log) or one entry per distinct pair aggregated in SQL (the interactions), inside
 * one read-only snapshot. Orders are total and byte-wise (`COLLATE "C"`), the same as the
 * ClickHouse reads, so both engines give the same log and pairs for the same rows. Times are
 * whole milliseconds (truncated), as ClickHouse stores them.
 */

const MS = `date_trunc('milliseconds', occurred_at)`;
const EPOCH_MS = (time: string) => `(extract(epoch FROM ${time}) * 1000)::bigint`;

function scopeSql(client: pg.PoolClient, scope: DatasetScope): string {
  return `organization_id = ${client.escapeLiteral(scope.organizationId)} AND dataset_id = ${client.escapeLiteral(scope.datasetId)}`;
}

/** Runs `read` in a repeatable-read, read-only transaction (one snapshot for count and rows). */
async function inSnapshot<T>(
  pool: pg.Pool,
  read: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    const result = await read(client);
    await client.query('COMMIT');
    client.release();
    return result;
  } catch (error) {
    // A COPY stopped half-way leaves the connection mid-protocol: close it rather than reuse it.
    client.release(true);
    throw error;
  }
}

function copyLines(
  client: pg.PoolClient,
  sql: string,
  columns: number,
  onLine: (line: TsvLine) => void,
) {
  return eachTsvLine(client.query(copyTo(`COPY (${sql}) TO STDOUT`)), columns, onLine);
}

/**
 * The dataset's events grouped by user, in time order within each user (ties by event name,
 * item and value, missing last), as a CodedEventLog: about 16–30 bytes an event.
 */
export function postgresEventLog(pool: pg.Pool, scope: DatasetScope): Promise<CodedEventLog> {
  return inSnapshot(pool, async (client) => {
    const where = scopeSql(client, scope);
    const { rows } = await client.query<{ n: string }>(
      `SELECT count(*) AS n FROM events WHERE ${where}`,
    );
    const builder = new CodedEventLogBuilder(Number(rows[0]?.n ?? 0));
    await copyLines(
      client,
      `SELECT user_id, ${EPOCH_MS(MS)}, event_name, item_id, value
       FROM events WHERE ${where}
       ORDER BY user_id COLLATE "C", ${MS}, event_name COLLATE "C" NULLS LAST,
                item_id COLLATE "C" NULLS LAST, value NULLS LAST`,
      5,
      (line) => builder.add(line),
    );
    return builder.done();
  });
}

/**
 * The dataset's distinct user–item pairs (events with an item), aggregated in SQL: events as the
 * weight, the first time; in (first time, user, item) order, as the recommenders encode them.
 */
export function postgresInteractions(
  pool: pg.Pool,
  scope: DatasetScope,
): Promise<InteractionPairs> {
  return inSnapshot(pool, async (client) => {
    const builder = new InteractionPairsBuilder();
    await copyLines(
      client,
      `SELECT user_id, item_id, count(*), ${EPOCH_MS(`min(${MS})`)} AS first_ms
       FROM events WHERE ${scopeSql(client, scope)} AND item_id <> ''
       GROUP BY user_id, item_id
       ORDER BY first_ms, user_id COLLATE "C", item_id COLLATE "C"`,
      4,
      (line) => builder.add(line),
    );
    return builder.done();
  });
}

/** Both reads over a database handle's pool (what the trainer's jobs use by default). */
export function postgresTrainingReads(db: { pool: pg.Pool }): {
  eventLog(scope: DatasetScope): Promise<CodedEventLog>;
  interactions(scope: DatasetScope): Promise<InteractionPairs>;
} {
  return {
    eventLog: (scope) => postgresEventLog(db.pool, scope),
    interactions: (scope) => postgresInteractions(db.pool, scope),
  };
}
