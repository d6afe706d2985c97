import { z } from 'zod';
import type { DbHandle } from './client';
import { copyRows } from './copy';
import { latestModel, saveModelResult } from './models';

/** What a recommendation model stores in `models.metrics`. */
export const ZRecommendMetrics = z
  .object({
    chosen: z.string(),
    candidates: z.array(
      z
        .object({
          name: z.string(),
          hr10: z.number(),
          ndcg10: z.number(),
          coverage: z.number(),
          fitMs: z.number(),
        })
        .passthrough(),
    ),
    users: z.number(),
    items: z.number(),
    interactions: z.number(),
    evaluatedUsers: z.number(),
    /** Most popular items: what users without history get. */
    popular: z.array(z.object({ item: z.string(), score: z.number() })),
    trainMs: z.number(),
  })
  .passthrough();
export type RecommendMetrics = z.infer<typeof ZRecommendMetrics>;

export interface ItemScore {
  item: string;
  score: number;
  /**
   * Recommendations only: the item of the user's history that contributed most to this item's
   * score ("because you used X"); absent for popularity, cold users and older models.
   */
  because?: string;
}

/**
 * Each list's items with their 1-based rank, generated as COPY reads them: no row object per
 * recommended item is held (5.7M for 570k users' top 10).
 */
function* rankedRows<L>(
  lists: readonly L[],
  items: (list: L) => readonly ItemScore[],
): Generator<[L, ItemScore, number]> {
  for (const list of lists) {
    const ranked = items(list);
    for (let i = 0; i < ranked.length; i += 1) yield [list, ranked[i] as ItemScore, i + 1];
  }
}

/** Writes a recommendation model, every user's top items and every item's neighbours in one transaction. */
export async function saveRecommendResult(
  db: DbHandle,
  input: {
    jobId: string;
    /** The attempt writing the result; a superseded attempt is refused. */
    attempt?: number;
    backend: string;
    chosen: string;
    metrics: RecommendMetrics;
    params: object;
    recommendations: { user: string; items: ItemScore[] }[];
    similarItems: { item: string; similar: ItemScore[] }[];
  },
): Promise<{ modelId: string; version: number }> {
  const model = await saveModelResult(
    db,
    {
      jobId: input.jobId,
      attempt: input.attempt,
      task: 'recommend',
      chosen: input.chosen,
      backend: input.backend,
      metrics: ZRecommendMetrics.parse(input.metrics),
      params: input.params,
    },
    async (client, m) => {
      await copyRows(
        client,
        'recommendations',
        ['model_id', 'organization_id', 'user_id', 'rank', 'item_id', 'score', 'because_item_id'],
        rankedRows(input.recommendations, (r) => r.items),
        ([r, it, rank]) => [
          m.modelId,
          m.organizationId,
          r.user,
          rank,
          it.item,
          it.score,
          it.because ?? null,
        ],
      );
      await copyRows(
        client,
        'similar_items',
        ['model_id', 'organization_id', 'item_id', 'rank', 'similar_item_id', 'score'],
        rankedRows(input.similarItems, (s) => s.similar),
        ([s, it, rank]) => [m.modelId, m.organizationId, s.item, rank, it.item, it.score],
      );
    },
  );
  return { modelId: model.modelId, version: model.version };
}

export interface RecommendView {
  modelId: string;
  version: number;
  backend: string;
  createdAt: Date;
  metrics: RecommendMetrics;
  /** A few user ids with recommendations, to try the lookup with. */
  exampleUsers: string[];
  exampleItems: string[];
}

