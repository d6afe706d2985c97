import { describe, expect, it } from 'vitest';
import { trendSeasonalSeries } from '../../test/synthetic';
import { createRandom } from '../common/random';
import { mae } from '../common/metrics';
import { fitEts } from './ets';
import { createForecaster } from './create-forecaster';
import { seasonalNaiveForecast } from './seasonal-naive';

const m = 12;

describe('fitEts', () => {
  it('recovers a noise-free additive seasonal series almost exactly', () => {
    const values = Array.from(
      { length: 96 },
      (_, t) => 100 + 0.5 * t + 10 * Math.sin((2 * Math.PI * t) / m),
    );
    const fit = fitEts(values.slice(0, 84), { seasonality: m });
    expect(fit.params.seasonal).toBe('additive');
    expect(fit.fitted).toHaveLength(84);
    expect(fit.components.trend).toHaveLength(84);
    expect(fit.components.seasonal).toHaveLength(84);
    const forecast = fit.forecast(12);
    expect(forecast).toHaveLength(12);
    expect(mae(values.slice(84), forecast)).toBeLessThan(0.2);
    // The seasonal component swings like the true season (amplitude 10).
    const seasonal = fit.components.seasonal.slice(-12);
    expect(Math.max(...seasonal) - Math.min(...seasonal)).toBeGreaterThan(15);
  });

  it('beats seasonal naive on noisy trend + season', () => {
    const series = trendSeasonalSeries({ count: 4, length: 120, seasonality: m, seed: 3 });
    let etsError = 0;
    let naiveError = 0;
    for (const { values } of series) {
      const train = values.slice(0, 108);
      const actual = values.slice(108);
      etsError += mae(actual, fitEts(train, { seasonality: m }).forecast(12));
      naiveError += mae(actual, seasonalNaiveForecast(train, 12, m).p50);
    }
    expect(etsError).toBeLessThan(0.6 * naiveError);
  });

  it('picks a multiplicative season for a growing proportional season, additive when a value is <= 0', () => {
    const random = createRandom(9);
    const growing = Array.from(
      { length: 120 },
      (_, t) =>
        100 *
        Math.exp(0.02 * t) *
        (1 + 0.3 * Math.sin((2 * Math.PI * t) / m)) *
        (1 + 0.01 * random.normal()),
    );
    expect(fitEts(growing, { seasonality: m }).params.seasonal).toBe('multiplicative');
    const withZero = growing.slice();
    withZero[5] = 0;
    const fit = fitEts(withZero, { seasonality: m });
    expect(fit.params.seasonal).not.toBe('multiplicative');
    expect(fit.forecast(6).every(Number.isFinite)).toBe(true);
  });

  it('handles short, constant and non-seasonal input', () => {
    expect(fitEts([5, 5, 5, 5], { seasonality: 12 }).forecast(3)).toEqual([5, 5, 5]);
    const fit = fitEts([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], { seasonality: 1 });
    expect(fit.params.seasonal).toBe('none');
    expect(fit.forecast(2)[1]).toBeGreaterThan(10.5);
    expect(() => fitEts([1], { seasonality: 1 })).toThrow(RangeError);
  });

  it('is wrapped as a Forecaster with ordered quantiles', async () => {
    const series = trendSeasonalSeries({ count: 2, length: 60, seasonality: m, seed: 4 });
    const forecaster = createForecaster('ets', { horizon: 6, seasonality: m });
    await forecaster.fit(series);
    const forecasts = await forecaster.predict(series);
    for (const { p10, p50, p90 } of forecasts) {
      expect(p50).toHaveLength(6);
      p50.forEach((p, h) => {
        expect(p10[h]).toBeLessThanOrEqual(p);
        expect(p90[h]).toBeGreaterThanOrEqual(p);
      });
      expect((p90[5] as number) - (p10[5] as number)).toBeGreaterThan(0);
    }
    forecaster.dispose();
  });
});
