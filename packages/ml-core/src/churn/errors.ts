/**
 * Churn input a user can fix: an unreadable label value, too few churners or non-churners, too
 * little event history. The message names the column / value and says what is needed.
 */
export class ChurnInputError extends Error {
  override readonly name = 'ChurnInputError';
  /** The column the problem is about, when there is one. */
  readonly column: string | null;
  /** The offending value, when there is one. */
  readonly value: string | null;

  constructor(message: string, details: { column?: string; value?: string } = {}) {
    super(message);
    this.column = details.column ?? null;
    this.value = details.value ?? null;
  }
}
