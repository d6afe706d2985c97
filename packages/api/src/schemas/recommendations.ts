import { ZRecommendMetrics } from '@foresight/db';
import { z } from 'zod';
import { ZTimestamp } from './common';
import { ZJobSummary } from './jobs';

/** An item with its score (higher = more relevant; comparable within one list only). */
export const ZItemScore = z.object({ item: z.string(), score: z.number() });

/**
 * A recommended item: its score and, when the model can say, `because` — the item of the user's
 * history that contributed most to it ("because you used X"). Absent for popular items.
 */
export const ZRecommendedItem = ZItemScore.extend({ because: z.string().optional() });

/** A recommendation model: leaderboard and a few ids to try the lookups with. */
export const ZRecommendModel = z.object({
  modelId: z.string(),
  version: z.number(),
  backend: z.string(),
  createdAt: ZTimestamp,
  metrics: ZRecommendMetrics,
  /** A few user ids that have recommendations. */
  exampleUsers: z.array(z.string()),
  /** A few item ids that have similar items. */
  exampleItems: z.array(z.string()),
});

/** `recommendations.latest`: the latest model (null before the first) and the newest job. */
export const ZRecommendLatest = z.object({
  model: ZRecommendModel.nullable(),
  latestJob: ZJobSummary.nullable(),
});

/** `recommendations.forUser`: a user's top items; null when no model was trained yet. */
export const ZUserRecommendations = z
  .object({
    user: z.string(),
    /** True when the user has no history: `items` are then the most popular items. */
    coldStart: z.boolean(),
    items: z.array(ZRecommendedItem),
  })
  .nullable();

/** `recommendations.similarItems`: items most used together with the item, most similar first. */
export const ZSimilarItems = z.array(ZItemScore);

/** An item a user used: when last, and how many events of theirs name it. */
export const ZHistoryItem = z.object({
  item: z.string(),
  lastUsedAt: ZTimestamp,
  uses: z.number().int(),
});

/**
 * `recommendations.history`: the distinct items a user used most recently (newest first, at most
 * `limit`); [] for a user with no item events.
 */
export const ZUserHistory = z.array(ZHistoryItem);
