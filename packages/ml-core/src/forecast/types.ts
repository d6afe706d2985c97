/** Public types of the forecast task. */

/** One regularly spaced series, oldest value first. Dates are the caller's business. */
export interface ForecastSeries {
  id: string;
  values: number[];
}

/** Quantile forecast for one series: `horizon` steps after its last value, p10 <= p50 <= p90. */
export interface SeriesForecast {
  id: string;
  p10: number[];
  p50: number[];
  p90: number[];
}

export interface ForecastProgress {
  /** e.g. `backtest:neural`, `backtest:seasonal_naive`, `refit:neural`, `done`. */
  phase: string;
  epoch?: number;
  epochs?: number;
  /** Mean training objective of the epoch: pinball loss (standardised units) + L2 penalty. */
  loss?: number;
  /** Validation pinball loss of the epoch (standardised units). */
  valLoss?: number;
}

export type ProgressListener = (progress: ForecastProgress) => void;

export const SupportedForecasters = {
  Neural: 'neural',
  SeasonalNaive: 'seasonal_naive',
} as const;

export type ForecasterKind = (typeof SupportedForecasters)[keyof typeof SupportedForecasters];

/** Configuration shared by every forecaster. */
export interface ForecasterConfig {
  /** Steps to forecast. */
  horizon: number;
  /** Season length in steps (7 daily, 12 monthly, 4 quarterly, 1 none). Defaults to 1. */
  seasonality?: number;
}

/** Configuration of the global windowed MLP. Every field but `horizon` has a sensible default. */
export interface WindowedMlpConfig extends ForecasterConfig {
  /** Seed for weight initialisation and shuffling; same seed + backend → same forecasts. Default 42. */
  seed?: number;
  /** Maximum training epochs (early stopping usually ends sooner). Default 100. */
  epochs?: number;
  /** Input window length. Default: max(2·horizon, 2·seasonality, 8), capped by the data. */
  lookback?: number;
  /** Hidden layer widths. Default [64, 64]. */
  hiddenUnits?: number[];
  /** Mini-batch size. Default 128. */
  batchSize?: number;
  /** Adam learning rate. Default 3e-3. */
  learningRate?: number;
  /** L2 penalty on dense kernels. Default 1e-5. */
  l2?: number;
  /** Epochs without a 0.5% validation improvement before stopping. Default 10. */
  patience?: number;
}

export interface FitOptions {
  onProgress?: ProgressListener;
  /** Phase name reported through `onProgress`. */
  phase?: string;
  /** Stops training at the next epoch boundary (rejects with the signal's reason). */
  signal?: AbortSignal;
}

export interface FitSummary {
  /** Epochs actually run. */
  epochs: number;
  /** Epoch (1-based) whose weights were kept, or 0 when nothing was trained. */
  bestEpoch: number;
  /** Best validation pinball loss (standardised units), or null when there is no validation. */
  bestValLoss: number | null;
  trainWindows: number;
  valWindows: number;
}

/** A forecaster in the tfjs-models style: fit, predict, dispose. */
export interface Forecaster {
  readonly kind: ForecasterKind;
  readonly horizon: number;
  /** Points each series needs for `fit` to work with this configuration. */
  minimumFitLength(): number;
  fit(series: ForecastSeries[], options?: FitOptions): Promise<FitSummary>;
  /** Forecasts `horizon` steps after the end of each given series. */
  predict(series: ForecastSeries[]): Promise<SeriesForecast[]>;
  /** Frees model weights; the forecaster cannot be used afterwards. */
  dispose(): void;
}

/** Options of the full backtest → choose → refit run. */
export interface ForecastOptions {
  horizon: number;
  /** Season length in steps (7 daily, 12 monthly, 1 none). Defaults to 1. */
  seasonality?: number;
  /** Seed of the neural model. Default 42. */
  seed?: number;
  /** Maximum epochs for the neural model. Default 100. */
  epochs?: number;
  onProgress?: ProgressListener;
  signal?: AbortSignal;
  /** Extra settings for the neural candidate (lookback, hidden units, …). */
  neural?: Omit<WindowedMlpConfig, 'horizon' | 'seasonality' | 'seed' | 'epochs'>;
}

/** Holdout result of one candidate, aggregated over series. */
export interface CandidateReport {
  name: ForecasterKind;
  /** Mean over series of the holdout MASE. */
  mase: number;
  /** Mean over series of the holdout sMAPE, in percent (0–200). */
  smape: number;
  /** Share (0–1) of holdout points inside [p10, p90], or null when the candidate has no interval. */
  coverage80: number | null;
  /** Wall-clock time of the backtest fit. */
  fitMs: number;
}

export interface SeriesHoldoutReport {
  id: string;
  /** Holdout MASE per candidate. */
  mase: Record<ForecasterKind, number>;
}

export interface ForecastReport {
  chosen: ForecasterKind;
  candidates: CandidateReport[];
  /** Active tf backend during the run (`tensorflow`, `wasm` or `cpu`). */
  backend: string;
  /** Points per series held out for the backtest (= horizon). */
  holdoutHorizon: number;
  seasonality: number;
  /** Input window length the neural candidate used. */
  lookback: number;
  perSeries: SeriesHoldoutReport[];
  /** Wall-clock time of the final refit of the chosen candidate. */
  refitMs: number;
}

export interface ForecastResult {
  forecasts: SeriesForecast[];
  report: ForecastReport;
}
