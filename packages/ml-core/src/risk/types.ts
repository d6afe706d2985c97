/** Public types of the financial risk task: runway, cash-out probability, what-ifs, anomalies. */

/**
 * A company's monthly financials, oldest period first. All arrays have one entry per period.
 *
 * `expenses` is the total cost of the period: when the upload has several cost columns the caller
 * sums them (packages/ingest does) before calling the risk functions.
 */
export interface FinancialHistory {
  /** ISO dates (`YYYY-MM-DD` or `YYYY-MM`), one per consecutive calendar month. */
  dates: string[];
  /** Revenue of each period (>= 0). */
  revenue: number[];
  /** Total costs of each period, as positive amounts. */
  expenses: number[];
  /**
   * The cost lines `expenses` is the sum of (payroll, hosting, marketing…), when the upload has
   * several: each is then forecast and simulated on its own, correlated with revenue.
   */
  expenseLines?: ExpenseLine[];
  /** End-of-period cash balance of each period, or null when the upload has no balance column. */
  cash: number[] | null;
  /**
   * Cash before the first period; required when `cash` is null. The current balance is then
   * `startingCash + Σ(revenue − expenses)`.
   */
  startingCash?: number;
}

/** One cost line of a financials table: its column name and one amount per period. */
export interface ExpenseLine {
  name: string;
  values: number[];
}

/** One series handed to the forecast function. */
export interface RiskSeries {
  id: string;
  values: number[];
}

/** What a forecast function returns for one series. */
export interface RiskSeriesForecast {
  id: string;
  /** Median forecast for the `horizon` steps after the last value. */
  p50: number[];
  /**
   * Backtest errors: one row per backtest origin, one column per step ahead (row[k] is the error
   * k + 1 steps after that origin), `actual − p50`. Rows may be shorter than the horizon. Origins
   * must be the same calendar periods for every series of one call (so that errors of revenue and
   * expenses at the same origin and step describe the same month).
   */
  residuals: number[][];
  /**
   * Index in the input series of each backtest origin's first forecast step (one per residual
   * row), when known. Lets the risk task measure the level of each backtest window, so errors can
   * be treated as relative to it.
   */
  origins?: number[];
  /** Calibrated 80% band of the forecast (same length as p50), when the forecaster has one. */
  p10?: number[];
  p90?: number[];
}

/**
 * The forecaster the risk task runs on, injected so the risk maths does not depend on one model.
 * `riskForecastFromBacktest()` builds one on `forecastWithBacktest`.
 */
export type RiskForecastFn = (
  series: RiskSeries[],
  horizon: number,
) => Promise<RiskSeriesForecast[]>;

/** A what-if: changes applied on top of the forecast. Every field is optional. */
export interface Scenario {
  /**
   * Change of the monthly revenue growth rate, e.g. +0.02 for two more points of growth a month.
   * Revenue of forecast month m (1-based) is multiplied by (1 + growthRateChange)^m. Must be > −1.
   */
  growthRateChange?: number;
  /** A new recurring monthly cost (negative = a saving) from forecast month `fromMonth` (1-based) on. */
  newMonthlyCost?: { amount: number; fromMonth: number };
  /** Cash raised once, added to the balance of forecast month `atMonth` (1-based). */
  fundraise?: { amount: number; atMonth: number };
}

/** Median forecast and backtest errors of revenue and expenses, plus the current balance. */
export interface RiskForecastInput {
  /** Cash at the end of the last observed period. */
  currentCash: number;
  revenue: SeriesErrorModel;
  /** Total costs (the sum of the lines when there are lines). */
  expenses: SeriesErrorModel;
  /**
   * The cost lines, each with its own forecast and band (at least two when present): paths are
   * then drawn per line, each correlated with revenue, and summed into expenses.
   */
  expenseLines?: (SeriesErrorModel & { name: string })[];
  /**
   * Correlation of revenue and expense forecast errors; measured from the backtest errors when
   * absent.
   */
  correlation?: number;
}

export interface SeriesErrorModel {
  /** Median forecast, one value per forecast month; at least the simulation horizon long. */
  p50: number[];
  /** Backtest errors (origins × steps ahead, `actual − p50`); same shape for revenue and expenses. */
  residuals: number[][];
  /**
   * Level of the series where the backtest errors were measured: one number for all rows, or one
   * per row (e.g. the mean actual value over each origin's window). When given and > 0 (every
   * entry), errors are treated as relative to it and rescaled to the forecast's level — errors
   * measured while revenue was 10k are doubled where the forecast reaches 20k. Otherwise errors
   * are added in value units as they are.
   */
  referenceLevel?: number | number[];
  /**
   * Calibrated 80% band of the forecast (at least the horizon long). When both series have one,
   * paths are drawn from the bands (`drawBandPaths`); otherwise (models stored before bands
   * existed) from resampled backtest errors.
   */
  p10?: number[];
  p90?: number[];
}

export interface SimulationOptions {
  /** Monte Carlo paths. */
  paths: number;
  /** Forecast months. */
  horizon: number;
  /** Seed of the error draws; same seed → same result. */
  seed: number;
}

