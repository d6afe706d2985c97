import { TYPE_TOLERANCE } from './tolerance';
import { numberInfo, parseNumber, scanNumber, type DecimalSeparator } from '../numbers';

export type { DecimalSeparator };

export interface NumberInference {
  decimalSeparator: DecimalSeparator;
  /** Every value is a whole number written without a decimal separator, exponent or %. */
  integer: boolean;
  /** Values are percentages (`12.5%` reads as 0.125). */
  percent: boolean;
  /** Values like `1.234` read differently with either separator; '.' was assumed. */
  ambiguous?: boolean;
  /** Some value has a leading zero (`0123`), as codes and account numbers do. */
  leadingZeros?: boolean;
  /** How many non-empty values parse with the chosen separator. */
  parsed?: number;
}

const DOT = 0x2e;
const COMMA = 0x2c;

/**
 * Reads one cell's number with the column's decimal separator (`parseNumber` in `../numbers`
 * lists the forms accepted). Null for anything else, including NaN, Infinity and `#N/A`.
 */
export function parseNumberValue(raw: string, decimalSeparator: DecimalSeparator): number | null {
  return parseNumber(raw, { decimalSeparator });
}

/**
 * Infers whether a column is numeric and how it is written. The decimal separator is the one
 * under which more values parse (`1,5` and `1.234,56` only parse with ','), '.' on a tie.
 * Null when fewer than 98% of the non-empty values are numbers.
 */
export function inferNumberFormat(
  values: readonly string[],
  minShare = TYPE_TOLERANCE,
): NumberInference | null {
  const dot = new Tally();
  const comma = new Tally();
  let present = 0;
  let differ = false;
  for (const value of values) {
    const a = dot.add(value, DOT);
    const b = comma.add(value, COMMA);
    if (a === null && b === null && value.trim() === '') continue;
    present++;
    if (a !== null && b !== null && a !== b) differ = true;
  }
  const best = comma.parsed > dot.parsed ? comma : dot;
  if (present === 0 || best.parsed < present * minShare) return null;
  return {
    decimalSeparator: best === comma ? ',' : '.',
    integer: !best.fractional,
    percent: best.percent,
    ambiguous: differ && comma.parsed === dot.parsed,
    leadingZeros: best.leadingZero,
    parsed: best.parsed,
  };
}

class Tally {
  parsed = 0;
  fractional = false;
  percent = false;
  leadingZero = false;

  add(value: string, decimal: number): number | null {
    const n = scanNumber(value, decimal);
    if (Number.isNaN(n)) return null;
    this.parsed++;
    this.fractional ||= numberInfo.fractional;
    this.percent ||= numberInfo.percent;
    this.leadingZero ||= numberInfo.leadingZero;
    return n;
  }
}
