import { ZChurnMetrics } from '@foresight/db';
import { z } from 'zod';
import { page, ZTimestamp } from './common';
import { ZJobSummary } from './jobs';

/** A customer's (or user's) churn score with what pushes it up. */
export const ZChurnScore = z.object({
  /** The customer id or user id from the dataset. */
  id: z.string(),
  /** 1 = highest risk among all scored customers of the model (unaffected by filters). */
  rank: z.number(),
  /** Calibrated probability of churning (0…1). */
  score: z.number(),
  /** Features by contribution to the log-odds, largest first. */
  drivers: z.array(z.object({ feature: z.string(), contribution: z.number() })),
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
});
