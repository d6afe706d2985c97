export {
  FileTooLargeError,
  LocalDiskStorage,
  formatBytes,
  type FileStorage,
  type UploadFiles,
} from './storage';
export {
  ZImportFields,
  ZImportRequest,
  ZImportTarget,
  withKindRoles,
  type ImportRequest,
  type ImportTarget,
} from './request';
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
