import { createRandom } from '../src/common/random';
import type { ForecastSeries } from '../src/forecast/types';

export interface SyntheticOptions {
  count: number;
  length: number;
  seasonality: number;
  seed: number;
  /** Trend per step, as a share of the level. */
  trend?: number;
  /** Noise standard deviation, as a share of the seasonal amplitude. */
  noise?: number;
}

/** Linear trend + sinusoidal season + gaussian noise, different level/phase/slope per series. */
export function trendSeasonalSeries(options: SyntheticOptions): ForecastSeries[] {
  const random = createRandom(options.seed);
  const trend = options.trend ?? 0.01;
  const noise = options.noise ?? 0.2;
  return Array.from({ length: options.count }, (_, index) => {
    const level = 50 + 100 * random.uniform();
    const amplitude = 0.1 * level * (0.5 + random.uniform());
    const slope = trend * level * (0.5 + random.uniform());
    const phase = 2 * Math.PI * random.uniform();
    const values = Array.from({ length: options.length }, (_, t) => {
      const season = amplitude * Math.sin((2 * Math.PI * t) / options.seasonality + phase);
      return level + slope * t + season + noise * amplitude * random.normal();
    });
    return { id: `series-${index + 1}`, values };
  });
}
