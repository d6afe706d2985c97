import { type ColumnSpec, type DateFormat } from '../schema';
import { parseBoolean } from './booleans';
import {
  SCAN_BAD_DATE,
  SCAN_OK,
  SCAN_OUT_OF_RANGE,
  SCAN_SHAPE,
  bounds,
  parts,
  scanDate,
  scannedDate,
  scannedDateTime,
  trimBounds,
} from './date-scan';
import { scanNumber } from '../numbers';

export type CellValue = string | number | boolean | null;

/** Why a cell could not be converted; `reason` reads after the quoted value. */
export class CellProblem {
  constructor(readonly reason: string) {}
}

export type CellConverter = (raw: string) => CellValue | CellProblem;

const FORMAT_FORMS: Record<DateFormat, string> = {
  iso: 'is not a date in YYYY-MM-DD form',
  ymd: 'is not a date in YYYY/MM/DD form',
  dmy: 'is not a date in DD/MM/YYYY form',
  mdy: 'is not a date in MM/DD/YYYY form',
  epoch: 'is not a Unix timestamp (seconds or milliseconds)',
  'epoch-s': 'is not a Unix timestamp in seconds',
  'epoch-ms': 'is not a Unix timestamp in milliseconds',
};

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

const NOT_A_NUMBER = new CellProblem('is not a number');
const SPREADSHEET_ERROR = new CellProblem(
  'is a spreadsheet error, not a number; fix the formula in the spreadsheet, or leave the cell empty, and export again',
);
/** Excel / Google Sheets / LibreOffice error values, as exported in place of a result. */
const SPREADSHEET_ERRORS =
  /^#(?:N\/A|DIV\/0!|VALUE!|REF!|NAME\?|NUM!|NULL!|SPILL!|CALC!|FIELD!|GETTING_DATA|ERROR!)$/i;
const NOT_WHOLE = new CellProblem('is not a whole number');
const NOT_BOOLEAN = new CellProblem('is not yes/no, true/false or 1/0');
const BAD_TIME = new CellProblem('is not a valid time of day');
const OUT_OF_RANGE = new CellProblem(
  'is not a Unix timestamp in the years 0001–9999 (numbers of 100,000,000,000 or more are read as milliseconds)',
);

/**
 * Builds the function that converts every cell of a column: empty or blank cells give null,
 * dates 'YYYY-MM-DD', datetimes an ISO UTC string, numbers a number, booleans a boolean, other
 * types the trimmed text. Values that do not fit give a CellProblem. Built once per column; the
 * returned closure does no regex work and allocates only its result.
 */
export function makeConverter(spec: ColumnSpec): CellConverter {
  switch (spec.type) {
    case 'date':
    case 'datetime':
      return dateConverter(spec.dateFormat ?? 'iso', spec.type === 'datetime');
    case 'integer':
    case 'decimal':
      return numberConverter(spec.decimalSeparator === ',' ? 0x2c : 0x2e, spec.type === 'integer');
    case 'boolean':
      return booleanConverter;
    case 'categorical':
    case 'identifier':
    case 'text':
      return textConverter;
  }
}

function dateConverter(format: DateFormat, asDateTime: boolean): CellConverter {
  const notThisForm = new CellProblem(FORMAT_FORMS[format]);
  return (raw) => {
    if (!trimBounds(raw)) return null;
    const status = scanDate(raw, bounds.start, bounds.end, format);
    if (status === SCAN_OK) return asDateTime ? scannedDateTime(format) : scannedDate(format);
    if (status === SCAN_SHAPE) return notThisForm;
    if (status === SCAN_BAD_DATE) return invalidDate();
    if (status === SCAN_OUT_OF_RANGE) return OUT_OF_RANGE;
    return BAD_TIME;
  };
}

function invalidDate(): CellProblem {
  const { y, m, d } = parts;
  if (y < 1000) return new CellProblem('is not a valid date (the year is out of range)');
  const month = MONTHS[m - 1];
  if (month === undefined) return new CellProblem(`is not a valid date (there is no month ${m})`);
  return new CellProblem(`is not a valid date (no ${d} ${month})`);
}

function numberConverter(decimal: number, integer: boolean): CellConverter {
  return (raw) => {
    const value = scanNumber(raw, decimal);
    if (value === value) {
      // not NaN
      if (integer && !Number.isInteger(value)) return NOT_WHOLE;
      return value;
    }
    if (!trimBounds(raw)) return null;
    return raw.charCodeAt(bounds.start) === 0x23 &&
      SPREADSHEET_ERRORS.test(raw.slice(bounds.start, bounds.end))
      ? SPREADSHEET_ERROR
      : NOT_A_NUMBER;
  };
}

function booleanConverter(raw: string): CellValue | CellProblem {
  const value = parseBoolean(raw);
  if (value !== null) return value;
  return trimBounds(raw) ? NOT_BOOLEAN : null;
}

function textConverter(raw: string): CellValue | CellProblem {
  if (!trimBounds(raw)) return null;
  return bounds.start === 0 && bounds.end === raw.length
    ? raw
    : raw.slice(bounds.start, bounds.end);
}
