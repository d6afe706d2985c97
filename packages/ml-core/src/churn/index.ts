export {
  churnFeaturesFromEvents,
  churnFromEvents,
  churnLabelsAt,
  indexCodedEvents,
  indexEvents,
  type CutoffFeatures,
  type EventIndex,
} from './churn-from-events';
export { churnFromTable } from './churn-from-table';
export { inferColumnType, NEGATIVE_LABELS, parseLabels, POSITIVE_LABELS } from './column-types';
export { ChurnInputError } from './errors';
export {
  averagePrecision,
  calibrationTable,
  f1OptimalThreshold,
  logLoss,
  rocAuc,
  rocAucStandardError,
} from './metrics';
export { syntheticCustomerTable, syntheticEventLog } from './synthetic';
export type * from './types';
