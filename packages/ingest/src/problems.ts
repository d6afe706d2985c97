/** One thing wrong with an uploaded file, as a founder reads it: "row N, column C: value V — reason". */
export interface UploadProblem {
  /** 1-based line-of-records number in the file (the header is row 1); null for file-level problems. */
  row: number | null;
  column: string | null;
  value: string | null;
  reason: string;
}

export const MAX_LISTED_PROBLEMS = 100;
const MAX_SHOWN_VALUE = 80;

/** Counts every problem and keeps the first `limit` of them. */
export class ProblemLog {
  readonly listed: UploadProblem[] = [];
  count = 0;
  /** Rows with at least one problem. */
  badRows = 0;
  private lastBadRow = -1;

  constructor(private readonly limit = MAX_LISTED_PROBLEMS) {}

  add(row: number | null, column: string | null, value: string | null, reason: string): void {
    this.count += 1;
    if (row !== null && row !== this.lastBadRow) {
      this.badRows += 1;
      this.lastBadRow = row;
    }
    if (this.listed.length < this.limit) {
      const shown =
        value !== null && value.length > MAX_SHOWN_VALUE
          ? `${value.slice(0, MAX_SHOWN_VALUE)}…`
          : value;
      this.listed.push({ row, column, value: shown, reason });
    }
  }

  /** "row 4, column "value": "abc" is not a number" — the first problem, for one-line errors. */
  static describe(p: UploadProblem): string {
    const where = [
      p.row !== null ? `row ${p.row.toLocaleString('en-US')}` : null,
      p.column !== null ? `column "${p.column}"` : null,
    ]
      .filter(Boolean)
      .join(', ');
    const what = p.value !== null ? `"${p.value}" ${p.reason}` : p.reason;
    return where ? `${where}: ${what}` : what;
  }
}
