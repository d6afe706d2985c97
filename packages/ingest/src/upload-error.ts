/** A problem with an uploaded file that the founder can fix: names the row, the column and why. */
export class UploadError extends Error {
  constructor(
    message: string,
    readonly location: { row?: number; column?: string; value?: string } = {},
  ) {
    super(message);
    this.name = 'UploadError';
  }

  static atCell(row: number, column: string, value: string, reason: string): UploadError {
    const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
    return new UploadError(
      `row ${row.toLocaleString('en-US')}, column "${column}": "${shown}" ${reason}`,
      {
        row,
        column,
        value,
      },
    );
  }
}
