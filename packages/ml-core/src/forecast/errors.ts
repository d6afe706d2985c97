/**
 * Bad forecast input a user can fix: a series too short, a non-finite value, a bad horizon. The
 * message says what is wrong and what is needed.
 */
export class ForecastInputError extends Error {
  override readonly name = 'ForecastInputError';
  /** Series the problem is about (empty when it is about the options). */
  readonly seriesIds: string[];
  /** Points per series needed, when the problem is length. */
  readonly requiredLength: number | null;

  constructor(message: string, details: { seriesIds?: string[]; requiredLength?: number } = {}) {
    super(message);
    this.seriesIds = details.seriesIds ?? [];
    this.requiredLength = details.requiredLength ?? null;
  }
}
