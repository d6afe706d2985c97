import type { ClickHouseClient } from '@clickhouse/client';
import type { Readable } from 'node:stream';
import type { CodedEventLog, InteractionPairs } from '../engine';
import {
  CodedEventLogBuilder,
  eachTsvLine,
  InteractionPairsBuilder,
  type TsvLine,
} from '../training-decode';
import { SCOPE_SQL, scopeParams, type ClickHouseScope } from './scope';

/**
 * What churn and recommendations train on, read from ClickHouse as a `TabSeparated` byte stream
 * decoded as it arrives (no row objects): the same orders, columns and aggregation as the
 * PostgreSQL reads (postgres/training-reads.ts), over the committed batches only.
 */

async function streamLines(
  client: ClickHouseClient,
  scope: ClickHouseScope,
  query: string,
  columns: number,
  onLine: (line: TsvLine) => void,
): Promise<void> {
  const { stream } = await client.exec({
    query: `${query} FORMAT TabSeparated`,
    query_params: scopeParams(scope),
  });
  try {
    await eachTsvLine(stream as Readable, columns, onLine);
  } finally {
    (stream as Readable).destroy();
  }
}

/**
 * The dataset's events grouped by user, in time order within each user (ties by event name,
 * item and value, missing last), as a CodedEventLog.
 */
export async function clickhouseEventLog(
  client: ClickHouseClient,
  scope: ClickHouseScope,
): Promise<CodedEventLog> {
  const count = await client.query({
    query: `SELECT count() AS n FROM events WHERE ${SCOPE_SQL}`,
    query_params: scopeParams(scope),
    format: 'JSONEachRow',
  });
  const [counted] = await count.json<{ n: number | string }>();
  const builder = new CodedEventLogBuilder(Number(counted?.n ?? 0));
  await streamLines(
    client,
    scope,
    `SELECT user_id, toUnixTimestamp64Milli(occurred_at), event_name, item_id, value
     FROM events WHERE ${SCOPE_SQL}
     ORDER BY user_id, occurred_at, event_name NULLS LAST, item_id NULLS LAST, value NULLS LAST`,
    5,
    (line) => builder.add(line),
  );
  return builder.done();
}

/**
 * The dataset's distinct user–item pairs (events with an item), aggregated in the engine: events
 * as the weight, the first time; in (first time, user, item) order.
 */
export async function clickhouseInteractions(
  client: ClickHouseClient,
  scope: ClickHouseScope,
): Promise<InteractionPairs> {
  const builder = new InteractionPairsBuilder();
  await streamLines(
    client,
    scope,
    `SELECT user_id, assumeNotNull(item_id) AS item, count() AS weight,
            toUnixTimestamp64Milli(min(occurred_at)) AS first_ms
     FROM events WHERE ${SCOPE_SQL} AND item_id IS NOT NULL AND item_id != ''
     GROUP BY user_id, item
     ORDER BY first_ms, user_id, item`,
    4,
    (line) => builder.add(line),
  );
  return builder.done();
}
