import { ZForecastSummaryMetrics } from '@foresight/db';
import { z } from 'zod';
import { ZTimestamp } from './common';
import { ZJobSummary } from './jobs';

/** A forecast point: the median and the calibrated 80% band (p10–p90), to 7 significant digits. */
export const ZForecastPoint = z.object({
  /** YYYY-MM-DD. */
  date: z.string(),
  p10: z.number(),
  p50: z.number(),
  p90: z.number(),
});

/** One series' forecast points, oldest first. */
export const ZForecastSeries = z.object({
  series: z.string(),
  points: z.array(ZForecastPoint),
});

/** A trained forecast model: leaderboard, calibration, anomalies and the forecast itself. */
export const ZForecast = z.object({
  modelId: z.string(),
  version: z.number(),
  /** Name of the chosen candidate (see `metrics.candidates`). */
  chosen: z.string(),
  backend: z.string(),
  /**
   * The backtest leaderboard, per-series MASE, calibration, anomalies and notes; null for a model
   * stored in an older format. The trend/seasonal decomposition is served by
   * `forecasts.decomposition`. With a `series` filter, `perSeries` and `anomalies` only hold those.
   */
  metrics: ZForecastSummaryMetrics.nullable(),
  createdAt: ZTimestamp,
  /** Series in name order; a series filtered out (or without points in the range) is absent. */
  series: z.array(ZForecastSeries),
});

/** `forecasts.latest`: the latest forecast of a dataset (null before the first model) and its newest job. */
export const ZForecastLatest = z.object({
  forecast: ZForecast.nullable(),
  latestJob: ZJobSummary.nullable(),
});

/** One series' trend and seasonal parts over the end of its history (the arrays align with `dates`). */
export const ZDecompositionSeries = z.object({
  series: z.string(),
  /** YYYY-MM-DD. */
  dates: z.array(z.string()),
  trend: z.array(z.number()),
  seasonal: z.array(z.number()),
});

/** `forecasts.decomposition`: the decomposition of the latest model (null before the first model). */
export const ZForecastDecomposition = z
  .object({
    modelId: z.string(),
    version: z.number(),
    /** Series in name order; [] for a model trained before decompositions were kept. */
    series: z.array(ZDecompositionSeries),
  })
  .nullable();