export async function latestRecommendations(
  db: DbHandle,
  organizationId: string,
  datasetId: string,
): Promise<RecommendView | null> {
  const model = await latestModel(db, organizationId, datasetId, 'recommend');
  if (!model) return null;
  const metrics = ZRecommendMetrics.safeParse(model.metrics);
  if (!metrics.success) return null;
  const [users, items] = await Promise.all([
    db.pool.query<{ user_id: string }>(
      'SELECT DISTINCT user_id FROM recommendations WHERE model_id = $1 AND organization_id = $2 ORDER BY user_id LIMIT 8',
      [model.id, organizationId],
    ),
    db.pool.query<{ item_id: string }>(
      'SELECT DISTINCT item_id FROM similar_items WHERE model_id = $1 AND organization_id = $2 ORDER BY item_id LIMIT 8',
      [model.id, organizationId],
    ),
  ]);
  return {
    modelId: model.id,
    version: model.version,
    backend: model.backend,
    createdAt: model.createdAt,
    metrics: metrics.data,
    exampleUsers: users.rows.map((r) => r.user_id),
    exampleItems: items.rows.map((r) => r.item_id),
  };
}

/** A user's recommendations from the latest model; users without history get the popular items. */
export async function recommendationsForUser(
  db: DbHandle,
  organizationId: string,
  datasetId: string,
  user: string,
): Promise<{ user: string; coldStart: boolean; items: ItemScore[] } | null> {
  const view = await latestModel(db, organizationId, datasetId, 'recommend');
  if (!view) return null;
  const { rows } = await db.pool.query<{
    item_id: string;
    score: number;
    because_item_id: string | null;
  }>(
    `SELECT item_id, score, because_item_id FROM recommendations
     WHERE model_id = $1 AND organization_id = $2 AND user_id = $3 ORDER BY rank`,
    [view.id, organizationId, user],
  );
  if (rows.length)
    return {
      user,
      coldStart: false,
      items: rows.map((r) => ({
        item: r.item_id,
        score: r.score,
        ...(r.because_item_id === null ? {} : { because: r.because_item_id }),
      })),
    };
  const metrics = ZRecommendMetrics.safeParse(view.metrics);
  return { user, coldStart: true, items: metrics.success ? metrics.data.popular : [] };
}

/** Items most similar to an item in the latest model ("because you used X"). */
export async function similarItemsFor(
  db: DbHandle,
  organizationId: string,
  datasetId: string,
  item: string,
): Promise<ItemScore[] | null> {
  const view = await latestModel(db, organizationId, datasetId, 'recommend');
  if (!view) return null;
  const { rows } = await db.pool.query<{ similar_item_id: string; score: number }>(
    `SELECT similar_item_id, score FROM similar_items
     WHERE model_id = $1 AND organization_id = $2 AND item_id = $3 ORDER BY rank`,
    [view.id, organizationId, item],
  );
  return rows.map((r) => ({ item: r.similar_item_id, score: r.score }));
}

export interface HistoryItem {
  item: string;
  /** The user's latest event on the item. */
  lastUsedAt: Date;
  /** The user's events on the item. */
  uses: number;
}

/**
 * The distinct items a user used most recently in an events dataset (latest first, at most
 * `limit`), with when and how often: what their recommendations are built from. [] for a user
 * without item events; null when the dataset is not an events dataset of the organization.
 */
export async function recentItemsForUser(
  db: DbHandle,
  organizationId: string,
  datasetId: string,
  user: string,
  limit = 10,
): Promise<HistoryItem[] | null> {
  const found = await db.prisma.dataset.findFirst({
    where: { id: datasetId, organizationId, kind: 'events' },
    select: { id: true },
  });
  if (!found) return null;
  const { rows } = await db.pool.query<{ item_id: string; last_at: Date; uses: number }>(
    `SELECT item_id, max(occurred_at) AS last_at, count(*)::int AS uses
     FROM events
     WHERE organization_id = $1 AND dataset_id = $2 AND user_id = $3 AND item_id IS NOT NULL
     GROUP BY item_id
     ORDER BY last_at DESC, item_id
     LIMIT $4`,
    [organizationId, datasetId, user, limit],
  );
  return rows.map((r) => ({ item: r.item_id, lastUsedAt: r.last_at, uses: r.uses }));
}
