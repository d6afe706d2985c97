import type {
  ActivityPoint,
  AnalyticsStatus,
  ColumnProfile,
  DatasetPreview,
  EventRow,
  FeatureRetention,
  FunnelStep,
  Grain,
  HistoryItem,
  Overview,
  RetentionCohort,
  Rows,
} from '@foresight/db';
import type { CodedEventLog, InteractionPairs } from '@foresight/ml-core';
import type pg from 'pg';

/** Where an events dataset's rows live: PostgreSQL (default) or ClickHouse (chDB or a server). */
export type EngineName = 'postgres' | 'clickhouse';

/** Every read and write is scoped to one organization's dataset. */
export interface DatasetScope {
  organizationId: string;
  datasetId: string;
}

/** A load's rows, written under one batch id inside the import's PostgreSQL transaction. */
export interface EventLoad extends DatasetScope {
  /** Unique per load attempt: a ClickHouse reader sees a batch only once PostgreSQL committed it. */
  batchId: string;
  /** Replace: the dataset's earlier rows stop counting when this load commits. */
  replace: boolean;
  rows: Rows<EventRow>;
}

export interface EventStats {
  rows: number;
  users: number;
  from: string | null;
  to: string | null;
  /** What the tasks' minimums count (stored with the dataset; see `trainingStats`). */
  spanDays: number;
  usersWithTwoItems: number;
  items: number;
}

export interface OverviewFilter {
  from?: string;
  to?: string;
  event?: string;
  grain?: Grain;
}

export interface FeaturesResult {
  status: AnalyticsStatus;
  horizonDays: number;
  eligibleUsers: number;
  definition: string;
  features: FeatureRetention[];
}

export interface FunnelResult {
  status: AnalyticsStatus;
  steps: FunnelStep[];
  definition: string;
}

// What the training reads produce: the shapes churn and recommendations train from (defined
// in ml-core, which must not depend on this package).
export type { CodedEventLog, InteractionPairs } from '@foresight/ml-core';

/**
 * One place that knows where event rows are and how to read them. Implementations:
 * `postgres/` (rows in the `events` table, rollups refreshed after each load) and `clickhouse/`
 * (rows in a MergeTree table, analytics computed at read time).
 */
export interface EventsEngine {
  readonly name: EngineName;
  /** Streams a load's rows; runs inside the import's transaction `tx`, before its commit. */
  load(tx: pg.PoolClient, load: EventLoad): Promise<void>;
  /** Counts of the dataset as the transaction `tx` sees it (including an uncommitted load). */
  stats(tx: pg.PoolClient, scope: DatasetScope, pendingBatch?: string): Promise<EventStats>;
  /** After a load committed: rebuild what reads depend on (rollups, the stored profile). */
  refresh(scope: DatasetScope): Promise<void>;
  /** Deletes a deleted dataset's rows (PostgreSQL's go with the dataset itself). */
  remove(scope: DatasetScope): Promise<void>;
  /** Removes a failed load's rows (best effort; they are never visible either way). */
  discard(scope: DatasetScope, batchId: string): Promise<void>;
  /**
   * Deletes the rows of loads that never committed and no longer can (a killed import's), as of
   * `now`; how many loads. Only engines whose rows live outside PostgreSQL's transaction.
   */
  sweepOrphanedLoads?(now?: Date): Promise<number>;
  overview(scope: DatasetScope, filter: OverviewFilter): Promise<Overview>;
  retention(
    scope: DatasetScope,
    grain: 'week' | 'month',
  ): Promise<{ status: AnalyticsStatus; cohorts: RetentionCohort[] }>;
  features(scope: DatasetScope, horizonDays: number): Promise<FeaturesResult>;
  funnel(scope: DatasetScope, steps: string[], withinDays?: number): Promise<FunnelResult>;
  /** Daily active users or events, oldest first (alerts and the digest). */
  daily(scope: DatasetScope, metric: 'active_users' | 'events'): Promise<ActivityPoint[]>;
  /** The first rows in time order, as the Data page shows them. */
  preview(scope: DatasetScope): Promise<DatasetPreview>;
  profile(scope: DatasetScope): Promise<ColumnProfile[]>;
  /** Every user who ever did `event` (the at-risk users who never used a feature). */
  usersWhoDid(scope: DatasetScope, event: string): Promise<string[]>;
  /** The distinct items a user used most recently, newest first (recommendations' history). */
  history(scope: DatasetScope, user: string, limit: number): Promise<HistoryItem[]>;
  eventLog(scope: DatasetScope): Promise<CodedEventLog>;
  interactions(scope: DatasetScope): Promise<InteractionPairs>;
  close(): Promise<void>;
}
