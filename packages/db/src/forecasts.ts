import { z } from 'zod';
import type { DbHandle } from './client';
import { copyRows } from './copy';
import { modelBlobCache } from './model-blob-cache';
import { significant } from './precision';
import { saveModelResult } from './models';

/** What a forecast model stores in `models.metrics`: its backtest leaderboard and chart extras. */
export const ZForecastMetrics = z.object({
  frequency: z.string(),
  horizon: z.number().int(),
  holdoutHorizon: z.number().int(),
  seasonality: z.number().int(),
  /** Rolling-origin backtest: origins per series and the step between them. */
  backtestOrigins: z.number().int().default(1),
  backtestStep: z.number().int().default(0),
  candidates: z.array(
    z.object({
      name: z.string(),
      label: z.string(),
      mase: z.number().nullable(),
      /** Geometric mean over series of MASE ÷ seasonal naive's MASE (< 1 beats the baseline). */
      relativeMase: z.number().nullable().default(null),
      smape: z.number().nullable(),
      coverage80: z.number().nullable(),
      fitMs: z.number(),
      refitMs: z.number().default(0),
      available: z.boolean().default(true),
    }),
  ),
  perSeries: z.array(
    z.object({
      series: z.string(),
      mase: z.record(z.string(), z.number().nullable()),
      weights: z.record(z.string(), z.number()).default({}),
    }),
  ),
  /** Steps of each backtest window; less than `horizon` when the history is too short for it. */
  backtestHorizon: z.number().int().optional(),
  calibration: z
    .object({
      coverageBefore: z.number(),
      coverageAfter: z.number(),
      residuals: z.number(),
      pooled: z.boolean(),
      /** Coverage the p10–p90 band claims (0.8). */
      nominal: z.number().default(0.8),
      /**
       * Measured coverage of the calibrated band: each backtest window checked against a band
       * calibrated without it (cross-validated), so it is an honest estimate, not 0.8 by design.
       */
      measured: z.number().nullable().default(null),
    })
    .nullable()
    .default(null),
  /** Trend and seasonal parts over the end of each series' history (dates aligned). */
  decomposition: z
    .array(
      z.object({
        series: z.string(),
        dates: z.array(z.string()),
        trend: z.array(z.number()),
        seasonal: z.array(z.number()),
      }),
    )
    .default([]),
  anomalies: z
    .array(
      z.object({
        series: z.string(),
        date: z.string(),
        value: z.number(),
        expected: z.number(),
        lower: z.number(),
        upper: z.number(),
        score: z.number(),
        excess: z.number(),
        direction: z.enum(['above', 'below']),
      }),
    )
    .default([]),
  notes: z.array(z.string()).default([]),
  trainMs: z.number(),
});
export type ForecastMetrics = z.infer<typeof ZForecastMetrics>;
export type ForecastMetricsInput = z.input<typeof ZForecastMetrics>;

export interface ForecastPointInput {
  series: string;
  date: string;
  p10: number;
  p50: number;
  p90: number;
}

/**
 * Writes a trained forecast model, its points and the job's success in one transaction, so a
 * job either leaves a complete result or nothing. Returns the new model id and version.
 */
export async function saveForecastResult(
  db: DbHandle,
  input: {
    jobId: string;
    /** The attempt writing the result; a superseded attempt is refused. */
    attempt?: number;
    chosen: string;
    backend: string;
    metrics: ForecastMetricsInput;
    params: Record<string, unknown>;
    points: ForecastPointInput[];
  },
): Promise<{ modelId: string; version: number }> {
  const model = await saveModelResult(
    db,
    {
      jobId: input.jobId,
      attempt: input.attempt,
      task: 'forecast',
      chosen: input.chosen,
      backend: input.backend,
      metrics: ZForecastMetrics.parse(input.metrics),
      params: input.params,
    },
    (client, m) =>
      copyRows(
        client,
        'forecast_points',
        ['model_id', 'organization_id', 'series', 'date', 'p10', 'p50', 'p90'],
        input.points,
        // 7 significant digits: far finer than any interval, and half the bytes of every answer.
        (p) => [
          m.modelId,
          m.organizationId,
          p.series,
          p.date,
          significant(p.p10),
          significant(p.p50),
          significant(p.p90),
        ],
      ),
  );
  return { modelId: model.modelId, version: model.version };
}

/** The stored metrics without the decomposition: what a forecast read carries (small). */
export const ZForecastSummaryMetrics = ZForecastMetrics.omit({ decomposition: true });
export type ForecastSummaryMetrics = z.infer<typeof ZForecastSummaryMetrics>;

/** One series' trend and seasonal parts (dates aligned). */
export type ForecastDecomposition = ForecastMetrics['decomposition'][number];

/** A forecast point of one series (the series is the list it is in). */
export interface ForecastPoint {
  date: string;
  p10: number;
  p50: number;
  p90: number;
}

export interface ForecastView {
  modelId: string;
  version: number;
  chosen: string;
  backend: string;
  /** Null when the stored metrics do not parse (a model from an older format). */
  metrics: ForecastSummaryMetrics | null;
  createdAt: Date;
  series: { series: string; points: ForecastPoint[] }[];
}

