// The pure shaping of behaviour analytics, shared by every events engine (PostgreSQL's rollups
// here, ClickHouse's read-time queries in @foresight/events): the engines count, these functions
// turn the counts into what the pages show, so both engines answer with the same numbers and words.
import type { FeatureRetention, FunnelStep, RetentionCohort } from './analytics';

/** Events-per-user buckets: index floor(log2(events)), capped at the last. */
export const ACTIVITY_BUCKETS = ['1', '2–3', '4–7', '8–15', '16–31', '32–63', '64+'] as const;

/** Users per bucket (by bucket index) → every bucket in order, 0 where none. */
export function shapeActivityDistribution(
  usersByBucket: ReadonlyMap<number, number>,
): { bucket: string; users: number }[] {
  return ACTIVITY_BUCKETS.map((bucket, i) => ({ bucket, users: usersByBucket.get(i) ?? 0 }));
}

/**
 * The overview's date range: the filter's from/to clamped to the data's first and last day
 * (YYYY-MM-DD); `wholeRange` when that is all of the data.
 */
export function clampOverviewRange(
  full: { from: string; to: string },
  filter: { from?: string; to?: string },
): { from: string; to: string; wholeRange: boolean } {
  const from = filter.from && filter.from > full.from ? filter.from : full.from;
  const to = filter.to && filter.to < full.to ? filter.to : full.to;
  return { from, to, wholeRange: from === full.from && to === full.to };
}

/** Events in the range per event name, with everyone who ever did each (`everUsers`). */
export function shapeEventVolume(
  volume: { event: string; events: number }[],
  everUsers: { event: string; users: number }[],
): { event: string; events: number; users: number }[] {
  const users = new Map(everUsers.map((n) => [n.event, n.users]));
  return volume.map((v) => ({ ...v, users: users.get(v.event) ?? 0 }));
}

/**
 * Retention cohorts from users active per (cohort, periods after the cohort's first), in cohort
 * order: each cohort's size (period 0) and the share of it active in every period up to the last
 * one observed.
 */
export function shapeRetentionCohorts(
  rows: { cohort: string; period: number; users: number }[],
): RetentionCohort[] {
  const byCohort = new Map<string, Map<number, number>>();
  for (const r of rows) {
    let periods = byCohort.get(r.cohort);
    if (!periods) byCohort.set(r.cohort, (periods = new Map()));
    periods.set(r.period, r.users);
  }
  return [...byCohort.entries()].map(([cohort, periods]) => {
    const size = periods.get(0) ?? 0;
    // Periods up to the end of the data for this cohort.
    const observable = Math.max(...periods.keys(), 0);
    const retained = Array.from({ length: observable + 1 }, (_, k) =>
      size ? (periods.get(k) ?? 0) / size : 0,
    );
    return { cohort, size, retained };
  });
}

/**
 * Eligible users (`event` null) and each event's adopters among them: how many (`n`) and how
 * many of those were retained.
 */
export interface FeatureCounts {
  event: string | null;
  n: number;
  retained: number;
}

export function featuresDefinition(horizonDays: number): string {
  return (
    `Users who started at least ${horizonDays} days before the end of the data. An adopter used the ` +
    `feature within their first ${horizonDays} days; a user is retained if still active ${horizonDays} ` +
    `or more days after their first day.`
  );
}

/**
 * Adopters' vs non-adopters' retention per feature: the difference with a 95% normal-approximation
 * interval and the lift, comparable features first, then by difference, largest first.
 */
export function shapeFeatureRetention(
  rows: FeatureCounts[],
  horizonDays: number,
): { eligibleUsers: number; definition: string; features: FeatureRetention[] } {
  const all = rows.find((r) => r.event === null) ?? { n: 0, retained: 0 };
  const features = rows
    .filter((r): r is FeatureCounts & { event: string } => r.event !== null)
    .map((r) => {
      const nonN = all.n - r.n;
      const nonRetained = all.retained - r.retained;
      const p1 = r.n ? r.retained / r.n : 0;
      const p0 = nonN ? nonRetained / nonN : 0;
      const se = Math.sqrt((r.n ? (p1 * (1 - p1)) / r.n : 0) + (nonN ? (p0 * (1 - p0)) / nonN : 0));
      const difference = p1 - p0;
      const ci95: [number, number] = [difference - 1.96 * se, difference + 1.96 * se];
      return {
        event: r.event,
        adopters: r.n,
        adoption: all.n ? r.n / all.n : 0,
        adopterRetention: p1,
        nonAdopterRetention: p0,
        difference,
        ci95,
        lift: p0 > 0 ? p1 / p0 : null,
        significant: r.n > 0 && nonN > 0 && (ci95[0] > 0 || ci95[1] < 0),
        comparable: r.n > 0 && nonN > 0,
      };
    })
    .sort(
      (a, b) =>
        Number(b.comparable) - Number(a.comparable) ||
        b.difference - a.difference ||
        a.event.localeCompare(b.event),
    );
  return { eligibleUsers: all.n, definition: featuresDefinition(horizonDays), features };
}

export function funnelDefinition(withinDays?: number): string {
  return (
    "Each user counts at a step when their first time doing that step's event came at or after their first time doing the previous step's" +
    (withinDays ? `, within ${withinDays} days of their first step.` : '.')
  );
}

/**
 * Funnel steps from the users reaching each step (in step order) and the median hours from the
 * previous step's first use (ignored for the first step).
 */
export function shapeFunnelSteps(
  steps: string[],
  rows: { users: number; median: number | null }[],
): FunnelStep[] {
  const first = rows[0]?.users ?? 0;
  return rows.map((r, i) => ({
    event: steps[i]!,
    users: r.users,
    conversionFromPrevious: i === 0 ? null : rows[i - 1]!.users ? r.users / rows[i - 1]!.users : 0,
    conversionFromFirst: first ? r.users / first : 0,
    medianHoursFromPrevious: i === 0 ? null : r.median,
  }));
}
