import { z } from 'zod';

/** computing: the aggregates are being refreshed after a load; results are empty until ready. */
export const ZAnalyticsStatus = z.enum(['ready', 'computing']);

/** One day, week or month of activity. */
export const ZActivityPoint = z.object({
  /** Start of the period, YYYY-MM-DD. */
  period: z.string(),
  activeUsers: z.number(),
  newUsers: z.number(),
  returningUsers: z.number(),
  events: z.number(),
  revenue: z.number(),
  /** DAU/MAU (per day), or the period's average DAU over its last MAU; null when filtered by event. */
  stickiness: z.number().nullable(),
});

export const ZAnalyticsOverview = z.object({
  status: ZAnalyticsStatus,
  /** The whole data's first and last day (YYYY-MM-DD), or null when there is none. */
  range: z.object({ from: z.string(), to: z.string() }).nullable(),
  /** Every event name, most users first. */
  eventNames: z.array(z.string()),
  series: z.array(ZActivityPoint),
  /** Events in the range; users: everyone who ever did it. */
  eventVolume: z.array(z.object({ event: z.string(), events: z.number(), users: z.number() })),
  /** How many users did 1, 2–3, 4–7 … events within the range. */
  activityDistribution: z.array(z.object({ bucket: z.string(), users: z.number() })),
  totals: z.object({ users: z.number(), events: z.number(), revenue: z.number() }),
});

export const ZRetentionCohort = z.object({
  /** Start of the cohort's first week or month, YYYY-MM-DD. */
  cohort: z.string(),
  size: z.number(),
  /** Share of the cohort active in period 0, 1, 2… after its first (period 0 is 1). */
  retained: z.array(z.number()),
});

export const ZAnalyticsRetention = z.object({
  status: ZAnalyticsStatus,
  cohorts: z.array(ZRetentionCohort),
});

/** An event treated as a feature: adoption, and retention of adopters against non-adopters. */
export const ZFeatureRetention = z.object({
  event: z.string(),
  adopters: z.number(),
  /** Share of eligible users who adopted it, 0…1. */
  adoption: z.number(),
  adopterRetention: z.number(),
  nonAdopterRetention: z.number(),
  /** adopterRetention − nonAdopterRetention. */
  difference: z.number(),
  /** 95% interval of the difference (normal approximation). */
  ci95: z.tuple([z.number(), z.number()]),
  /** adopterRetention / nonAdopterRetention, or null when no non-adopter was retained. */
  lift: z.number().nullable(),
  /** The interval excludes 0. */
  significant: z.boolean(),
  /** False when every eligible user adopted it (or none did): nothing to compare with. */
  comparable: z.boolean(),
});

export const ZAnalyticsFeatures = z.object({
  status: ZAnalyticsStatus,
  horizonDays: z.number(),
  /** Users who started at least `horizonDays` before the end of the data. */
  eligibleUsers: z.number(),
  /** The definitions, in words. */
  definition: z.string(),
  features: z.array(ZFeatureRetention),
});

export const ZFunnelStep = z.object({
  event: z.string(),
  users: z.number(),
  /** Null for the first step. */
  conversionFromPrevious: z.number().nullable(),
  conversionFromFirst: z.number(),
  /** Median hours from the previous step; null for the first step. */
  medianHoursFromPrevious: z.number().nullable(),
});

export const ZAnalyticsFunnel = z.object({
  status: ZAnalyticsStatus,
  steps: z.array(ZFunnelStep),
  /** The definition, in words. */
  definition: z.string(),
});
