import { ForecastInputError } from './errors';
import type { ForecastSeries } from './types';

function assertPositiveInteger(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) {
    throw new ForecastInputError(`${name} must be a positive integer, got ${String(value)}`);
  }
}

/** Checks horizon and seasonality; returns the seasonality with its default (1) applied. */
export function validateForecastConfig(config: { horizon: number; seasonality?: number }): number {
  assertPositiveInteger('horizon', config.horizon);
  const seasonality = config.seasonality ?? 1;
  assertPositiveInteger('seasonality', seasonality);
  return seasonality;
}

/** Checks that there is at least one series, ids are unique and every value is a finite number. */
export function validateSeries(series: readonly ForecastSeries[]): void {
  if (series.length === 0) throw new ForecastInputError('no series to forecast');
  const seen = new Set<string>();
  for (const { id, values } of series) {
    if (seen.has(id)) {
      throw new ForecastInputError(`series id "${id}" appears more than once`, { seriesIds: [id] });
    }
    seen.add(id);
    const bad = values.findIndex((value) => typeof value !== 'number' || !Number.isFinite(value));
    if (bad >= 0) {
      throw new ForecastInputError(
        `series "${id}": value ${bad + 1} of ${values.length} is ${String(values[bad])}, not a finite number; fill or drop missing periods first`,
        { seriesIds: [id] },
      );
    }
  }
}

/**
 * Throws a ForecastInputError naming every series shorter than `required` points; `why` explains
 * what the points are for.
 */
export function assertMinimumLength(
  series: readonly ForecastSeries[],
  required: number,
  why: string,
): void {
  const short = series.filter((entry) => entry.values.length < required);
  if (short.length === 0) return;
  const list = short.map((entry) => `"${entry.id}" (${entry.values.length} points)`).join(', ');
  const subject = short.length === 1 ? `series ${list} is` : `series ${list} are`;
  throw new ForecastInputError(
    `${subject} too short: ${why} needs at least ${required} points per series`,
    { seriesIds: short.map((entry) => entry.id), requiredLength: required },
  );
}
