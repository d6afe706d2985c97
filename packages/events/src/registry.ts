import { NotEventsDatasetError, NotFoundError, type DbHandle } from '@foresight/db';
import { checkReachable, clickhouseClient, type ClickHouseTarget } from './clickhouse/client';
import { ClickHouseEventsEngine } from './clickhouse/engine';
import { ensureSchema } from './clickhouse/schema';
import type {
  CodedEventLog,
  DatasetScope,
  EngineName,
  EventsEngine,
  InteractionPairs,
} from './engine';
import { clickhouseEndpoint, readEventsEnv, type EventsEnv } from './env';
import { PostgresEventsEngine } from './postgres/engine';

export class EngineNotConfiguredError extends Error {
  constructor() {
    super(
      "This dataset's events are stored in ClickHouse, but this process has no ClickHouse engine: " +
        'set FORESIGHT_EVENTS_ENGINE=chdb (with the local chDB server) or CLICKHOUSE_URL as where the data was loaded.',
    );
    this.name = 'EngineNotConfiguredError';
  }
}

/** The engines a process can reach, and which one new events datasets go to. */
export class EventsEngines {
  constructor(
    readonly postgres: EventsEngine,
    readonly clickhouse: EventsEngine | null,
    readonly defaultName: EngineName,
    private readonly db: DbHandle,
  ) {}

  /** Where new events datasets are stored. */
  get default(): EventsEngine {
    return this.byName(this.defaultName);
  }

  byName(name: string): EventsEngine {
    if (name === 'postgres') return this.postgres;
    if (name === 'clickhouse' && this.clickhouse) return this.clickhouse;
    throw new EngineNotConfiguredError();
  }

  /** The engine holding an events dataset of this organization (NotFound / not events otherwise). */
  async forDataset(scope: DatasetScope): Promise<EventsEngine> {
    const { rows } = await this.db.pool.query<{ kind: string; engine: string }>(
      'SELECT kind, events_engine AS engine FROM datasets WHERE id = $1 AND organization_id = $2',
      [scope.datasetId, scope.organizationId],
    );
    const dataset = rows[0];
    if (!dataset) throw new NotFoundError('Dataset');
    if (dataset.kind !== 'events') throw new NotEventsDatasetError();
    return this.byName(dataset.engine);
  }

  /** A dataset's events streamed for churn, by the engine holding it. */
  async eventLog(scope: DatasetScope): Promise<CodedEventLog> {
    return (await this.forDataset(scope)).eventLog(scope);
  }

  /** A dataset's user–item pairs for recommendations, aggregated by the engine holding it. */
  async interactions(scope: DatasetScope): Promise<InteractionPairs> {
    return (await this.forDataset(scope)).interactions(scope);
  }

  /**
   * Rebuilds what reads of an events dataset depend on, on its engine (the refresh job: a
   * trusted dataset id from the queue). False when it is gone or not an events dataset.
   */
  async refreshDataset(datasetId: string): Promise<boolean> {
    const { rows } = await this.db.pool.query<{ org: string; kind: string; engine: string }>(
      'SELECT organization_id AS org, kind, events_engine AS engine FROM datasets WHERE id = $1',
      [datasetId],
    );
    const dataset = rows[0];
    if (!dataset || dataset.kind !== 'events') return false;
    await this.byName(dataset.engine).refresh({ organizationId: dataset.org, datasetId });
    return true;
  }

  /** Deletes killed imports' rows from the engines that keep them (periodic maintenance). */
  async sweepOrphanedLoads(now?: Date): Promise<number> {
    return (await this.clickhouse?.sweepOrphanedLoads?.(now)) ?? 0;
  }

  async close(): Promise<void> {
    await this.clickhouse?.close();
  }
}

/** A ClickHouse engine at `target`, checked reachable, with its schema in place. */
export async function connectClickHouse(
  db: DbHandle,
  target: ClickHouseTarget,
): Promise<ClickHouseEventsEngine> {
  const client = clickhouseClient(target);
  try {
    await checkReachable(client, target);
    await ensureSchema(target, client);
  } catch (error) {
    await client.close();
    throw error;
  }
  return new ClickHouseEventsEngine(db, client);
}

/**
 * The engines the settings name. PostgreSQL is always there; ClickHouse when
 * `FORESIGHT_EVENTS_ENGINE` is chdb/clickhouse or `CLICKHOUSE_URL` is set, checked at start
 * (an unreachable engine is a clear error naming the setting, not a failure on first upload).
 */
export async function openEventsEngines(
  db: DbHandle,
  env: EventsEnv = readEventsEnv(),
): Promise<EventsEngines> {
  const endpoint = clickhouseEndpoint(env);
  const clickhouse = endpoint
    ? await connectClickHouse(db, { ...endpoint, database: env.CLICKHOUSE_DATABASE })
    : null;
  const defaultName: EngineName =
    env.FORESIGHT_EVENTS_ENGINE === 'postgres' ? 'postgres' : 'clickhouse';
  return new EventsEngines(new PostgresEventsEngine(db), clickhouse, defaultName, db);
}

/** PostgreSQL only (the default settings; tests and tools that need no ClickHouse). */
export function postgresEngines(db: DbHandle): EventsEngines {
  return new EventsEngines(new PostgresEventsEngine(db), null, 'postgres', db);
}

/** New events datasets on ClickHouse at `target` (checked reachable, schema in place). */
export async function clickhouseEngines(
  db: DbHandle,
  target: ClickHouseTarget,
): Promise<EventsEngines> {
  return new EventsEngines(
    new PostgresEventsEngine(db),
    await connectClickHouse(db, target),
    'clickhouse',
    db,
  );
}

/** Checks the ClickHouse the settings name (if any) answers, before any process depends on it. */
export async function checkClickHouseReachable(env: EventsEnv = readEventsEnv()): Promise<void> {
  const endpoint = clickhouseEndpoint(env);
  if (!endpoint) return;
  const target = { ...endpoint, database: env.CLICKHOUSE_DATABASE };
  const client = clickhouseClient(target);
  try {
    await checkReachable(client, target);
  } finally {
    await client.close();
  }
}
