import { DELIMITERS, type Delimiter } from '../schema';
import { parseSample } from './sample-parser';

const SAMPLE_RECORDS = 100;

/**
 * Picks the delimiter among `, ; \t |` that splits the sampled records into the same number of
 * fields (more than one) most consistently. Quoted delimiters and newlines do not count.
 * Single-column text gives ','.
 */
export function detectDelimiter(text: string): Delimiter {
  const endsInNewline = /[\r\n]$/.test(text);
  let best: Delimiter = ',';
  let bestConsistency = 0;
  let bestWidth = 1;
  for (const delimiter of DELIMITERS) {
    const rows = parseSample(text, delimiter, SAMPLE_RECORDS + 1);
    // The last record of a cut-off sample may be partial.
    if (!endsInNewline && rows.length > 1) rows.pop();
    if (rows.length > SAMPLE_RECORDS) rows.pop();
    const { width, consistency } = modeWidth(rows);
    if (width < 2) continue;
    if (consistency > bestConsistency || (consistency === bestConsistency && width > bestWidth)) {
      best = delimiter;
      bestConsistency = consistency;
      bestWidth = width;
    }
  }
  return best;
}

/** The most common field count and the share of records that have it. */
function modeWidth(rows: string[][]): { width: number; consistency: number } {
  const counts = new Map<number, number>();
  let width = 0;
  let top = 0;
  for (const row of rows) {
    const count = (counts.get(row.length) ?? 0) + 1;
    counts.set(row.length, count);
    if (count > top || (count === top && row.length > width)) {
      top = count;
      width = row.length;
    }
  }
  return { width, consistency: rows.length ? top / rows.length : 0 };
}
