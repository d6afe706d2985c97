import { describe, expect, it } from 'vitest';
import { createRandom } from '../common/random';
import { ForecastInputError } from './errors';
import { createForecaster } from './create-forecaster';
import { seasonalNaiveForecast } from './seasonal-naive';

const pattern = [3, 7, 1, 9, 4, 6, 2];

describe('seasonal naive', () => {
  it('is exact on a pure seasonal series, with a zero-width band', async () => {
    const values = Array.from(
      { length: 5 * pattern.length + 3 },
      (_, t) => pattern[t % 7] as number,
    );
    const forecaster = createForecaster('seasonal_naive', { horizon: 10, seasonality: 7 });
    await forecaster.fit([{ id: 'weekly', values }]);
    const [forecast] = await forecaster.predict([{ id: 'weekly', values }]);
    const expected = Array.from(
      { length: 10 },
      (_, h) => pattern[(values.length + h) % 7] as number,
    );
    expect(forecast?.p50).toEqual(expected);
    expect(forecast?.p10).toEqual(expected);
    expect(forecast?.p90).toEqual(expected);
  });

  it('repeats the last value when there is no seasonality', () => {
    expect(seasonalNaiveForecast([1, 4, 2, 5], 3, 1).p50).toEqual([5, 5, 5]);
  });

  it('bands come from seasonal-difference quantiles and widen √(k+1) per extra season', () => {
    const random = createRandom(3);
    const values = Array.from({ length: 400 }, () => 100 + 10 * random.normal());
    const { p10, p50, p90 } = seasonalNaiveForecast(values, 8, 4);
    for (let h = 0; h < 8; h += 1) {
      expect(p10[h]).toBeLessThanOrEqual(p50[h] as number);
      expect(p90[h]).toBeGreaterThanOrEqual(p50[h] as number);
    }
    const width1 = (p90[0] as number) - (p10[0] as number);
    const width2 = (p90[4] as number) - (p10[4] as number);
    // Differences of iid N(0, 10²) have sd 10√2: the 10–90% width is ≈ 2·1.2816·14.14 ≈ 36.
    expect(width1).toBeGreaterThan(30);
    expect(width1).toBeLessThan(42);
    expect(width2 / width1).toBeCloseTo(Math.SQRT2, 1);
  });

  it('keeps p50 inside the band when a strong trend shifts the differences', () => {
    const values = Array.from({ length: 60 }, (_, t) => 5 * t + (t % 2));
    const { p10, p50, p90 } = seasonalNaiveForecast(values, 6, 3);
    for (let h = 0; h < 6; h += 1) {
      expect(p10[h]).toBeLessThanOrEqual(p50[h] as number);
      expect(p90[h]).toBeGreaterThan(p50[h] as number);
    }
  });

  it('throws ForecastInputError for a series shorter than a season plus two', async () => {
    const forecaster = createForecaster('seasonal_naive', { horizon: 3, seasonality: 12 });
    const error = await forecaster
      .fit([{ id: 'short', values: [1, 2, 3] }])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ForecastInputError);
    expect((error as ForecastInputError).seriesIds).toEqual(['short']);
    expect((error as ForecastInputError).requiredLength).toBe(14);
  });
});
