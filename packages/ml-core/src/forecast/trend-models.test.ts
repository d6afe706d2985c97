import { describe, expect, it } from 'vitest';
import { createRandom } from '../common/random';
import { driftForecast } from './drift';
import { fitEts } from './ets';
import { logLinearForecast } from './log-linear';

const compound = (length: number, rate: number) =>
  Array.from({ length }, (_, t) => 1000 * (1 + rate) ** t);

describe('trend models on short series', () => {
  it('log-linear recovers noiseless 4% compound growth within 0.1%', () => {
    const values = compound(24, 0.04);
    const { p50, logScale } = logLinearForecast(values, 12, 1);
    expect(logScale).toBe(true);
    p50.forEach((v, h) => expect(Math.abs(v / (1000 * 1.04 ** (24 + h)) - 1)).toBeLessThan(1e-3));
  });

  it('ETS picks a multiplicative (log) form for compound growth and follows it within 1%', () => {
    const values = compound(24, 0.04);
    const fit = fitEts(values, { seasonality: 1 });
    expect(fit.params.error).toBe('multiplicative');
    fit.forecast(12).forEach((v, h) => {
      expect(Math.abs(v / (1000 * 1.04 ** (24 + h)) - 1)).toBeLessThan(0.01);
    });
  });

  it('drift extends the average change and widens like √h on a random walk', () => {
    const random = createRandom(9);
    const values = [100];
    for (let t = 1; t < 200; t += 1) values.push(values[t - 1]! + 1 + random.normal());
    const { p10, p50, p90 } = driftForecast(values, 16, 1);
    expect(p50[15]! - p50[0]!).toBeCloseTo(15 * ((values[199]! - values[0]!) / 199), 9);
    const width = (h: number) => p90[h]! - p10[h]!;
    expect(width(15) / width(3)).toBeGreaterThan(1.9);
    expect(width(15) / width(3)).toBeLessThan(2.3);
  });

  it('log-linear bands widen with the step ahead and with noise', () => {
    const random = createRandom(4);
    const noisy = (sd: number) => compound(36, 0.03).map((v) => v * Math.exp(sd * random.normal()));
    const calm = logLinearForecast(noisy(0.02), 24, 1);
    const wild = logLinearForecast(noisy(0.1), 24, 1);
    const ratio = (b: typeof calm, h: number) => b.p90[h]! / b.p10[h]!;
    expect(ratio(calm, 23)).toBeGreaterThan(ratio(calm, 0));
    expect(ratio(wild, 0)).toBeGreaterThan(ratio(calm, 0));
  });
});
