import { ClickHouseLogLevel, createClient, type ClickHouseClient } from '@clickhouse/client';

/** The engine could not be reached at start: names the setting and the address. */
export class EventsEngineUnreachableError extends Error {
  constructor(setting: string, url: string, reason: string) {
    super(`Cannot reach the ClickHouse events engine at ${setting}=${redact(url)}: ${reason}`);
    this.name = 'EventsEngineUnreachableError';
  }
}

/** The URL without its password, for messages and logs. */
export function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return url;
  }
}

export interface ClickHouseTarget {
  url: string;
  /** The database the events tables live in. */
  database: string;
  /** The setting the URL came from, for messages (`CLICKHOUSE_URL`, or the local chDB server). */
  setting: string;
}

/** A client over ClickHouse's HTTP interface (a server, a cluster, or the local chDB server). */
export function clickhouseClient(target: ClickHouseTarget): ClickHouseClient {
  return createClient({
    url: target.url,
    database: target.database,
    compression: { request: false, response: false },
    request_timeout: 600_000,
    log: { level: ClickHouseLogLevel.OFF },
    clickhouse_settings: {
      date_time_output_format: 'iso',
      output_format_json_quote_64bit_integers: 0,
    },
  });
}

/** Pings the engine; throws EventsEngineUnreachableError naming the setting when it does not answer. */
export async function checkReachable(
  client: ClickHouseClient,
  target: ClickHouseTarget,
): Promise<void> {
  const result = await client.ping();
  if (!result.success) {
    const reason = result.error instanceof Error ? result.error.message : String(result.error);
    throw new EventsEngineUnreachableError(target.setting, target.url, reason || 'no answer');
  }
}
