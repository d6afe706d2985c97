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
export { fitEts, type EtsFit } from './forecast/ets';
export { etsForecast } from './forecast/ets-forecaster';
export { driftForecast } from './forecast/drift';
export { logLinearForecast } from './forecast/log-linear';
export {
  StatisticalForecaster,
  STATISTICAL_MODELS,
  type StatisticalKind,
} from './forecast/statistical-models';
export { forecastWithBacktest } from './forecast/forecast-with-backtest';
export { usableSeasonality } from './forecast/seasonality';
export {
  prepareSeries,
  type DuplicatePolicy,
  type PreparedSeries,
  type PrepareSeriesOptions,
  type RawSeries,
  type SeriesIssue,
} from './forecast/prepare-series';
export { FORECAST_QUANTILES } from './forecast/quantile-loss';
export { seasonalNaiveForecast } from './forecast/seasonal-naive';
export { WindowedMlpForecaster } from './forecast/windowed-mlp';
export {
  SupportedForecasters,
  type CalibrationReport,
  type CandidateName,
  type CandidateReport,
  type EtsParamsReport,
  type SeriesBacktest,
  type SeriesDecomposition,
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
  seasonPhase,
  type Frequency,
  type FrequencyInfo,
  type RegularSeries,
} from './common/calendar';

export {
  DEFAULT_ANOMALY_COVERAGE,
  detectAnomalies,
  flagSeriesAnomalies,
  MIN_ANOMALY_POINTS,
  residualBand,
  type ResidualBand,
} from './risk/anomalies';
export {
  assessRunway,
  DEFAULT_RUNWAY_HORIZON,
  EXPENSE_LINE_PREFIX,
  DEFAULT_RUNWAY_PATHS,
  type AssessRunwayOptions,
} from './risk/assess-runway';
export { backtestQuality, type BacktestQuality } from './risk/forecast-quality';
export { CASH_OUT_SUMMARY_MONTHS } from './risk/cash-summary';
export { RiskInputError } from './risk/errors';
export { riskForecastFromBacktest, type RiskForecastOptions } from './risk/forecast-adapter';
export { CONSTANT_BURN_MONTHS, constantBurnRunway, simulateCashPaths } from './risk/runway';
export {
  MIN_HISTORY_MONTHS,
  validateFinancialHistory,
  type CheckedHistory,
} from './risk/validate-history';
export { prepareRiskScenarios, runScenario, validateScenario } from './risk/what-if';
export type {
  Anomaly,
  AnomalySeries,
  CashFanPoint,
  CashOutProbability,
  CashOutSummary,
  CashSimulation,
  ConstantBurnRunway,
  ErrorSampling,
  ExpenseLine,
  FinancialHistory,
  PreparedRisk,
  RiskForecastFn,
  RiskForecastInput,
  RiskSeries,
  RiskSeriesForecast,
  RunwayAssessment,
  RunwayDistribution,
  Scenario,
  SeriesErrorModel,
  SimulationOptions,
} from './risk/types';

export {
  churnFeaturesFromEvents,
  churnFromEvents,
  churnLabelsAt,
  indexCodedEvents as indexChurnCodedEvents,
  indexEvents as indexChurnEvents,
  type CutoffFeatures as ChurnCutoffFeatures,
  type EventIndex as ChurnEventIndex,
} from './churn/churn-from-events';
export { churnFromTable } from './churn/churn-from-table';
export {
  inferColumnType as inferChurnColumnType,
  NEGATIVE_LABELS as CHURN_NEGATIVE_LABELS,
  parseLabels as parseChurnLabels,
  POSITIVE_LABELS as CHURN_POSITIVE_LABELS,
} from './churn/column-types';
export { ChurnInputError } from './churn/errors';
export { syntheticCustomerTable, syntheticEventLog } from './churn/synthetic';
export type {
  ChurnCalibrationBin,
  ChurnCandidateReport,
  ChurnDriver,
  ChurnEvents,
  ChurnEventsOptions,
  ChurnFeatureType,
  ChurnModelName,
  ChurnProgress,
  ChurnProgressListener,
  ChurnReport,
  ChurnResult,
  ChurnScore,
  ChurnTable,
  ChurnTableOptions,
  CodedEventLog,
} from './churn/types';

export {
  BprMatrixFactorization,
  EASE_MAX_ITEMS,
  encodeInteractionPairs,
  encodeInteractions,
  evaluateRanking,
  isSegmentSumKernelRegistered,
  ItemKnnRecommender,
  leaveLastOut,
  lookupRows,
  MF_DEFAULTS,
  MIN_EVAL_USERS as MIN_RECOMMEND_EVAL_USERS,
  PopularityRecommender,
  poolRows,
  RecommendInputError,
  recommendFromInteractions,
  registerEmbeddingKernels,
  registerSegmentSumKernel,
  syntheticInteractions,
  unregisterSegmentSumKernel,
  type BprEpochResult,
  type CandidateReport as RecommendCandidateReport,
  type CsrMatrix,
  type EncodedInteractions,
  type InteractionPairs,
  type Interactions,
  type ItemKnnOptions,
  type ItemScorer,
  type LeaveLastOutSplit,
  type MfOptions,
  type RankingMetrics,
  type RecommenderName,
  type RecommendOptions,
  type RecommendProgress,
  type RecommendReport,
  type RecommendResult,
  type ScoredItem,
  type SyntheticInteractionsOptions,
} from './recommend';
