import { ZChurnMetrics } from '@foresight/db';
import { z } from 'zod';
import { page, ZTimestamp } from './common';
import { ZJobSummary } from './jobs';

/** One feature pushing a churn score up. */
export const ZChurnDriver = z.object({
  /** The feature (column name, or an event-log feature such as "days since last activity"). */
  feature: z.string(),
  /** Change in log-odds of churn against the training average (positive = raises risk). */
  contribution: z.number(),
  /** This customer's raw value (null = missing); absent in models trained before it existed. */
  value: z.union([z.number(), z.string()]).nullable().optional(),
  /** Median (or most common category) of the training rows; absent in older models. */
  typical: z.union([z.number(), z.string()]).nullable().optional(),
  /** The driver in words, e.g. "no activity for 41 days (typical 6)"; absent in older models. */
  text: z.string().optional(),
});

/** A customer's (or user's) churn score with what pushes it up. */
export const ZChurnScore = z.object({
  /** The customer id or user id from the dataset. */
  id: z.string(),
  /** 1 = highest risk among all scored customers of the model (unaffected by filters). */
  rank: z.number(),
  /** Calibrated probability of churning (0…1). */
  score: z.number(),
  /** Features by contribution to the log-odds, largest first. */
  drivers: z.array(ZChurnDriver),
});

/** A churn model with its quality report and one page of scores. */
export const ZChurn = z.object({
  modelId: z.string(),
  version: z.number(),
  backend: z.string(),
  createdAt: ZTimestamp,
  /** Leaderboard, calibration, alert threshold, feature importance and row counts. */
  metrics: z.object(ZChurnMetrics.shape),
  /** Scores matching the filter (`neverUsed`), over all pages. */
  total: z.number(),
  /**
   * One page of scores in the requested order. Pass `nextCursor` back as `cursor` (with the same
   * `order` and filter) for the next page; it is null on the last page.
   */
  scores: page(ZChurnScore),
});

/** `churn.latest`: the latest churn model of a dataset (null before the first) and its newest job. */
export const ZChurnLatest = z.object({
  churn: ZChurn.nullable(),
  latestJob: ZJobSummary.nullable(),
});

/** `churn.export`: one row per scored customer, highest risk first. */
export const ZChurnExportRow = z.object({
  id: z.string(),
  rank: z.number(),
  score: z.number(),
  /** The feature contributing most to the score, or '' when none. */
  topDriver: z.string(),
  /** The top three drivers in words, `; `-separated (feature names for older models), or ''. */
  drivers: z.string(),
});