/** Cash balance quantiles of one forecast month. */
export interface CashFanPoint {
  /** 1-based forecast month. */
  month: number;
  /** Period date, when the simulation knows the calendar (assessRunway fills it). */
  date?: string;
  p10: number;
  p50: number;
  p90: number;
}

/**
 * Months until the balance first goes below zero, interpolated linearly inside the month where it
 * crosses (so the first month with a negative balance is `Math.ceil(months)`). A quantile is null
 * when at least that share of the paths keeps cash >= 0 through the whole horizon.
 */
export interface RunwayDistribution {
  p10: number | null;
  p50: number | null;
  p90: number | null;
  /** Share (0–1) of the paths whose cash stays >= 0 through the horizon. */
  shareBeyondHorizon: number;
  horizon: number;
}

/** P(cash < 0 at some point in months 1..month). Non-decreasing in month. */
export interface CashOutProbability {
  month: number;
  p: number;
}

/** Headline cash-out probabilities; null when the month is beyond the simulated horizon. */
export interface CashOutSummary {
  3: number | null;
  6: number | null;
  12: number | null;
  18: number | null;
}

/** What a Monte Carlo run returns. */
export interface CashSimulation {
  fan: CashFanPoint[];
  runway: RunwayDistribution;
  probabilityCashOut: CashOutProbability[];
  summary: CashOutSummary;
  /** The scenario as applied (empty object for the base case). */
  scenario: Scenario;
  paths: number;
  horizon: number;
}

/** The naive baseline: current cash divided by the average net burn of the last 3 months. */
export interface ConstantBurnRunway {
  /** Average of expenses − revenue over the last 3 months (negative = cash-generating). */
  monthlyBurn: number;
  /** Months of runway, or null when the company is not burning cash (burn <= 0). */
  runwayMonths: number | null;
}

/** Error draws precomputed once; `runScenario` turns them into a CashSimulation by arithmetic. */
export interface PreparedRisk {
  readonly paths: number;
  readonly horizon: number;
  readonly currentCash: number;
  /** Simulated revenue, path-major (`path * horizon + step`), already clamped at >= 0. */
  readonly revenue: Float64Array;
  /** Simulated expenses, path-major, already clamped at >= 0. */
  readonly expenses: Float64Array;
  /** Dates of the forecast months, when known. */
  readonly dates?: readonly string[];
  /** How errors were drawn (for reports). */
  readonly sampling: ErrorSampling;
}

/** How forecast errors were resampled. */
export interface ErrorSampling {
  /**
   * `bands`: drawn from the calibrated forecast bands with persistent and monthly shocks;
   * `rows`: each path is one whole backtest row; `blocks`: a block bootstrap over origins and
   * steps; `none`: there were no backtest errors, every path is the median forecast.
   */
  method: 'bands' | 'rows' | 'blocks' | 'none';
  /** Steps per block. */
  blockLength: number;
  origins: number;
  /** Steps per backtest row. */
  steps: number;
  /** Whether errors were rescaled to the forecast level, per series. */
  relative: { revenue: boolean; expenses: boolean };
  /** `bands`: correlation of revenue and (total) expense shocks. */
  correlation?: number;
  /** `bands` with cost lines: each line's correlation with revenue. */
  lineCorrelations?: Record<string, number>;
  /** `bands`: share of each series' uncertainty that persists along a path (0–1). */
  persistence?: { revenue: number; expenses: number };
}

/** assessRunway's answer: the Monte Carlo view, the naive baseline and a handle for what-ifs. */
export interface RunwayAssessment extends CashSimulation {
  /** Date of the last observed period. */
  asOf: string;
  currentCash: number;
  constantBurn: ConstantBurnRunway;
  /** Median forecasts used (one value per forecast month). */
  forecast: {
    dates: string[];
    revenue: number[];
    expenses: number[];
    /** Calibrated 80% bands, when the forecaster returned them. */
    revenueP10?: number[];
    revenueP90?: number[];
    expensesP10?: number[];
    expensesP90?: number[];
  };
  sampling: ErrorSampling;
  /**
   * The simulation's inputs (forecasts + backtest errors + cash): small and JSON-safe, so they can
   * be stored and `prepareRiskScenarios(input, …)` rebuilds `prepared` elsewhere (e.g. the web).
   */
  input: RiskForecastInput;
  /** Pass to `runScenario(prepared, scenario)` for what-ifs without re-forecasting. */
  prepared: PreparedRisk;
}

/** One series for anomaly detection. */
export interface AnomalySeries {
  id: string;
  dates: string[];
  values: number[];
}

/** A point whose one-step-ahead forecast error falls outside the calibrated band. */
export interface Anomaly {
  series: string;
  index: number;
  date: string;
  value: number;
  /** One-step-ahead forecast (after correcting the band centre for forecast bias). */
  expected: number;
  lower: number;
  upper: number;
  /** (value − expected) in robust standard deviations of the one-step errors. */
  score: number;
  /** Distance outside the band in value units (> 0). */
  excess: number;
  direction: 'above' | 'below';
}
