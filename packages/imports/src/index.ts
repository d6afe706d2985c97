export {
  FileTooLargeError,
  LocalDiskStorage,
  localUploadStorage,
  formatBytes,
  type FileStorage,
  type UploadFiles,
} from './storage';
export {
  failAbandonedImports,
  handleImportJob,
  resumeLostImports,
  type ImportJob,
  type ImportJobOptions,
  type LostImportOutcome,
} from './import-job';
export {
  ZImportFields,
  ZImportRequest,
  ZImportTarget,
  withKindRoles,
  type ImportRequest,
  type ImportTarget,
} from './request';
export {
  isRefusal,
  runImport,
  runImportInline,
  type ImportDeps,
  type ImportResult,
  type ImportRunner,
  type SavedMapping,
} from './run-import';
export {
  READINESS_ROW_CAP,
  previewUploadReadiness,
  readinessOfFile,
  trainingStatsCounter,
  trainingStatsOf,
  type ReadinessPreview,
  type ReadinessRequest,
  type TaskReadinessPreview,
  type TrainingStatsCounter,
} from './readiness-preview';
