import { z } from 'zod';
import type { DbHandle } from './client';
import { copyRows } from './copy';
import { modelBlobCache } from './model-blob-cache';
import { significant } from './precision';
import { saveModelResult } from './models';

/** What a churn model stores in `models.metrics`: leaderboard, calibration, threshold, importance. */
export const ZChurnMetrics = z
  .object({
    mode: z.enum(['table', 'events']),
    chosen: z.string(),
    /** Why `chosen` won, in words (older models: absent). */
    selection: z.string().optional(),
    candidates: z.array(
      z
        .object({
          name: z.string(),
          rocAuc: z.number(),
          rocAucSe: z.number(),
          prAuc: z.number(),
          logLoss: z.number(),
          fitMs: z.number(),
        })
        .passthrough(),
    ),
    calibration: z.array(
      z.object({ bin: z.number(), predicted: z.number(), observed: z.number(), count: z.number() }),
    ),
    threshold: z.object({
      value: z.number(),
      precision: z.number(),
      recall: z.number(),
      f1: z.number(),
    }),
    importance: z.array(z.object({ feature: z.string(), importance: z.number() })),
    features: z.array(z.object({ name: z.string(), type: z.string() })),
    rows: z.object({ train: z.number(), validation: z.number(), scored: z.number() }),
    positiveRate: z.number(),
    cutoff: z.string().optional(),
    windowDays: z.number().optional(),
    trainMs: z.number(),
  })
  .passthrough();
export type ChurnMetrics = z.infer<typeof ZChurnMetrics>;

/**
 * What pushes a score up. `value` (the customer's raw value), `typical` (median or most common
 * value of the training rows) and `text` (the driver in words) are absent in rows stored before
 * they existed: show `feature` then.
 */
export interface ChurnDriverRow {
  feature: string;
  contribution: number;
  value?: number | string | null;
  typical?: number | string | null;
  text?: string;
}

export interface ChurnScoreRow {
  id: string;
  score: number;
  drivers: ChurnDriverRow[];
}

/** Writes a churn model, every score (COPY, ranked) and the job's success in one transaction. */
export async function saveChurnResult(
  db: DbHandle,
  input: {
    jobId: string;
    /** The attempt writing the result; a superseded attempt is refused. */
    attempt?: number;
    backend: string;
    chosen: string;
    metrics: ChurnMetrics;
    params: object;
    scores: ChurnScoreRow[];
  },
): Promise<{ modelId: string; version: number }> {
  const ranked = [...input.scores].sort((a, b) => b.score - a.score);
  const model = await saveModelResult(
    db,
    {
      jobId: input.jobId,
      attempt: input.attempt,
      task: 'churn',
      chosen: input.chosen,
      backend: input.backend,
      metrics: ZChurnMetrics.parse(input.metrics),
      params: input.params,
    },
    (client, m) =>
      copyRows(
        client,
        'churn_scores',
        ['model_id', 'organization_id', 'entity_id', 'rank', 'score', 'drivers'],
        ranked.map((s, i) => ({ ...s, rank: i + 1 })),
        (s) => [
          m.modelId,
          m.organizationId,
          s.id,
          s.rank,
          significant(s.score, 6),
          driversJson(s.drivers),
        ],
      ),
  );
  return { modelId: model.modelId, version: model.version };
}

/** Contributions to 4 decimals of log-odds: finer than anyone reads, a third of the bytes. */
function driversJson(drivers: ChurnScoreRow['drivers']): string {
  return JSON.stringify(
    drivers.map((d) => ({ ...d, contribution: Math.round(d.contribution * 1e4) / 1e4 })),
  );
}

export type ChurnScore = ChurnScoreRow & { rank: number };

export interface ChurnView {
  modelId: string;
  version: number;
  backend: string;
  createdAt: Date;
  metrics: ChurnMetrics;
  /** Scores matching the filter (all pages). */
  total: number;
  /** One page of scores in the requested order. */
  scores: ChurnScore[];
  /** Whether scores follow this page. */
  hasMore: boolean;
}

