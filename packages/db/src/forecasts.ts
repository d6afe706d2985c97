import { z } from 'zod';
import type { DbHandle } from './client';
import { copyRows } from './copy';
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
  calibration: z
    .object({
      coverageBefore: z.number(),
      coverageAfter: z.number(),
      residuals: z.number(),
      pooled: z.boolean(),
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
        (p) => [m.modelId, m.organizationId, p.series, p.date, p.p10, p.p50, p.p90],
      ),
  );
  return { modelId: model.modelId, version: model.version };
}

export interface ForecastView {
  modelId: string;
  version: number;
  chosen: string;
  backend: string;
  metrics: ForecastMetrics | null;
  createdAt: Date;
  series: { series: string; points: ForecastPointInput[] }[];
}

/** The latest forecast model of a dataset with its points, or null when none was trained yet. */
export async function latestForecast(
  db: DbHandle,
  organizationId: string,
  datasetId: string,
): Promise<ForecastView | null> {
  // One round trip (a hot read for dashboards and API clients): the newest model and its points.
  const { rows } = await db.pool.query<{
    id: string;
    version: number;
    chosen: string;
    backend: string;
    metrics: unknown;
    created_at: Date;
    points: ForecastPointInput[] | null;
  }>(
    `SELECT m.id, m.version, m.chosen, m.backend, m.metrics, m.created_at,
            (SELECT json_agg(json_build_object('series', p.series, 'date', to_char(p.date, 'YYYY-MM-DD'),
                                               'p10', p.p10, 'p50', p.p50, 'p90', p.p90)
                             ORDER BY p.series, p.date)
             FROM forecast_points p WHERE p.model_id = m.id) AS points
     FROM models m
     WHERE m.organization_id = $1 AND m.dataset_id = $2 AND m.task = 'forecast'
     ORDER BY m.pinned DESC, m.version DESC LIMIT 1`,
    [organizationId, datasetId],
  );
  const model = rows[0];
  if (!model) return null;
  const bySeries = new Map<string, ForecastPointInput[]>();
  for (const p of model.points ?? []) {
    const list = bySeries.get(p.series) ?? [];
    list.push(p);
    bySeries.set(p.series, list);
  }
  return {
    modelId: model.id,
    version: model.version,
    chosen: model.chosen,
    backend: model.backend,
    metrics: ZForecastMetrics.safeParse(model.metrics).data ?? null,
    createdAt: model.created_at,
    series: [...bySeries.entries()].map(([series, points]) => ({ series, points })),
  };
}
