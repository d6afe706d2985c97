export { detectEncoding, type EncodingDetection } from './encoding';
export { detectDelimiter } from './delimiter';
export { parseSample, unclosedQuoteLine } from './sample-parser';
export { inferDateFormat, parseDateValue, type DateInference } from './dates';
export { TYPE_TOLERANCE } from './tolerance';
export {
  inferNumberFormat,
  parseNumberValue,
  type DecimalSeparator,
  type NumberInference,
} from './numbers';
export { isBooleanColumn, parseBoolean } from './booleans';
export { inferColumn, type ProfiledColumn } from './infer-column';
export { CellProblem, makeConverter, type CellConverter, type CellValue } from './converter';
export { firstRowIsHeader } from './header';
export { guessKind, proposeAll, proposeRoles } from './roles';
export {
  detectCsv,
  detectLineEnding,
  textEncoding,
  MAX_COLUMNS,
  type DetectOptions,
} from './detect-csv';
export { parseTimestamp } from './timestamp';
