import { type ColumnType, type InferredColumn } from '../schema';
import { isBooleanColumn, parseBoolean } from './booleans';
import { isEntityName, isIdName, isTimeName } from './column-names';
import { inferDateFormat, parseDateValue } from './dates';
import { inferNumberFormat, parseNumberValue } from './numbers';
import { TYPE_TOLERANCE } from './tolerance';

/** An inferred column with the sample statistics role proposals use. */
export interface ProfiledColumn extends InferredColumn {
  /** Distinct non-empty values over non-empty values in the sample, 0..1. */
  distinctShare?: number;
  /** How many non-empty values the sample had. */
  presentCount?: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** Code-like: no spaces, some digit, e.g. ORD-10001, cus_9f8a. */
const CODE = /^(?=.*\d)[\w.:#/-]+$/;
const MAX_EXAMPLES = 5;
const LONG_TEXT = 60;

/**
 * Infers a column's type from its sampled values (empty strings are missing). A type is chosen
 * when at least 98% of the non-empty values fit it; the rest are named in a warning.
 */
export function inferColumn(name: string, values: readonly string[]): ProfiledColumn {
  const present: string[] = [];
  for (const value of values) {
    const text = value.trim();
    if (text !== '') present.push(text);
  }
  const distinct = new Set(present);
  const distinctShare = present.length ? distinct.size / present.length : 0;
  const base = {
    name,
    missingShare: values.length ? (values.length - present.length) / values.length : 0,
    examples: [...distinct].slice(0, MAX_EXAMPLES),
    distinctShare,
    presentCount: present.length,
  };
  const column = (type: ColumnType, warnings: string[] = [], extra = {}): ProfiledColumn => ({
    ...base,
    type,
    ...extra,
    warnings,
  });

  if (present.length === 0) return column('text', ['column is empty in the sample']);

  if (isBooleanColumn(present)) {
    return column(
      'boolean',
      rejects(present, (v) => parseBoolean(v) !== null, YES_NO),
    );
  }

  const idName = isIdName(name);
  const entityName = isEntityName(name);
  const date = inferDateFormat(present);
  // Ten-digit numbers named like ids are ids, not epoch seconds; nine-digit ones (seconds before
  // 2001, also the size of amounts and counts) are times only when the name says so.
  const epochButNot =
    date?.format === 'epoch' && (idName || entityName || (date.nineDigits && !isTimeName(name)));
  if (date && !epochButNot) {
    const type = date.hasTime ? 'datetime' : 'date';
    const warnings = date.ambiguous ? [ambiguousDates(present)] : [];
    const asDateTime = type === 'datetime';
    warnings.push(
      ...rejects(present, (v) => parseDateValue(date.format, v, asDateTime) !== null, DATES),
    );
    return column(type, warnings, { dateFormat: date.format });
  }

  const number = inferNumberFormat(present);
  if (number) {
    const codeLike =
      number.integer && (number.leadingZeros || idName || (entityName && distinctShare >= 0.9));
    if (!codeLike) {
      const decimalSeparator = number.decimalSeparator;
      const warnings = number.ambiguous ? [ambiguousNumbers(present, decimalSeparator)] : [];
      warnings.push(
        ...rejects(present, (v) => parseNumberValue(v, decimalSeparator) !== null, NUMBERS),
      );
      return column(number.integer ? 'integer' : 'decimal', warnings, { decimalSeparator });
    }
    if (idName || distinctShare >= 0.9) return column('identifier');
    return column('categorical');
  }

  const nearMiss = nearMissWarnings(present);
  if (isIdentifier(present, distinctShare, idName, entityName))
    return column('identifier', nearMiss);

  const categoricalLimit = Math.max(20, present.length * 0.05);
  const allUnique = present.length >= 10 && distinct.size === present.length;
  const longText = averageLength(distinct) > LONG_TEXT;
  if (distinct.size <= categoricalLimit && !allUnique && !longText)
    return column('categorical', nearMiss);
  return column('text', nearMiss);
}

/** Share of values that must fit a type for a fallback to text to count as a near miss. */
const NEAR_MISS_SHARE = 0.6;
const MAX_NEAR_MISS_SHOWN = 3;

/**
 * Why a column that is mostly dates or numbers was read as text: how many sampled values fit,
 * the first few that did not, and what they would need to be. Empty when it is not a near miss.
 */
function nearMissWarnings(present: readonly string[]): string[] {
  const date = inferDateFormat(present, NEAR_MISS_SHARE);
  if (date && date.format !== 'epoch') {
    const asDateTime = date.hasTime;
    const fits = (v: string) => parseDateValue(date.format, v, asDateTime) !== null;
    return [nearMiss(present, fits, asDateTime ? 'dates and times' : 'dates')];
  }
  const number = inferNumberFormat(present, NEAR_MISS_SHARE);
  if (number) {
    const fits = (v: string) => parseNumberValue(v, number.decimalSeparator) !== null;
    return [nearMiss(present, fits, 'numbers')];
  }
  return [];
}

function nearMiss(present: readonly string[], fits: (v: string) => boolean, noun: string): string {
  const bad: string[] = [];
  let good = '';
  let ok = 0;
  for (const value of present) {
    if (fits(value)) {
      ok++;
      good ||= value;
    } else if (bad.length < MAX_NEAR_MISS_SHOWN && !bad.includes(value)) bad.push(value);
  }
  const quote = (v: string) => `"${v.length > 30 ? `${v.slice(0, 30)}…` : v}"`;
  return (
    `read as text: ${ok.toLocaleString('en-US')} of ${present.length.toLocaleString('en-US')} ` +
    `sampled values are ${noun} but ${bad.map(quote).join(', ')} ` +
    `${bad.length === 1 ? 'is' : 'are'} not; to use it as ${noun}, those cells need to be ` +
    `written like ${quote(good)} (or choose the type to see every row that does not fit)`
  );
}

function isIdentifier(
  present: readonly string[],
  distinctShare: number,
  idName: boolean,
  entityName: boolean,
): boolean {
  if (share(present, (v) => UUID.test(v)) >= TYPE_TOLERANCE) return true;
  if (share(present, (v) => EMAIL.test(v)) >= TYPE_TOLERANCE) return true;
  if (idName) return true;
  if (entityName && distinctShare >= 0.9) return true;
  return (
    present.length >= 20 &&
    distinctShare >= 0.95 &&
    share(present, (v) => CODE.test(v)) >= TYPE_TOLERANCE
  );
}

function share(values: readonly string[], test: (v: string) => boolean): number {
  let n = 0;
  for (const v of values) if (test(v)) n++;
  return values.length ? n / values.length : 0;
}

function averageLength(values: Set<string>): number {
  let total = 0;
  for (const v of values) total += v.length;
  return values.size ? total / values.size : 0;
}

interface Noun {
  one: string;
  many: string;
}
const DATES: Noun = { one: 'a date', many: 'dates' };
const NUMBERS: Noun = { one: 'a number', many: 'numbers' };
const YES_NO: Noun = { one: 'a yes/no value', many: 'yes/no values' };

/** A warning naming how many sampled values do not fit, with an example; none when all do. */
function rejects(present: readonly string[], fits: (v: string) => boolean, noun: Noun): string[] {
  let bad = 0;
  let example = '';
  for (const value of present) {
    if (fits(value)) continue;
    if (bad === 0) example = value;
    bad++;
  }
  if (bad === 0) return [];
  const total = present.length.toLocaleString('en-US');
  const shown = example.length > 40 ? `${example.slice(0, 40)}…` : example;
  return bad === 1
    ? [
        `1 of ${total} sampled values is not ${noun.one}, e.g. "${shown}"; it will be rejected or skipped`,
      ]
    : [
        `${bad.toLocaleString('en-US')} of ${total} sampled values are not ${noun.many}, e.g. "${shown}"; they will be rejected or skipped`,
      ];
}

function ambiguousNumbers(present: readonly string[], separator: '.' | ','): string {
  const example =
    present.find((v) => parseNumberValue(v, '.') !== parseNumberValue(v, ',')) ?? present[0] ?? '';
  const read = parseNumberValue(example, separator);
  return (
    `numbers like "${example}" could have "." or "," as the decimal separator; ` +
    `assumed "${separator}" (so "${example}" reads as ${String(read)})`
  );
}

function ambiguousDates(present: readonly string[]): string {
  const example = present[0] ?? '';
  return (
    `dates like "${example}" could be day-first or month-first; assumed day-first (DD/MM/YYYY). ` +
    'Change the format to MM/DD/YYYY if the month comes first'
  );
}
