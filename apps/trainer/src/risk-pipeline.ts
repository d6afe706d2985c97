import type { FinancialsHistory, RiskMetrics, RiskParams } from '@foresight/db';
import {
  assessRunway,
  backtestQuality,
  EXPENSE_LINE_PREFIX,
  detectAnomalies,
  inferFrequency,
  riskForecastFromBacktest,
  type ForecastProgress,
  type ForecastResult,
  type RiskForecastInput,
  RiskInputError,
} from '@foresight/ml-core';
import { chosenForecasterName } from '@foresight/ml-core/model-names';
import { storedAnomaly } from './stored-anomaly';

export interface RiskPipelineOptions {
  horizon?: number;
  paths?: number;
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

export interface RiskPipelineResult {
  metrics: RiskMetrics;
  params: RiskParams;
  /** The model the revenue forecast used (the leaderboard's pick). */
  chosen: string;
  backend: string;
}

/** Months of history needed before a yearly season is modelled in the anomaly scan. */
const SEASONAL_MONTHS = 36;

/** Cash at the end of each period: the balances, or starting cash plus cumulative net flow. */
function cashHistory(history: FinancialsHistory): number[] {
  if (history.cash) return history.cash;
  let cash = history.startingCash ?? 0;
  return history.revenue.map((r, i) => (cash += r - history.expenses[i]!));
}

/**
 * Runway & risk as the trainer and the batch CLI both run it: checks the table is monthly,
 * forecasts revenue and expenses (backtested), simulates cash paths, flags unusual months.
 */
export async function runRiskPipeline(
  history: FinancialsHistory,
  options: RiskPipelineOptions = {},
): Promise<RiskPipelineResult> {
  if (history.dates.length >= 2) {
    const frequency = inferFrequency(history.dates);
    if (frequency.frequency !== 'M') {
      throw new RiskInputError(
        `Financials must have one row per month; these dates look ${frequency.label}. Aggregate to months first.`,
        { field: 'dates' },
      );
    }
  }
  const horizon = options.horizon ?? 18;
  const paths = options.paths ?? 2000;
  const seed = options.seed ?? 42;
  const results: ForecastResult[] = [];
  // The same backtested forecaster as market trends; its backtest errors are what the
  // simulation resamples. Keep its report for the accuracy table.
  const forecast = riskForecastFromBacktest({
    seed,
    ...(options.epochs ? { epochs: options.epochs } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    // Revenue and expenses are forecast (backtest folds, candidates, refit) under the signal.
    ...(options.signal ? { signal: options.signal } : {}),
    onResult: (result) => results.push(result),
  });
  options.signal?.throwIfAborted();
  const started = performance.now();
  const assessment = await assessRunway(
    {
      dates: history.dates,
      revenue: history.revenue,
      expenses: history.expenses,
      ...(history.expenseLines ? { expenseLines: history.expenseLines } : {}),
      cash: history.cash,
      ...(history.startingCash !== null ? { startingCash: history.startingCash } : {}),
    },
    { forecast, horizon, paths, seed },
  );
  options.signal?.throwIfAborted();
  const anomalies = detectAnomalies(
    [
      { id: 'revenue', dates: history.dates, values: history.revenue },
      { id: 'expenses', dates: history.dates, values: history.expenses },
    ],
    { seasonality: history.dates.length >= SEASONAL_MONTHS ? 12 : 1 },
  );
  const report = results[0]?.report;
  const forecastQuality = results[0] ? qualityOf(results[0], assessment.input, history) : undefined;
  const finite = (v: number) => (Number.isFinite(v) ? v : null);
  const backtest = (report?.perSeries ?? []).map((s) => ({
    series: s.id,
    chosen: report!.chosen,
    mase: Object.fromEntries(Object.entries(s.mase).map(([k, v]) => [k, finite(v as number)])),
  }));
  const metrics: RiskMetrics = {
    asOf: assessment.asOf,
    currentCash: assessment.currentCash,
    horizon,
    paths,
    fan: assessment.fan,
    runway: assessment.runway,
    probabilityCashOut: assessment.probabilityCashOut,
    summary: { ...assessment.summary },
    constantBurn: assessment.constantBurn,
    forecast: assessment.forecast,
    history: {
      dates: history.dates,
      revenue: history.revenue,
      expenses: history.expenses,
      cash: cashHistory(history),
    },
    backtest,
    ...(forecastQuality ? { forecastQuality } : {}),
    ...(report ? { backtestHorizon: report.holdoutHorizon, notes: report.notes } : {}),
    ...(history.expenseLines ? { expenseLines: history.expenseLines.map((l) => l.name) } : {}),
    sampling: { ...assessment.sampling },
    anomalies: anomalies.map(storedAnomaly),
    trainMs: Math.round(performance.now() - started),
  };
  return {
    metrics,
    // What-ifs re-run the simulation from these (forecasts + backtest errors), without retraining.
    params: { input: assessment.input, paths, horizon, seed, dates: assessment.forecast.dates },
    chosen: report?.chosen ?? 'unknown',
    backend: report?.backend ?? 'cpu',
  };
}

/**
 * The revenue and expense forecasts' backtest quality, in the Risk page's words. The simulation
 * input already holds each series' backtest errors (cost lines summed into expenses); every
 * series of one forecast call shares the revenue backtest's origins.
 */
function qualityOf(
  result: ForecastResult,
  input: RiskForecastInput,
  history: FinancialsHistory,
): RiskMetrics['forecastQuality'] {
  const { report } = result;
  const origins = result.backtest.find((entry) => entry.id === 'revenue')?.origins ?? [];
  const firstExpenseId = history.expenseLines
    ? `${EXPENSE_LINE_PREFIX}${history.expenseLines[0]!.name}`
    : 'expenses';
  const ids = { revenue: 'revenue', expenses: firstExpenseId };
  return (['revenue', 'expenses'] as const).map((series) => {
    const quality = backtestQuality(history[series], {
      origins,
      residuals: input[series].residuals,
    });
    const perSeries = report.perSeries.find((entry) => entry.id === ids[series]);
    return {
      series,
      model: perSeries
        ? chosenForecasterName(report.chosen, report.seasonality, perSeries.ets)
        : report.chosen,
      backtestMonths: quality.months,
      errorPct: quality.errorPct,
      noGrowthErrorPct: quality.noGrowthErrorPct,
      coverage: report.calibration.measured,
    };
  });
}
