import { TYPE_TOLERANCE } from './tolerance';

/** yes/no, y/n, true/false, t/f, 1/0 (any case, surrounding spaces ignored); else null. */
export function parseBoolean(raw: string): boolean | null {
  const text = raw.trim();
  if (text.length > 5) return null;
  switch (text.toLowerCase()) {
    case 'yes':
    case 'y':
    case 'true':
    case 't':
    case '1':
      return true;
    case 'no':
    case 'n':
    case 'false':
    case 'f':
    case '0':
      return false;
    default:
      return null;
  }
}

/**
 * A column of at most two distinct boolean spellings (ignoring case), with 98% of the
 * non-empty values boolean. A 0/1 column needs both values: all-1 is just a number.
 */
export function isBooleanColumn(values: readonly string[]): boolean {
  const spellings = new Set<string>();
  let present = 0;
  let parsed = 0;
  for (const value of values) {
    const text = value.trim();
    if (text === '') continue;
    present++;
    if (parseBoolean(text) === null) continue;
    parsed++;
    spellings.add(text.toLowerCase());
  }
  if (present === 0 || parsed < present * TYPE_TOLERANCE || spellings.size > 2) return false;
  const digitsOnly = [...spellings].every((s) => s === '0' || s === '1');
  return !digitsOnly || spellings.size === 2;
}
