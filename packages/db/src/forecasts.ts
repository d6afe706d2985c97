import { z } from 'zod';
import type { DbHandle } from './client';
import { NotFoundError } from './errors';

/** What a forecast model stores in `models.metrics`: its holdout leaderboard. */
export const ZForecastMetrics = z.object({
  frequency: z.string(),
  horizon: z.number().int(),
  holdoutHorizon: z.number().int(),
  seasonality: z.number().int(),
  candidates: z.array(
    z.object({
      name: z.string(),
      label: z.string(),
      mase: z.number().nullable(),
      smape: z.number().nullable(),
      coverage80: z.number().nullable(),
      fitMs: z.number(),
    }),
  ),
  perSeries: z.array(
    z.object({ series: z.string(), mase: z.record(z.string(), z.number().nullable()) }),
  ),
  trainMs: z.number(),
});
export type ForecastMetrics = z.infer<typeof ZForecastMetrics>;

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
    chosen: string;
    backend: string;
    metrics: ForecastMetrics;
    params: Record<string, unknown>;
    points: ForecastPointInput[];
  },
): Promise<{ modelId: string; version: number }> {
  return db.prisma.$transaction(async (tx) => {
    const job = await tx.trainingJob.findUnique({ where: { id: input.jobId } });
    if (!job) throw new NotFoundError('Job');
    const latest = await tx.model.aggregate({
      where: { datasetId: job.datasetId, task: 'forecast' },
      _max: { version: true },
    });
    const version = (latest._max.version ?? 0) + 1;
    const model = await tx.model.create({
      data: {
        organizationId: job.organizationId,
        datasetId: job.datasetId,
        jobId: job.id,
        task: 'forecast',
        version,
        chosen: input.chosen,
        backend: input.backend,
        metrics: ZForecastMetrics.parse(input.metrics),
        params: input.params as object,
      },
    });
    await tx.forecastPoint.createMany({
      data: input.points.map((p) => ({
        modelId: model.id,
        organizationId: job.organizationId,
        series: p.series,
        date: new Date(`${p.date}T00:00:00Z`),
        p10: p.p10,
        p50: p.p50,
        p90: p.p90,
      })),
    });
    await tx.trainingJob.update({
      where: { id: job.id },
      data: {
        status: 'succeeded',
        finishedAt: new Date(),
        progressRatio: 1,
        backend: input.backend,
        progress: { phase: 'done' },
      },
    });
    return { modelId: model.id, version };
  });
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
  const model = await db.prisma.model.findFirst({
    where: { organizationId, datasetId, task: 'forecast' },
    orderBy: { version: 'desc' },
    include: { forecastPoints: { orderBy: [{ series: 'asc' }, { date: 'asc' }] } },
  });
  if (!model) return null;
  const bySeries = new Map<string, ForecastPointInput[]>();
  for (const p of model.forecastPoints) {
    const list = bySeries.get(p.series) ?? [];
    list.push({
      series: p.series,
      date: p.date.toISOString().slice(0, 10),
      p10: p.p10,
      p50: p.p50,
      p90: p.p90,
    });
    bySeries.set(p.series, list);
  }
  return {
    modelId: model.id,
    version: model.version,
    chosen: model.chosen,
    backend: model.backend,
    metrics: ZForecastMetrics.safeParse(model.metrics).data ?? null,
    createdAt: model.createdAt,
    series: [...bySeries.entries()].map(([series, points]) => ({ series, points })),
  };
}

export async function requireForecastDataset(
  db: DbHandle,
  organizationId: string,
  datasetId: string,
): Promise<void> {
  const found = await db.prisma.dataset.findFirst({
    where: { id: datasetId, organizationId, kind: 'market' },
    select: { id: true },
  });
  if (!found) throw new NotFoundError('Dataset');
}
