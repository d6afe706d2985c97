import type { ClickHouseClient } from '@clickhouse/client';
import {
  getDataset,
  saveActivitySummary,
  saveEventSummary,
  type DbHandle,
  type SavedMapping,
} from '@foresight/db';
import type pg from 'pg';
import { committedBatches } from '../batches';
import type { DatasetScope, EventLoad, EventsEngine, EventStats, OverviewFilter } from '../engine';
import {
  clickhouseDaily,
  clickhouseFeatures,
  clickhouseFunnel,
  clickhouseOverview,
  clickhouseRetention,
} from './analytics';
import { clickhouseDiscard, clickhouseLoad } from './load';
import { clickhouseProfile } from './profile';
import { SCOPE_SQL, scopeParams, type ClickHouseScope } from './scope';
import { sweepOrphanedLoads } from './sweep';
import { computeSummary, currentSummary, type EventSummary } from './summary';
import { dropAllUserFirsts, dropUnnamedUserFirsts } from './user-firsts';
import { clickhouseEventLog, clickhouseInteractions } from './training-reads';

const PREVIEW_ROWS = 20;

/**
 * Events in ClickHouse (chDB on one machine, or a server/cluster): rows in a MergeTree table,
 * analytics computed at read time. PostgreSQL keeps the datasets and which loads count.
 */
export class ClickHouseEventsEngine implements EventsEngine {
  readonly name = 'clickhouse' as const;

  constructor(
    private readonly db: DbHandle,
    readonly client: ClickHouseClient,
  ) {}

  private async scoped(scope: DatasetScope, via?: pg.PoolClient): Promise<ClickHouseScope> {
    const batches = await committedBatches(
      via ?? this.db.pool,
      scope.organizationId,
      scope.datasetId,
    );
    return { organizationId: scope.organizationId, datasetId: scope.datasetId, batches };
  }

  /** The scope with the dataset's summary, when it covers the committed loads. */
  private async summarized(
    scope: DatasetScope,
  ): Promise<{ scoped: ClickHouseScope; summary: EventSummary | null }> {
    const scoped = await this.scoped(scope);
    return { scoped, summary: await currentSummary(this.db, scoped) };
  }

  load(_tx: pg.PoolClient, load: EventLoad): Promise<void> {
    return clickhouseLoad(this.client, load);
  }

  async stats(tx: pg.PoolClient, scope: DatasetScope): Promise<EventStats> {
    const result = await this.client.query({
      query: `SELECT toUInt64(count()) AS rows, toUInt64(uniqExact(user_id)) AS users,
                     if(rows = 0, NULL, toString(toDate(min(occurred_at)))) AS from,
                     if(rows = 0, NULL, toString(toDate(max(occurred_at)))) AS to,
                     if(rows = 0, 0, (toUnixTimestamp64Milli(max(occurred_at)) - toUnixTimestamp64Milli(min(occurred_at))) / 86400000) AS spanDays,
                     toUInt64(uniqExactIf(item_id, item_id IS NOT NULL)) AS items,
                     (SELECT toUInt64(count()) FROM (
                        SELECT user_id FROM events WHERE ${SCOPE_SQL} AND item_id IS NOT NULL
                        GROUP BY user_id HAVING uniqExact(item_id) >= 2)) AS usersWithTwoItems
              FROM events WHERE ${SCOPE_SQL}`,
      query_params: scopeParams(await this.scoped(scope, tx)),
      format: 'JSONEachRow',
    });
    const [row] = await result.json<EventStats>();
    return row!;
  }

  async refresh(scope: DatasetScope): Promise<void> {
    const scoped = await this.scoped(scope);
    const profile = await this.profile(scope);
    const summary = await computeSummary(this.client, scoped);
    const [days, weeks] = await Promise.all(
      (['day', 'week'] as const).map((grain) =>
        clickhouseOverview(this.client, scoped, { grain }, summary.overview),
      ),
    );
    const saved = await saveEventSummary(this.db, scope, scoped.batches, summary);
    await saveActivitySummary(this.db, scope, { day: days!.series, week: weeks!.series }, profile);
    // Not saved: a later refresh's summary is stored; the next refresh drops this build.
    if (saved) await dropUnnamedUserFirsts(this.client, scope, summary.userFirsts);
  }

