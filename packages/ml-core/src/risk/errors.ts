/**
 * Bad risk input a user can fix: too few months, a non-finite value, mismatched column lengths,
 * an impossible scenario. The message says what is wrong and what is needed.
 */
export class RiskInputError extends Error {
  override readonly name = 'RiskInputError';
  /** The input field the problem is about (`revenue`, `dates`, `scenario.fundraise`, …). */
  readonly field: string | null;

  constructor(message: string, details: { field?: string } = {}) {
    super(message);
    this.field = details.field ?? null;
  }
}
