export {
  selectBackend,
  type BackendPreference,
  type BackendReport,
  type SelectBackendOptions,
  type SkippedBackend,
} from './common/backend';
export { intervalCoverage, mae, mase, naiveScale, pinballLoss, smape } from './common/metrics';
export { createRandom, type Random } from './common/random';
export { quantile, quantileOfSorted } from './common/quantiles';
export {
  scaleFloor,
  standardize,
  unstandardize,
  windowScale,
  type WindowScale,
} from './common/scaling';

export { createForecaster, type ForecasterConfigs } from './forecast/create-forecaster';
export { ForecastInputError } from './forecast/errors';
export { forecastWithBacktest } from './forecast/forecast-with-backtest';
export { FORECAST_QUANTILES } from './forecast/quantile-loss';
export { SeasonalNaiveForecaster, seasonalNaiveForecast } from './forecast/seasonal-naive';
export { WindowedMlpForecaster } from './forecast/windowed-mlp';
export {
  SupportedForecasters,
  type CandidateReport,
  type FitOptions,
  type FitSummary,
  type ForecastOptions,
  type ForecastProgress,
  type ForecastReport,
  type ForecastResult,
  type ForecastSeries,
  type Forecaster,
  type ForecasterConfig,
  type ForecasterKind,
  type ProgressListener,
  type SeriesForecast,
  type SeriesHoldoutReport,
  type WindowedMlpConfig,
} from './forecast/types';
export {
  addPeriods,
  FREQUENCIES,
  inferFrequency,
  periodsBetween,
  regularize,
  type Frequency,
  type FrequencyInfo,
  type RegularSeries,
} from './common/calendar';
