import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../test/tf-backend';
import { createRandom } from '../common/random';
import { forecastWithBacktest } from './forecast-with-backtest';

beforeAll(async () => {
  await selectBackend({ prefer: 'cpu' });
});

const compound = (length: number, rate: number, start = 1000) =>
  Array.from({ length }, (_, t) => start * (1 + rate) ** t);

describe('forecasts on short histories and long horizons', () => {
  it('follows noiseless 4% compound growth within 1% of the truth', async () => {
    const run = await forecastWithBacktest([{ id: 'mrr', values: compound(24, 0.04) }], {
      horizon: 12,
      seed: 1,
      epochs: 5,
      neural: { members: 1 },
    });
    expect(['log_linear', 'ets', 'ensemble']).toContain(run.report.chosen);
    run.forecasts[0]!.p50.forEach((v, h) => {
      expect(Math.abs(v / (1000 * 1.04 ** (24 + h)) - 1)).toBeLessThan(0.01);
    });
  });

  it('answers a 36-step request on 24 points, backtesting the longest horizon it can', async () => {
    const random = createRandom(5);
    const noisy = (rate: number, start: number) =>
      compound(24, rate, start).map((v) => v * Math.exp(0.04 * random.normal()));
    const before = tf.memory().numTensors;
    const run = await forecastWithBacktest(
      [
        { id: 'revenue', values: noisy(0.04, 40_000) },
        { id: 'expenses', values: noisy(0.025, 190_000) },
      ],
      { horizon: 36, seed: 1, epochs: 5, neural: { members: 1 } },
    );
    expect(tf.memory().numTensors).toBe(before);
    expect(run.report.horizon).toBe(36);
    expect(run.report.holdoutHorizon).toBe(8);
    expect(run.report.notes.join(' ')).toMatch(/checked the last 8/);
    // The neural model learns from both lines together rather than being skipped.
    expect(run.report.candidates.find((c) => c.name === 'neural')?.available).toBe(true);
    for (const forecast of run.forecasts) {
      expect(forecast.p50).toHaveLength(36);
      expect(forecast.p50[35]!).toBeGreaterThan(1.5 * forecast.p50[0]!);
      const width = (h: number) => forecast.p90[h]! - forecast.p10[h]!;
      expect(width(35)).toBeGreaterThan(width(7));
      expect(width(7)).toBeGreaterThan(width(0));
    }
    expect(run.report.calibration.measured).not.toBeNull();
  });

  it('covers 80% (±5 points) of the future of random walks, over many series and seeds', async () => {
    const horizon = 6;
    let covered = 0;
    let total = 0;
    for (const seed of [11, 12, 13]) {
      const random = createRandom(seed);
      const walks = Array.from({ length: 40 }, (_, i) => {
        const values = [100];
        for (let t = 1; t < 60 + horizon; t += 1)
          values.push(values[t - 1]! * Math.exp(0.03 * random.normal()));
        return { id: `price-${i}`, values };
      });
      const run = await forecastWithBacktest(
        walks.map((w) => ({ id: w.id, values: w.values.slice(0, 60) })),
        { horizon, seed, epochs: 5, neural: { members: 1 } },
      );
      run.forecasts.forEach((f, s) => {
        const future = walks[s]!.values.slice(60);
        future.forEach((v, h) => {
          total += 1;
          if (v >= f.p10[h]! && v <= f.p90[h]!) covered += 1;
        });
      });
    }
    const coverage = covered / total;
    console.info(
      `random-walk coverage of the calibrated 80% band: ${(100 * coverage).toFixed(1)}%`,
    );
    expect(coverage).toBeGreaterThan(0.75);
    expect(coverage).toBeLessThan(0.85);
  }, 120_000);
});
