const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const SLASH_YMD = /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/;
const YEAR_MONTH = /^(\d{4})-(\d{2})$/;

function validDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return d <= days;
}

function iso(y: number, m: number, d: number): string {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/**
 * Parses a calendar date written as YYYY-MM-DD (optionally with a time, which is dropped),
 * YYYY/MM/DD, or YYYY-MM (the first of that month). Returns YYYY-MM-DD or null.
 */
export function parseDate(raw: string): string | null {
  const text = raw.trim();
  const m = ISO_DATE.exec(text) ?? SLASH_YMD.exec(text);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    return validDate(y, mo, d) ? iso(y, mo, d) : null;
  }
  const ym = YEAR_MONTH.exec(text);
  if (ym) {
    const [y, mo] = [Number(ym[1]), Number(ym[2])];
    return validDate(y, mo, 1) ? iso(y, mo, 1) : null;
  }
  return null;
}

const NUMBER = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;
const GROUPED = /^[-+]?\d{1,3}(,\d{3})+(\.\d+)?$/;

/**
 * Parses a number as exported by spreadsheets: plain or scientific notation, "1,234.5"
 * thousands separators, a leading currency symbol ($ € £ ¥), and "(12.5)" for negatives.
 */
export function parseNumber(raw: string): number | null {
  let text = raw.trim().replace(/^([-+]?)\s*[$€£¥]\s*/, '$1');
  let sign = 1;
  const paren = /^\((.*)\)$/.exec(text);
  if (paren) {
    sign = -1;
    text = paren[1]!.trim().replace(/^[$€£¥]\s*/, '');
  }
  if (GROUPED.test(text)) text = text.replace(/,/g, '');
  if (!NUMBER.test(text)) return null;
  const value = Number(text) * sign;
  return Number.isFinite(value) ? value : null;
}

const ISO_DATETIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * Parses a point in time: ISO 8601 (`2024-03-05`, `2024-03-05T10:20:30Z`, `2024-03-05 10:20`,
 * with an offset or else taken as UTC) or epoch seconds (10 digits) / milliseconds (13 digits).
 * Returns an ISO string in UTC, or null.
 */
export function parseTimestamp(raw: string): string | null {
  const text = raw.trim();
  if (/^\d{10}$/.test(text)) return new Date(Number(text) * 1000).toISOString();
  if (/^\d{13}$/.test(text)) return new Date(Number(text)).toISOString();
  const m = ISO_DATETIME.exec(text);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (!validDate(y, mo, d)) return null;
  const [h, mi, se] = [Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)];
  if (h > 23 || mi > 59 || se > 59) return null;
  const ms = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0;
  let time = Date.UTC(y, mo - 1, d, h, mi, se, ms);
  const offset = m[8];
  if (offset && offset !== 'Z') {
    const sign = offset.startsWith('-') ? -1 : 1;
    const digits = offset.slice(1).replace(':', '');
    time -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
  }
  return new Date(time).toISOString();
}