export interface ForecastFilter {
  /** Only these series (unknown names are simply absent); all when undefined. */
  series?: readonly string[] | undefined;
  /** Only forecast points on or after this date (YYYY-MM-DD). */
  from?: string | undefined;
  /** Only forecast points on or before this date (YYYY-MM-DD). */
  to?: string | undefined;
}

const summaryMetricsOf = modelBlobCache(
  200,
  (raw: unknown): ForecastSummaryMetrics | null =>
    ZForecastSummaryMetrics.safeParse(raw).data ?? null,
);

/**
 * The latest forecast model of a dataset with its points (optionally only some series and a date
 * range), or null when none was trained yet. The metrics come without the decomposition, which
 * `latestForecastDecomposition` reads on its own.
 */
export async function latestForecast(
  db: DbHandle,
  organizationId: string,
  datasetId: string,
  filter: ForecastFilter = {},
): Promise<ForecastView | null> {
  // One round trip (a hot read for dashboards and API clients): the newest model, its metrics
  // minus the decomposition (the bulk of the blob, left in the database), and its points grouped
  // by series.
  const { rows } = await db.pool.query<{
    id: string;
    version: number;
    chosen: string;
    backend: string;
    metrics: unknown;
    created_at: Date;
    series: { series: string; points: ForecastPoint[] }[] | null;
  }>(
    `SELECT m.id, m.version, m.chosen, m.backend, 
            CASE WHEN jsonb_typeof(m.metrics) = 'object' THEN m.metrics - 'decomposition' END AS metrics,
            m.created_at,
            (SELECT json_agg(json_build_object('series', g.series, 'points', g.points) ORDER BY g.series)
             FROM (SELECT p.series,
                          json_agg(json_build_object('date', to_char(p.date, 'YYYY-MM-DD'),
                                                     'p10', p.p10, 'p50', p.p50, 'p90', p.p90)
                                   ORDER BY p.date) AS points
                   FROM forecast_points p
                   WHERE p.model_id = m.id AND p.organization_id = $1
                     AND ($3::text[] IS NULL OR p.series = ANY($3::text[]))
                     AND ($4::date IS NULL OR p.date >= $4::date)
                     AND ($5::date IS NULL OR p.date <= $5::date)
                   GROUP BY p.series) g) AS series
     FROM models m
     WHERE m.organization_id = $1 AND m.dataset_id = $2 AND m.task = 'forecast'
     ORDER BY m.pinned DESC, m.version DESC LIMIT 1`,
    [
      organizationId,
      datasetId,
      filter.series ? [...filter.series] : null,
      filter.from ?? null,
      filter.to ?? null,
    ],
  );
  const model = rows[0];
  if (!model) return null;
  const metrics = summaryMetricsOf(model.id, model.metrics);
  return {
    modelId: model.id,
    version: model.version,
    chosen: model.chosen,
    backend: model.backend,
    metrics: metrics && filter.series ? onlySeries(metrics, filter.series) : metrics,
    createdAt: model.created_at,
    series: model.series ?? [],
  };
}

/** The per-series parts of the metrics narrowed to some series (a copy: the cached parse stays whole). */
function onlySeries(
  metrics: ForecastSummaryMetrics,
  series: readonly string[],
): ForecastSummaryMetrics {
  const wanted = new Set(series);
  return {
    ...metrics,
    perSeries: metrics.perSeries.filter((s) => wanted.has(s.series)),
    anomalies: metrics.anomalies.filter((a) => wanted.has(a.series)),
  };
}

// Fewer than the metrics: decompositions are larger (~40 KB a model).
const decompositionOf = modelBlobCache(
  50,
  (raw: unknown): ForecastDecomposition[] =>
    ZForecastMetrics.shape.decomposition.safeParse(raw ?? undefined).data ?? [],
);

/**
 * The trend/seasonal decomposition of the latest forecast model of a dataset (optionally only some
 * series), or null when no model was trained yet. Models from before decompositions give [].
 */
export async function latestForecastDecomposition(
  db: DbHandle,
  organizationId: string,
  datasetId: string,
  filter: Pick<ForecastFilter, 'series'> = {},
): Promise<{ modelId: string; version: number; series: ForecastDecomposition[] } | null> {
  const { rows } = await db.pool.query<{ id: string; version: number; decomposition: unknown }>(
    `SELECT m.id, m.version, m.metrics -> 'decomposition' AS decomposition
     FROM models m
     WHERE m.organization_id = $1 AND m.dataset_id = $2 AND m.task = 'forecast'
     ORDER BY m.pinned DESC, m.version DESC LIMIT 1`,
    [organizationId, datasetId],
  );
  const model = rows[0];
  if (!model) return null;
  const parts = decompositionOf(model.id, model.decomposition);
  const wanted = filter.series && new Set(filter.series);
  return {
    modelId: model.id,
    version: model.version,
    series: wanted ? parts.filter((d) => wanted.has(d.series)) : parts,
  };
}
