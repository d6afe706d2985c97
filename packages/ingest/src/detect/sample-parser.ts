import { type Delimiter } from '../schema';

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;

/**
 * Parses the first `maxRows` records of CSV text (RFC 4180: quoted fields may hold delimiters,
 * `""` escapes and newlines). Truly empty lines are skipped. When `truncated`, the text is the
 * start of a longer file and its last, unterminated record is dropped.
 */
export function parseSample(
  text: string,
  delimiter: Delimiter,
  maxRows: number,
  truncated = false,
): string[][] {
  const rows: string[][] = [];
  const d = delimiter.charCodeAt(0);
  const n = text.length;
  let i = 0;
  while (i < n && rows.length < maxRows) {
    const row: string[] = [];
    let quotedAny = false;
    let atEnd = false;
    for (;;) {
      let field: string;
      if (text.charCodeAt(i) === QUOTE) {
        quotedAny = true;
        i++;
        field = '';
        let segment = i;
        let closed = false;
        while (i < n) {
          if (text.charCodeAt(i) === QUOTE) {
            if (text.charCodeAt(i + 1) === QUOTE) {
              field += text.slice(segment, i + 1);
              i += 2;
              segment = i;
              continue;
            }
            field += text.slice(segment, i);
            i++;
            closed = true;
            break;
          }
          i++;
        }
        if (!closed) field += text.slice(segment, n);
        // Lenient: text between a closing quote and the delimiter is kept.
        const rest = i;
        while (i < n && !isTerminator(text.charCodeAt(i), d)) i++;
        if (i > rest) field += text.slice(rest, i);
      } else {
        const start = i;
        while (i < n && !isTerminator(text.charCodeAt(i), d)) i++;
        field = text.slice(start, i);
      }
      row.push(field);
      if (i >= n) {
        atEnd = true;
        break;
      }
      const c = text.charCodeAt(i);
      i++;
      if (c === d) continue;
      if (c === CR && text.charCodeAt(i) === LF) i++;
      break;
    }
    // The head of a longer file ends mid-record: that record is incomplete.
    if (atEnd && truncated) break;
    const empty = row.length === 1 && row[0] === '' && !quotedAny;
    if (!empty) rows.push(row);
  }
  return rows;
}

function isTerminator(c: number, delimiter: number): boolean {
  return c === delimiter || c === LF || c === CR;
}

/**
 * The line (1-based) where a quoted field opens that is never closed, read as parseSample reads
 * (a quote opens a field only at its start; `""` escapes); null when every quote is closed.
 */
export function unclosedQuoteLine(text: string, delimiter: Delimiter): number | null {
  const d = delimiter.charCodeAt(0);
  const n = text.length;
  let line = 1;
  let atFieldStart = true;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE && atFieldStart) {
      const opened = line;
      for (i++; ; i++) {
        if (i >= n) return opened;
        const q = text.charCodeAt(i);
        if (q === QUOTE) {
          if (text.charCodeAt(i + 1) !== QUOTE) break;
          i++;
        } else if (q === LF || (q === CR && text.charCodeAt(i + 1) !== LF)) line++;
      }
      atFieldStart = false;
    } else if (c === d) atFieldStart = true;
    else if (c === LF || c === CR) {
      if (c === LF || text.charCodeAt(i + 1) !== LF) line++;
      atFieldStart = true;
    } else atFieldStart = false;
  }
  return null;
}
