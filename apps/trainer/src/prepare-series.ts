import type { SeriesHistory } from '@foresight/db';
import { FREQUENCIES, inferFrequency, regularize, type Frequency, type FrequencyInfo } from '@foresight/ml-core';

export interface PreparedSeries {
  frequency: FrequencyInfo;
  series: { id: string; dates: string[]; values: number[] }[];
  /** Missing periods filled by interpolation, per series (only those with gaps). */
  gaps: { series: string; filled: number }[];
}

export class ForecastDataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ForecastDataError';
  }
}

/** Infers one frequency for the dataset and lays every series on a regular grid of it. */
export function prepareSeries(history: SeriesHistory[], frequencyOverride?: Frequency): PreparedSeries {
  if (history.length === 0) throw new ForecastDataError('The dataset has no rows to forecast');
  const longest = history.reduce((a, b) => (b.dates.length > a.dates.length ? b : a));
  if (longest.dates.length < 2)
    throw new ForecastDataError('Every series has a single date; a forecast needs history');
  const frequency = frequencyOverride ? FREQUENCIES[frequencyOverride] : inferFrequency(longest.dates);
  const gaps: PreparedSeries['gaps'] = [];
  const series = history.map((h) => {
    let regular;
    try {
      regular = regularize(h.dates, h.values, frequency.frequency);
    } catch (error) {
      throw new ForecastDataError(`Series "${h.series}": ${(error as Error).message}`);
    }
    if (regular.filled > 0) gaps.push({ series: h.series, filled: regular.filled });
    return { id: h.series, dates: regular.dates, values: regular.values };
  });
  return { frequency, series, gaps };
}

/** The season length to use: the frequency's, unless the data is too short to see two seasons. */
export function usableSeasonality(
  info: FrequencyInfo,
  shortestLength: number,
  horizon: number,
): number {
  const s = info.seasonality;
  return s > 1 && shortestLength >= 3 * s + horizon ? s : 1;
}

export { FREQUENCIES };
