import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { trendSeasonalSeries } from '../../test/synthetic';
import { selectBackend } from '../../test/tf-backend';
import { createForecaster } from './create-forecaster';
import { ForecastInputError } from './errors';
import type { ForecastProgress } from './types';
import { WindowedMlpForecaster } from './windowed-mlp';

const series = trendSeasonalSeries({ count: 2, length: 120, seasonality: 12, seed: 11 });
const config = { horizon: 6, seasonality: 12, seed: 5, epochs: 6 };

beforeAll(async () => {
  await selectBackend({ prefer: 'cpu' });
});

describe('windowed MLP forecaster', () => {
  it('gives identical forecasts for the same seed', async () => {
    const run = async (seed: number) => {
      const forecaster = createForecaster('neural', { ...config, seed });
      try {
        await forecaster.fit(series);
        return await forecaster.predict(series);
      } finally {
        forecaster.dispose();
      }
    };
    const first = await run(5);
    const second = await run(5);
    const other = await run(6);
    expect(second.map((f) => f.p50)).toEqual(first.map((f) => f.p50));
    expect(second.map((f) => f.p90)).toEqual(first.map((f) => f.p90));
    expect(other.map((f) => f.p50)).not.toEqual(first.map((f) => f.p50));
  });

  it('frees every tensor it makes (fit + predict + dispose)', async () => {
    const before = tf.memory().numTensors;
    const forecaster = createForecaster('neural', config);
    await forecaster.fit(series);
    await forecaster.predict(series);
    forecaster.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refines a fitted model on more data deterministically and without leaking', async () => {
    const before = tf.memory().numTensors;
    const run = async () => {
      const forecaster = new WindowedMlpForecaster({ ...config, members: 2 });
      try {
        await forecaster.fit(series.map((s) => ({ ...s, values: s.values.slice(0, 90) })));
        const summary = await forecaster.refine(series, 3);
        expect(summary.epochs).toBeGreaterThan(0);
        return await forecaster.predict(series);
      } finally {
        forecaster.dispose();
      }
    };
    const first = await run();
    expect((await run()).map((f) => f.p50)).toEqual(first.map((f) => f.p50));
    expect(tf.memory().numTensors).toBe(before);
  });

  it('returns ordered quantiles of the right length and reports progress per epoch', async () => {
    const events: ForecastProgress[] = [];
    const forecaster = createForecaster('neural', config);
    try {
      const summary = await forecaster.fit(series, {
        phase: 'test',
        onProgress: (p) => events.push(p),
      });
      expect(summary.epochs).toBeGreaterThan(0);
      expect(summary.bestEpoch).toBeGreaterThan(0);
      expect(summary.trainWindows).toBeGreaterThan(100);
      expect(events).toHaveLength(summary.epochs);
      expect(events[0]).toMatchObject({ phase: 'test', epoch: 1, epochs: 6 });
      expect(Number.isFinite(events[0]?.valLoss)).toBe(true);

      const forecasts = await forecaster.predict(series);
      expect(forecasts.map((f) => f.id)).toEqual(series.map((s) => s.id));
      for (const { p10, p50, p90 } of forecasts) {
        expect(p50).toHaveLength(6);
        for (let h = 0; h < 6; h += 1) {
          expect(p10[h]).toBeLessThanOrEqual(p50[h] as number);
          expect(p50[h]).toBeLessThanOrEqual(p90[h] as number);
        }
      }
    } finally {
      forecaster.dispose();
    }
  });

  it('stops at the next epoch once aborted, without leaking', async () => {
    const before = tf.memory().numTensors;
    const controller = new AbortController();
    const forecaster = createForecaster('neural', { ...config, epochs: 50 });
    const fitting = forecaster.fit(series, {
      onProgress: (p) => {
        if (p.epoch === 2) controller.abort(new Error('cancelled by user'));
      },
      signal: controller.signal,
    });
    await expect(fitting).rejects.toThrow('cancelled by user');
    forecaster.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('throws a ForecastInputError naming the series that is too short', async () => {
    const forecaster = createForecaster('neural', { horizon: 12, seasonality: 12 });
    try {
      const error = await forecaster
        .fit([series[0]!, { id: 'tiny', values: [1, 2, 3, 4, 5] }])
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ForecastInputError);
      expect((error as ForecastInputError).message).toContain('"tiny" (5 points)');
      expect((error as ForecastInputError).requiredLength).toBe(forecaster.minimumFitLength());
    } finally {
      forecaster.dispose();
    }
  });

  it('rejects predict before fit and use after dispose', async () => {
    const forecaster = createForecaster('neural', config);
    await expect(forecaster.predict(series)).rejects.toThrow('call fit() before predict()');
    forecaster.dispose();
    await expect(forecaster.fit(series)).rejects.toThrow('after dispose');
  });
});
