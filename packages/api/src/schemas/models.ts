import { z } from 'zod';
import { ZJson, ZTask, ZTimestamp } from './common';

/** A kept version of a dataset's model for one task. */
export const ZModelVersion = z.object({
  id: z.string(),
  task: ZTask,
  /** 1, 2, 3… per dataset and task. */
  version: z.number(),
  /** The candidate the trainer chose (e.g. "ets", "mlp", "item_knn"). */
  chosen: z.string(),
  /** Where it was trained (e.g. "cpu"). */
  backend: z.string(),
  /** Shown instead of the newest version while pinned. */
  pinned: z.boolean(),
  createdAt: ZTimestamp,
  /** The training job that produced it. */
  jobId: z.string(),
  /**
   * The trainer's evaluation, by task: see ZForecastMetrics, ZRiskMetrics, ZChurnMetrics and
   * ZRecommendMetrics in @foresight/db (models trained by older versions may lack fields).
   */
  metrics: ZJson,
});
