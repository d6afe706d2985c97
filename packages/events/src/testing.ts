import type { ClickHouseClient } from '@clickhouse/client';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startChdbServer } from './chdb/server';
import { clickhouseClient, type ClickHouseTarget } from './clickhouse/client';
import { ensureSchema } from './clickhouse/schema';

export interface TestClickHouse {
  target: ClickHouseTarget;
  client: ClickHouseClient;
  close(): Promise<void>;
}

/**
 * A chDB server of the test file's own (a fresh data directory, a free port) with the events
 * schema created: the real engine behind the real client, as `FORESIGHT_EVENTS_ENGINE=chdb` runs.
 */
export async function startTestClickHouse(): Promise<TestClickHouse> {
  const dataDir = mkdtempSync(join(tmpdir(), 'foresight-chdb-'));
  const server = await startChdbServer({ dataDir, maxMemoryBytes: 2e9 });
  const target: ClickHouseTarget = {
    url: server.url,
    database: 'foresight',
    setting: 'test chDB server',
  };
  const client = clickhouseClient(target);
  await ensureSchema(target, client);
  return {
    target,
    client,
    async close() {
      await client.close();
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