/** 'highest': highest risk (rank 1) first; 'lowest': lowest risk first. */
export type ChurnOrder = 'highest' | 'lowest';

export interface ChurnPage {
  limit: number;
  order?: ChurnOrder | undefined;
  /** Keyset: scores after this rank in `order` (ranks are 1-based, 1 = highest risk). */
  afterRank?: number | null | undefined;
  /** Only users who never did this event (from the behaviour-analytics aggregates). */
  neverUsed?: string | undefined;
  /**
   * The users who did `neverUsed`'s event, when the events engine gave them (ClickHouse keeps no
   * per-user aggregates in PostgreSQL); absent: read from the aggregates.
   */
  usedBy?: string[] | undefined;
}

/**
 * Scores of users who never did event $5 (when given): not among $6 when the engine listed the
 * users who did, else from the behaviour-analytics aggregates.
 */
const NEVER_USED = `($5::text IS NULL OR CASE WHEN $6::text[] IS NOT NULL THEN NOT (s.entity_id = ANY($6::text[]))
  ELSE NOT EXISTS (
  SELECT 1 FROM analytics_user_events ue
  WHERE ue.dataset_id = $2 AND ue.event_name = $5::text AND ue.user_id = s.entity_id) END)`;

const metricsOf = modelBlobCache(
  200,
  (raw: unknown): ChurnMetrics | null => ZChurnMetrics.safeParse(raw).data ?? null,
);

/**
 * The latest churn model of a dataset with one page of its scores (keyset by rank: highest risk
 * first by default), or null when none was trained yet.
 */
export async function latestChurn(
  db: DbHandle,
  organizationId: string,
  datasetId: string,
  page: ChurnPage,
): Promise<ChurnView | null> {
  const lowest = page.order === 'lowest';
  // One round trip: the newest model, the total, and one page of its scores (one more than asked,
  // to know whether another page follows) — an index range scan on (model_id, rank).
  const { rows } = await db.pool.query<{
    id: string;
    version: number;
    backend: string;
    created_at: Date;
    metrics: unknown;
    total: number;
    scores: ChurnScore[] | null;
  }>(
    `WITH m AS (
       SELECT id, version, backend, created_at, metrics FROM models
       WHERE organization_id = $1 AND dataset_id = $2 AND task = 'churn'
       ORDER BY pinned DESC, version DESC LIMIT 1)
     SELECT m.*,
            (SELECT count(*)::int FROM churn_scores s WHERE s.model_id = m.id AND ${NEVER_USED}) AS total,
            (SELECT json_agg(json_build_object('id', s.entity_id, 'rank', s.rank, 'score', s.score, 'drivers', s.drivers)
                             ORDER BY s.rank ${lowest ? 'DESC' : 'ASC'})
             FROM (SELECT * FROM churn_scores s
                   WHERE s.model_id = m.id AND s.organization_id = $1 AND ${NEVER_USED}
                     AND ($3::int IS NULL OR s.rank ${lowest ? '<' : '>'} $3::int)
                   ORDER BY rank ${lowest ? 'DESC' : 'ASC'} LIMIT $4) s) AS scores
     FROM m`,
    [
      organizationId,
      datasetId,
      page.afterRank ?? null,
      page.limit + 1,
      page.neverUsed ?? null,
      page.usedBy ?? null,
    ],
  );
  const model = rows[0];
  if (!model) return null;
  const metrics = metricsOf(model.id, model.metrics);
  if (!metrics) return null;
  const scores = model.scores ?? [];
  return {
    modelId: model.id,
    version: model.version,
    backend: model.backend,
    createdAt: model.created_at,
    metrics,
    total: model.total,
    scores: scores.slice(0, page.limit),
    hasMore: scores.length > page.limit,
  };
}
