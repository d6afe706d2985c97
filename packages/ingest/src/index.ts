export { UploadError } from './upload-error';
export { EPOCH_MS_THRESHOLD, epochMs } from './detect/epoch';
export {
  DETECTION_BYTES,
  confirmColumns,
  detectTable,
  fileSource,
  fitRoleTypes,
  readColumns,
  readPlan,
  readTable,
  resolveRoles,
  type ColumnRole,
  type Table,
  type TableOptions,
  type TableSource,
  type TypeOverrides,
} from './read-table';
export * from './schema';
export * from './detect';
export { MAX_LISTED_PROBLEMS, ProblemLog, type UploadProblem } from './problems';
export { RowConverter, type ReadPlan, type ReadProgress } from './typed-csv';
export {
  RejectedUpload,
  ZKindRoles,
  kindIngest,
  readKindRecords,
  type BadRowPolicy,
  type CustomerRecordRow,
  type EventRecord,
  type FinancialPeriodRecord,
  type KindIngest,
  type KindRecords,
  type MarketPointRecord,
  type RecordStream,
} from './kinds';
