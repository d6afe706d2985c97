export { UploadError } from './upload-error';
export { TIMESTAMP_EXPECTED, parseDate, parseNumber, parseTimestamp } from './values';
export { EPOCH_MS_THRESHOLD, epochMs } from './detect/epoch';
export { previewCsv, readCsvRecords, type CsvRecord } from './csv-records';
export { readMarketCsv, type MarketMapping, type MarketRecord } from './market-csv';
export { readFinancialsCsv, type FinancialsMapping, type FinancialsRecord } from './financials-csv';
export { readEventsCsv, type EventsMapping, type EventsRecord } from './events-csv';
export { readCustomersCsv, type CustomersMapping, type CustomersRecord } from './customers-csv';
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
