import type { ForecastMetricsInput, ForecastPointInput, SeriesHistory } from '@foresight/db';
import {
  addPeriods,
  detectAnomalies,
  forecastWithBacktest,
  prepareSeries,
  type ForecastProgress,
  type ForecastResult,
  type Frequency,
  usableSeasonality,
} from '@foresight/ml-core';
import { forecastCandidateName } from '@foresight/ml-core/model-names';
import { storedAnomaly } from './stored-anomaly';

/** History points of the trend/seasonal breakdown kept per series (the chart shows recent history). */
const DECOMPOSITION_POINTS = 400;
/** Series the breakdown and anomaly scan are stored for (the Trends page shows one chart per series). */
const MAX_CHART_SERIES = 24;

export interface ForecastPipelineOptions {
  horizon?: number;
  frequency?: Frequency;
  seed?: number;
  epochs?: number;
  onProgress?: (p: ForecastProgress) => void;
  log?: (line: string) => void;
  /**
   * Cancels the run: training stops at the next epoch / phase boundary with every tensor freed,
   * and the promise rejects with `signal.reason` (a DOMException named `AbortError` for a bare
   * `abort()`).
   */
  signal?: AbortSignal;
}

export interface ForecastPipelineResult {
  points: ForecastPointInput[];
  metrics: ForecastMetricsInput;
  report: ForecastResult['report'];
  params: Record<string, unknown>;
}

const finite = (v: number) => (Number.isFinite(v) ? v : null);

/**
 * The forecast task as the trainer and the batch CLI both run it: lay the series on a regular
 * calendar (gaps filled and reported), pick horizon and seasonality, backtest and choose in
 * ml-core, date the forecasts, and scan the history for anomalies.
 */
export async function runForecastPipeline(
  history: SeriesHistory[],
  options: ForecastPipelineOptions = {},
): Promise<ForecastPipelineResult> {
  const log = options.log ?? (() => {});
  const prepared = prepareSeries(
    history.map((h) => ({ id: h.series, dates: h.dates, values: h.values })),
    { frequency: options.frequency ?? 'auto' },
  );
  const notes = prepared.issues.map((i) => i.message);
  for (const note of notes) log(note);

  const frequency = prepared.frequency;
  const shortest = Math.min(...prepared.series.map((s) => s.values.length));
  const horizon =
    options.horizon ?? Math.max(1, Math.min(frequency.defaultHorizon, Math.floor(shortest / 5)));
  const seasonality = usableSeasonality(frequency.seasonality, shortest, horizon);
  const seed = options.seed ?? 42;

  const started = performance.now();
  const result = await forecastWithBacktest(
    prepared.series.map((s) => ({ id: s.id, values: s.values })),
    {
      horizon,
      seasonality,
      seed,
      ...(options.epochs ? { epochs: options.epochs } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      // Every backtest fold, candidate and the refit check it at their epoch boundaries.
      ...(options.signal ? { signal: options.signal } : {}),
    },
  );
  const trainMs = performance.now() - started;
  options.signal?.throwIfAborted();
  const { report } = result;

  const byId = new Map(prepared.series.map((s) => [s.id, s]));
  const points = result.forecasts.flatMap((f) =>
    f.p50.map((p50, k) => ({
      series: f.id,
      date: addPeriods(byId.get(f.id)!.dates.at(-1)!, frequency.frequency, k + 1),
      p10: f.p10[k]!,
      p50,
      p90: f.p90[k]!,
    })),
  );

  const chartSeries = prepared.series.slice(0, MAX_CHART_SERIES);
  const anomalies = detectAnomalies(
    chartSeries.map((s) => ({ id: s.id, dates: s.dates, values: s.values })),
    { seasonality },
  );
  const decomposition = result.decomposition
    .filter((d) => byId.has(d.id))
    .slice(0, MAX_CHART_SERIES)
    .map((d) => ({
      series: d.id,
      dates: byId.get(d.id)!.dates.slice(-DECOMPOSITION_POINTS),
      trend: d.trend.slice(-DECOMPOSITION_POINTS),
      seasonal: d.seasonal.slice(-DECOMPOSITION_POINTS),
    }));

  const metrics: ForecastMetricsInput = {
    frequency: frequency.label,
    horizon,
    holdoutHorizon: report.holdoutHorizon,
    backtestHorizon: report.holdoutHorizon,
    seasonality: report.seasonality,
    backtestOrigins: report.backtestOrigins,
    backtestStep: report.backtestStep,
    candidates: report.candidates.map((c) => ({
      name: c.name,
      label: forecastCandidateName(c.name, report.seasonality),
      mase: finite(c.mase),
      relativeMase: finite(c.relativeMase),
      smape: finite(c.smape),
      coverage80: c.coverage80,
      fitMs: Math.round(c.fitMs),
      refitMs: Math.round(c.refitMs),
      available: c.available,
    })),
    perSeries: report.perSeries.map((s) => ({
      series: s.id,
      mase: Object.fromEntries(Object.entries(s.mase).map(([k, v]) => [k, finite(v)])),
      weights: Object.fromEntries(
        Object.entries(s.weights).filter((e): e is [string, number] => typeof e[1] === 'number'),
      ),
    })),
    calibration: {
      coverageBefore: report.calibration.coverageBefore,
      coverageAfter: report.calibration.coverageAfter,
      residuals: report.calibration.residuals,
      pooled: report.calibration.pooled,
      nominal: report.calibration.nominal,
      measured: report.calibration.measured,
    },
    decomposition,
    anomalies: anomalies.map(storedAnomaly),
    notes: [...notes, ...report.notes],
    trainMs: Math.round(trainMs),
  };
  return {
    points,
    metrics,
    report,
    params: {
      horizon,
      seasonality,
      frequency: frequency.frequency,
      lookback: report.lookback,
      seed,
    },
  };
}
