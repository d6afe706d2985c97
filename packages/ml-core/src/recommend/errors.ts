/**
 * Bad recommendation input a user can fix: mismatched columns, empty ids, non-finite values, too
 * few interactions. The message says what is wrong and what is needed.
 */
export class RecommendInputError extends Error {
  override readonly name = 'RecommendInputError';
  /** 0-based row of the interaction the problem is about, or null when it is about the whole input. */
  readonly row: number | null;

  constructor(message: string, details: { row?: number } = {}) {
    super(message);
    this.row = details.row ?? null;
  }
}
