// Each user's first use of every event name (event_user_firsts, schema.ts), built by a refresh
// for the funnels of its summary.
import { randomUUID } from 'node:crypto';
import type { ClickHouseClient } from '@clickhouse/client';
import type { DatasetScope } from '../engine';
import { SCOPE_SQL, scopeParams, type ClickHouseScope } from './scope';

/** A build no summary names is dropped once it is this old (a racing refresh may still name it). */
const UNNAMED_BUILD_MAX_AGE_MINUTES = 30;

/** Builds the scope's user firsts under a fresh id (one pass grouped by user and event). */
export async function buildUserFirsts(
  client: ClickHouseClient,
  scope: ClickHouseScope,
): Promise<string> {
  const buildId = randomUUID();
  await client.command({
    query: `INSERT INTO event_user_firsts (organization_id, dataset_id, build_id, user_id, events, first_ms)
            SELECT {org:String}, {dataset:String}, {build:String}, user_id, groupArray(event), groupArray(first)
            FROM (SELECT user_id, assumeNotNull(event_name) AS event,
                         min(toUnixTimestamp64Milli(occurred_at)) AS first
                  FROM events WHERE ${SCOPE_SQL} AND event_name IS NOT NULL
                  GROUP BY user_id, event)
            GROUP BY user_id`,
    query_params: { ...scopeParams(scope), build: buildId },
  });
  return buildId;
}

/**
 * Drops the dataset's builds that its stored summary does not name (`named`) and that are old
 * enough that no refresh can still be about to name them, nor a request to be reading them.
 */
export async function dropUnnamedUserFirsts(
  client: ClickHouseClient,
  scope: DatasetScope,
  named: string,
): Promise<void> {
  await client.command({
    query: `DELETE FROM event_user_firsts
            WHERE organization_id = {org:String} AND dataset_id = {dataset:String}
              AND build_id != {named:String}
              AND built_at < now() - INTERVAL ${UNNAMED_BUILD_MAX_AGE_MINUTES} MINUTE`,
    query_params: { org: scope.organizationId, dataset: scope.datasetId, named },
  });
}

/** Drops every build of a deleted dataset. */
export async function dropAllUserFirsts(
  client: ClickHouseClient,
  scope: DatasetScope,
): Promise<void> {
  await client.command({
    query:
      'DELETE FROM event_user_firsts WHERE organization_id = {org:String} AND dataset_id = {dataset:String}',
    query_params: { org: scope.organizationId, dataset: scope.datasetId },
  });
}
