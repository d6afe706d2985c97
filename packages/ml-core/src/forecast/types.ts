/** Public types of the forecast task. */

/** One regularly spaced series, oldest value first. Dates are the caller's business. */
export interface ForecastSeries {
  id: string;
  values: number[];
  /**
   * Position of the first value in the season (0..seasonality−1), e.g. month−1 for monthly data
   * with seasonality 12; feeds the neural model's calendar features. Default 0. See `seasonPhase`.
   */
  seasonPhase?: number;
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
  /** Which of the neural ensemble's networks is training (1-based), and how many there are. */
  member?: number;
  members?: number;
}

export type ProgressListener = (progress: ForecastProgress) => void;

export const SupportedForecasters = {
  Neural: 'neural',
  SeasonalNaive: 'seasonal_naive',
  Drift: 'drift',
  LogLinear: 'log_linear',
  Ets: 'ets',
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
  /** Most recent training windows kept per series (speed on long daily series). Default 1000. */
  maxWindowsPerSeries?: number;
  /** Sin/cos season-phase inputs (needs seasonality > 1). Default true. */
  calendarFeatures?: boolean;
  /** Networks trained with different seeds whose outputs are averaged. Default 3. */
  members?: number;
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
  /** Season length in steps (7 daily, 5 business-daily, 12 monthly, 1 none). Defaults to 1. */
  seasonality?: number;
  /** Seed of the neural model. Default 42. */
  seed?: number;
  /** Maximum epochs for the neural model. Default 100. */
  epochs?: number;
  /** Rolling-origin backtest origins per series (fewer when the data is short). Default 6. */
  backtestOrigins?: number;
  onProgress?: ProgressListener;
  signal?: AbortSignal;
  /** Extra settings for the neural candidate (lookback, hidden units, …). */
  neural?: Omit<WindowedMlpConfig, 'horizon' | 'seasonality' | 'seed' | 'epochs'>;
}

/** A candidate in the leaderboard: the base models and their per-series weighted ensemble. */
export type CandidateName = ForecasterKind | 'ensemble';

/** Backtest result of one candidate, aggregated over series and origins. */
export interface CandidateReport {
  name: CandidateName;
  /** Mean over series of the backtest MASE (each series' MASE averaged over its origins). */
  mase: number;
  /**
   * Geometric mean over series of MASE relative to seasonal naive (< 1 = better than seasonal
   * naive), or NaN when no series has a finite ratio.
   */
  relativeMase: number;
  /** Mean over series of the backtest sMAPE, in percent (0–200). */
  smape: number;
  /** Share (0–1) of backtest points inside the candidate's own [p10, p90] (before calibration). */
  coverage80: number | null;
  /** Series (0–1) for which this candidate had the lowest backtest error. */
  wins: number;
  /** Wall-clock time of the backtest fits (all origins); the ensemble's is ETS + neural. */
  fitMs: number;
  /** Wall-clock time of the final refit on all data (+ forecast). */
  refitMs: number;
  /** False when the data was too short for this candidate (it is then never chosen). */
  available: boolean;
}

export interface SeriesHoldoutReport {
  id: string;
  /** Backtest MASE per candidate (mean over origins; NaN when unavailable). */
  mase: Record<CandidateName, number>;
  /** Weights of the final forecast for this series (sum to 1); one candidate gets 1 unless the ensemble is chosen. */
  weights: Partial<Record<ForecasterKind, number>>;
  /** ETS form fitted on all data, for the report. */
  ets: EtsParamsReport;
}

export interface EtsParamsReport {
  alpha: number;
  beta: number | null;
  gamma: number | null;
  phi: number | null;
  seasonal: 'none' | 'additive' | 'multiplicative';
  /** `multiplicative`: fitted on log(y) (compound growth, errors proportional to the level). */
  error: 'additive' | 'multiplicative';
}

export interface CalibrationReport {
  /** Coverage the [p10, p90] band claims: 0.8. */
  nominal: number;
  /** 80% coverage of the chosen candidate's own band on the backtest. */
  coverageBefore: number;
  /** The same after calibration, on the residuals it was fitted to (≈ 0.8 by construction). */
  coverageAfter: number;
  /**
   * Honest coverage of the calibrated band: each backtest window checked against a band calibrated
   * without that window (leave-one-origin-out), or null when there was a single window.
   */
  measured: number | null;
  /** Pooled multiplier of the band's half-widths per forecast step (1..horizon). */
  factors: number[];
  /** Exponent of the factors' growth with the step ahead (0 = one factor for every step). */
  growth: number;
  /** True when there were too few residuals to fit a growth over steps (one factor for all). */
  pooled: boolean;
  /** Per-series multiplier of the pooled factors (1 = the series behaves like the pool). */
  seriesFactors: Record<string, number>;
  /** Residuals the calibration used. */
  residuals: number;
}

export interface ForecastReport {
  /**
   * The candidate whose forecasts are returned: ETS unless another candidate's backtest relative
   * MASE beats it beyond noise (then that one).
   */
  chosen: CandidateName;
  /** The candidate with the lowest backtest relative MASE (ties within 1% to the simpler). */
  best: CandidateName;
  candidates: CandidateReport[];
  /** Active tf backend during the run (`tensorflow`, `wasm` or `cpu`). */
  backend: string;
  /** Steps requested. */
  horizon: number;
  /**
   * Steps forecast at each backtest origin: the horizon, or fewer when the history is too short
   * to hold out a whole horizon (the steps beyond are then extrapolated and their band widened by
   * the calibration's growth over steps).
   */
  holdoutHorizon: number;
  /**
   * Rolling origins per series and the step between them: the fewest / smallest over series
   * (short series get fewer or closer origins; each series' own origins are in `backtest`).
   */
  backtestOrigins: number;
  backtestStep: number;
  seasonality: number;
  /** Input window length the neural candidate used (0 when it was not available). */
  lookback: number;
  perSeries: SeriesHoldoutReport[];
  calibration: CalibrationReport;
  /** Wall-clock time of the final refit of every candidate. */
  refitMs: number;
  /** Things the caller should know, e.g. a candidate skipped because the data is short. */
  notes: string[];
}

export interface SeriesBacktest {
  id: string;
  /** Index in the series of each origin's first forecast step (oldest first). */
  origins: number[];
  /** origins × horizon: actual − final-model p50 (the chosen candidate, as fitted at that origin). */
  residuals: number[][];
}

export interface SeriesDecomposition {
  id: string;
  /** Level + trend over the history (ETS fitted on all data), same length as the series. */
  trend: number[];
  /** Seasonal part in data units (0 when there is no season). */
  seasonal: number[];
}

export interface ForecastResult {
  /** Final forecasts: the chosen candidate refitted on all data, band calibrated on the backtest. */
  forecasts: SeriesForecast[];
  report: ForecastReport;
  backtest: SeriesBacktest[];
  decomposition: SeriesDecomposition[];
  /** Every available candidate's own refit forecasts (bands not calibrated), for comparison. */
  candidateForecasts: Partial<Record<CandidateName, SeriesForecast[]>>;
}
