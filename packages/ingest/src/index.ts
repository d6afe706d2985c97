export { UploadError } from './upload-error';
export { parseDate, parseNumber } from './values';
export { readMarketCsv, previewCsv, type MarketMapping, type MarketRecord } from './market-csv';
