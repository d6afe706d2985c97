export {
  FileTooLargeError,
  LocalDiskStorage,
  formatBytes,
  type FileStorage,
  type UploadFiles,
} from './storage';
