import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { trendSeasonalSeries } from '../../test/synthetic';
import { selectBackend } from '../common/backend';
import { ForecastInputError } from './errors';
import { forecastWithBacktest } from './forecast-with-backtest';
import type { ForecastProgress, ForecastResult } from './types';

// 3 series × 240 monthly points: strong linear trend + season + gaussian noise (seeded).
const series = trendSeasonalSeries({ count: 3, length: 240, seasonality: 12, seed: 7 });
const horizon = 12;

let result: ForecastResult;
let tensorsBefore = 0;
let tensorsAfter = 0;
const phases = new Set<string>();

beforeAll(async () => {
  await selectBackend({ prefer: 'cpu' });
  tensorsBefore = tf.memory().numTensors;
  result = await forecastWithBacktest(series, {
    horizon,
    seasonality: 12,
    seed: 1,
    onProgress: (p: ForecastProgress) => phases.add(p.phase),
  });
  tensorsAfter = tf.memory().numTensors;
}, 120_000);

describe('forecastWithBacktest', () => {
  it('the neural model beats seasonal naive on a noisy trend + seasonal series', () => {
    const { report } = result;
    const naive = report.candidates.find((c) => c.name === 'seasonal_naive');
    const neural = report.candidates.find((c) => c.name === 'neural');
    console.info(
      `holdout MASE: neural ${neural?.mase.toFixed(3)} vs seasonal naive ${naive?.mase.toFixed(3)}; ` +
        `coverage80 neural ${neural?.coverage80?.toFixed(2)}, naive ${naive?.coverage80?.toFixed(2)}; ` +
        `neural fit ${neural?.fitMs.toFixed(0)} ms on ${report.backend}`,
    );
    expect(neural?.mase).toBeLessThan(0.5 * (naive?.mase ?? 0));
    expect(report.chosen).toBe('neural');
    for (const entry of report.perSeries) {
      expect(entry.mase.neural).toBeLessThan(entry.mase.seasonal_naive);
    }
  });

  it('reports the leaderboard, backend and holdout settings', () => {
    const { report } = result;
    expect(report.backend).toBe('cpu');
    expect(report.holdoutHorizon).toBe(horizon);
    expect(report.seasonality).toBe(12);
    expect(report.lookback).toBe(24);
    expect(report.candidates.map((c) => c.name)).toEqual(['seasonal_naive', 'neural']);
    for (const candidate of report.candidates) {
      expect(candidate.smape).toBeGreaterThan(0);
      expect(candidate.coverage80).toBeGreaterThanOrEqual(0);
      expect(candidate.coverage80).toBeLessThanOrEqual(1);
      expect(candidate.fitMs).toBeGreaterThanOrEqual(0);
    }
    expect(report.perSeries.map((s) => s.id)).toEqual(series.map((s) => s.id));
    expect([...phases]).toEqual(
      expect.arrayContaining([
        'backtest:seasonal_naive',
        'backtest:neural',
        'refit:neural',
        'done',
      ]),
    );
  });

  it('forecasts horizon future steps per series with ordered quantiles that continue the trend', () => {
    expect(result.forecasts.map((f) => f.id)).toEqual(series.map((s) => s.id));
    for (const [index, { p10, p50, p90 }] of result.forecasts.entries()) {
      expect(p10).toHaveLength(horizon);
      expect(p50).toHaveLength(horizon);
      expect(p90).toHaveLength(horizon);
      for (let h = 0; h < horizon; h += 1) {
        expect(p10[h]).toBeLessThanOrEqual(p50[h] as number);
        expect(p50[h]).toBeLessThanOrEqual(p90[h] as number);
      }
      // The next year's mean should sit above the last year's mean (upward trend).
      const values = series[index]?.values ?? [];
      const lastYear = values.slice(-12).reduce((a, b) => a + b, 0) / 12;
      const nextYear = p50.reduce((a, b) => a + b, 0) / horizon;
      expect(nextYear).toBeGreaterThan(lastYear);
    }
  });

  it('frees every tensor', () => {
    expect(tensorsAfter).toBe(tensorsBefore);
  });

  it('throws ForecastInputError naming too-short series and the points needed', async () => {
    const input = [series[0]!, { id: 'new-product', values: series[1]!.values.slice(0, 30) }];
    const error = await forecastWithBacktest(input, { horizon, seasonality: 12 }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ForecastInputError);
    const inputError = error as ForecastInputError;
    expect(inputError.seriesIds).toEqual(['new-product']);
    // 12 held out + lookback 12 + 2·12 + 3 to train = 51
    expect(inputError.requiredLength).toBe(51);
    expect(inputError.message).toContain('"new-product" (30 points)');
    expect(inputError.message).toContain('at least 51 points');
  });

  it('rejects non-finite values and bad options with a ForecastInputError', async () => {
    const withGap = [{ id: 'gap', values: [1, 2, Number.NaN, 4] }];
    await expect(forecastWithBacktest(withGap, { horizon: 1 })).rejects.toThrow(
      /value 3 of 4 is NaN/,
    );
    await expect(forecastWithBacktest(series, { horizon: 0 })).rejects.toBeInstanceOf(
      ForecastInputError,
    );
  });
});
