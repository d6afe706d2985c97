export { createDb, getDb, type Db, type DbHandle } from './client';
export { DuplicateRowsError, ImportSupersededError, NotFoundError } from './errors';
export * from './datasets';
export * from './jobs';
export * from './forecasts';
export * from './organizations';
export * from './members';
export type { DatasetKind, JobStatus, Task } from './generated/prisma/enums';
export * from './risk';
export * from './events';
export { copyRows, type Rows } from './copy';
export * from './customers';
export * from './churn';
export * from './recommendations';
export {
  SupersededAttemptError,
  latestModel,
  listModels,
  pinModel,
  pruneModels,
  saveModelResult,
  type ModelHistoryEntry,
  type ModelVersion,
} from './models';
export * from './api-keys';
export * from './rate-limits';
export * from './dataset-profile';
export * from './uploads';
export * from './dataset-preview';
export * from './analytics';
export * from './analytics-shape';
export { refreshAnalytics } from './analytics-refresh';
export { saveActivitySummary } from './analytics-summary';
export { loadEventSummary, saveEventSummary } from './event-summary';
export * from './training-stats';
export * from './alerts';
export {
  churnAtRiskCounts,
  readDailyBehaviour,
  readSeriesValues,
  recentSeriesForecasts,
  type BehaviourMetric,
  type ChurnAtRisk,
  type DatedValues,
  type SeriesForecast,
} from './alert-inputs';
export {
  churnScoresAbove,
  forecastVsActuals,
  marketSeriesChanges,
  notificationForEmail,
  organizationsWithDatasets,
  runwaySnapshots,
  weeklyActivity,
  type ForecastActual,
  type NotificationForEmail,
  type RunwaySnapshot,
  type SeriesWeekChange,
  type WeekActivity,
} from './digest-inputs';
