// A ClickHouse dataset's analytics summary. Counting distinct users over a whole log takes a pass
// grouped by user (about a second per 10M events); what no request changes — the overview's
// tallies per day, week and month, the retention cohorts, the Features page's counts at its
// horizons — is counted once per refresh and kept on the dataset's row in PostgreSQL, tagged with
// the committed loads it covers. A request reads it only while those loads are still the
// dataset's; otherwise (a load committed since, or no refresh yet) it counts from the rows.
// Funnels read a per-user table (user-firsts.ts) that the refresh builds and the summary names.
import type { ClickHouseClient } from '@clickhouse/client';
import { loadEventSummary, type DbHandle, type FeatureCounts } from '@foresight/db';
import { featureCountsAt, retentionRows, type RetentionRow } from './analytics-cohorts';
import { overviewSummary, type OverviewSummary } from './analytics-overview';
import { FEATURE_HORIZONS_DAYS } from '../feature-horizons';
import type { ClickHouseScope } from './scope';
import { buildUserFirsts } from './user-firsts';

/** Bumped when the summary's shape or meaning changes: older summaries are then ignored. */
const SUMMARY_FORMAT = 2;

export interface EventSummary {
  format: number;
  /** The committed loads counted, in `committedBatches` order. */
  batches: string[];
  overview: OverviewSummary;
  retention: Record<'week' | 'month', RetentionRow[]>;
  /** Feature counts by horizon in days. */
  features: Record<string, FeatureCounts[]>;
  /** The build of `event_user_firsts` funnels read (user-firsts.ts). */
  userFirsts: string;
}

/** Counts the summary of the scope's committed loads (one query after another). */
export async function computeSummary(
  client: ClickHouseClient,
  scope: ClickHouseScope,
): Promise<EventSummary> {
  const overview = await overviewSummary(client, scope);
  const retention = {
    week: await retentionRows(client, scope, 'week'),
    month: await retentionRows(client, scope, 'month'),
  };
  const features = Object.fromEntries(await featureCountsAt(client, scope, FEATURE_HORIZONS_DAYS));
  const userFirsts = await buildUserFirsts(client, scope);
  return {
    format: SUMMARY_FORMAT,
    batches: scope.batches,
    overview,
    retention,
    features,
    userFirsts,
  };
}

function isCurrent(summary: unknown, batches: string[]): summary is EventSummary {
  if (typeof summary !== 'object' || summary === null) return false;
  const s = summary as Partial<EventSummary>;
  return (
    s.format === SUMMARY_FORMAT &&
    Array.isArray(s.batches) &&
    s.batches.length === batches.length &&
    s.batches.every((b, i) => b === batches[i])
  );
}

/** The dataset's stored summary when it covers exactly the scope's committed loads, else null. */
export async function currentSummary(
  db: DbHandle,
  scope: ClickHouseScope,
): Promise<EventSummary | null> {
  const stored = await loadEventSummary(db, scope);
  return isCurrent(stored, scope.batches) ? stored : null;
}