  async remove(scope: DatasetScope): Promise<void> {
    await this.client.command({
      query:
        'DELETE FROM events WHERE organization_id = {org:String} AND dataset_id = {dataset:String}',
      query_params: { org: scope.organizationId, dataset: scope.datasetId },
    });
    await dropAllUserFirsts(this.client, scope);
  }

  discard(scope: DatasetScope, batchId: string): Promise<void> {
    return clickhouseDiscard(this.client, scope, batchId);
  }

  sweepOrphanedLoads(now?: Date): Promise<number> {
    return sweepOrphanedLoads(this.client, this.db.pool, now);
  }

  async overview(scope: DatasetScope, filter: OverviewFilter) {
    const { scoped, summary } = await this.summarized(scope);
    return clickhouseOverview(this.client, scoped, filter, summary?.overview);
  }

  async retention(scope: DatasetScope, grain: 'week' | 'month') {
    const { scoped, summary } = await this.summarized(scope);
    return clickhouseRetention(this.client, scoped, grain, summary?.retention[grain]);
  }

  async features(scope: DatasetScope, horizonDays: number) {
    const { scoped, summary } = await this.summarized(scope);
    const stored = summary?.features[String(horizonDays)];
    return clickhouseFeatures(this.client, scoped, horizonDays, stored);
  }

  async funnel(scope: DatasetScope, steps: string[], withinDays?: number) {
    const { scoped, summary } = await this.summarized(scope);
    return clickhouseFunnel(this.client, scoped, steps, withinDays, summary?.userFirsts);
  }

  async daily(scope: DatasetScope, metric: 'active_users' | 'events') {
    const { scoped, summary } = await this.summarized(scope);
    return clickhouseDaily(this.client, scoped, metric, summary?.overview);
  }

  async preview(scope: DatasetScope) {
    const result = await this.client.query({
      query: `SELECT user_id, formatDateTime(occurred_at, '%Y-%m-%dT%H:%i:%SZ') AS at, event_name, item_id, value
              FROM events WHERE ${SCOPE_SQL} ORDER BY occurred_at, batch_id, seq LIMIT {limit:UInt32}`,
      query_params: { ...scopeParams(await this.scoped(scope)), limit: PREVIEW_ROWS },
      format: 'JSONEachRow',
    });
    const rows = await result.json<{
      user_id: string;
      at: string;
      event_name: string | null;
      item_id: string | null;
      value: number | null;
    }>();
    return {
      header: ['user', 'time', 'event', 'item', 'value'],
      rows: rows.map((r) => [r.user_id, r.at, r.event_name, r.item_id, r.value]),
    };
  }

  async profile(scope: DatasetScope) {
    const { columnMapping } = await getDataset(this.db, scope.organizationId, scope.datasetId);
    return clickhouseProfile(this.client, await this.scoped(scope), columnMapping as SavedMapping);
  }

  async usersWhoDid(scope: DatasetScope, event: string): Promise<string[]> {
    const result = await this.client.query({
      query: `SELECT DISTINCT user_id AS user FROM events WHERE ${SCOPE_SQL} AND event_name = {event:String}`,
      query_params: { ...scopeParams(await this.scoped(scope)), event },
      format: 'JSONEachRow',
    });
    return (await result.json<{ user: string }>()).map((r) => r.user);
  }

  async history(scope: DatasetScope, user: string, limit: number) {
    const result = await this.client.query({
      query: `SELECT item_id AS item, max(occurred_at) AS last, toUInt32(count()) AS uses
              FROM events WHERE ${SCOPE_SQL} AND user_id = {user:String} AND item_id IS NOT NULL
              GROUP BY item_id ORDER BY last DESC, item_id LIMIT {limit:UInt32}`,
      query_params: { ...scopeParams(await this.scoped(scope)), user, limit },
      format: 'JSONEachRow',
    });
    const rows = await result.json<{ item: string; last: string; uses: number }>();
    return rows.map((r) => ({ item: r.item, lastUsedAt: new Date(r.last), uses: r.uses }));
  }

  async eventLog(scope: DatasetScope) {
    return clickhouseEventLog(this.client, await this.scoped(scope));
  }

  async interactions(scope: DatasetScope) {
    return clickhouseInteractions(this.client, await this.scoped(scope));
  }

  close(): Promise<void> {
    return this.client.close();
  }
}
