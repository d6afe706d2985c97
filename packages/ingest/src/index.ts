export { UploadError } from './upload-error';
export { parseDate, parseNumber, parseTimestamp } from './values';
export { previewCsv, readCsvRecords, type CsvRecord } from './csv-records';
export { readMarketCsv, type MarketMapping, type MarketRecord } from './market-csv';
export { readFinancialsCsv, type FinancialsMapping, type FinancialsRecord } from './financials-csv';
export { readEventsCsv, type EventsMapping, type EventsRecord } from './events-csv';
export { readCustomersCsv, type CustomersMapping, type CustomersRecord } from './customers-csv';
