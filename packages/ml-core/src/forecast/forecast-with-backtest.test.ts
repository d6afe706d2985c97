import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { trendSeasonalSeries } from '../../test/synthetic';
import { selectBackend } from '../../test/tf-backend';
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
    epochs: 40,
    neural: { members: 1 },
    onProgress: (p: ForecastProgress) => phases.add(p.phase),
  });
  tensorsAfter = tf.memory().numTensors;
}, 120_000);

describe('forecastWithBacktest', () => {
  it('ETS and the neural model beat seasonal naive on a noisy trend + seasonal series', () => {
    const { report } = result;
    const byName = Object.fromEntries(report.candidates.map((c) => [c.name, c]));
    console.info(
      `backtest MASE: ${report.candidates.map((c) => `${c.name} ${c.mase.toFixed(3)}`).join(', ')}; ` +
        `chosen ${report.chosen}; coverage before/after calibration ` +
        `${report.calibration.coverageBefore.toFixed(2)}/${report.calibration.coverageAfter.toFixed(2)}`,
    );
    const naive = byName.seasonal_naive?.mase ?? 0;
    expect(byName.neural?.mase).toBeLessThan(0.6 * naive);
    expect(byName.ets?.mase).toBeLessThan(0.6 * naive);
    expect(report.chosen).not.toBe('seasonal_naive');
    for (const entry of report.perSeries) {
      expect(entry.mase.ets).toBeLessThan(entry.mase.seasonal_naive);
      const total = Object.values(entry.weights).reduce((a, b) => a + b, 0);
      expect(total).toBeCloseTo(1, 9);
    }
  });

  it('returns backtest residuals (origins × horizon, oldest first) and a decomposition per series', () => {
    expect(result.report.backtestOrigins).toBe(6);
    expect(result.report.backtestStep).toBe(horizon);
    expect(result.backtest.map((b) => b.id)).toEqual(series.map((s) => s.id));
    for (const [index, entry] of result.backtest.entries()) {
      expect(entry.residuals).toHaveLength(6);
      for (const row of entry.residuals) expect(row).toHaveLength(horizon);
      expect(entry.origins).toEqual([240 - 72, 240 - 60, 240 - 48, 240 - 36, 240 - 24, 240 - 12]);
      // The last origin's residuals are the actual tail minus a forecast of it.
      const tail = series[index]!.values.slice(-horizon);
      expect(entry.residuals[5]!.every((r, h) => Math.abs(r) < Math.abs(tail[h]!))).toBe(true);
    }
    for (const entry of result.decomposition) {
      expect(entry.trend).toHaveLength(240);
      expect(entry.seasonal).toHaveLength(240);
    }
  });

  it('reports the leaderboard, backend and holdout settings', () => {
    const { report } = result;
    expect(report.backend).toBe('cpu');
    expect(report.holdoutHorizon).toBe(horizon);
    expect(report.horizon).toBe(horizon);
    expect(report.seasonality).toBe(12);
    expect(report.lookback).toBe(24);
    expect(report.candidates.map((c) => c.name)).toEqual([
      'seasonal_naive',
      'drift',
      'log_linear',
      'ets',
      'neural',
      'ensemble',
    ]);
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
        'backtest:drift',
        'backtest:log_linear',
        'backtest:ets',
        'backtest:neural',
        'refit:ets',
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
    const input = [series[0]!, { id: 'new-product', values: series[1]!.values.slice(0, 10) }];
    const error = await forecastWithBacktest(input, { horizon, seasonality: 12 }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ForecastInputError);
    const inputError = error as ForecastInputError;
    expect(inputError.seriesIds).toEqual(['new-product']);
    // 14 to fit (one season + 2 for seasonal naive) + 1 held out = 15
    expect(inputError.requiredLength).toBe(15);
    expect(inputError.message).toContain('"new-product" (10 points)');
    expect(inputError.message).toContain('at least 15 points');
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

  it('skips the neural model with a note when the series are short, still forecasting', async () => {
    const short = trendSeasonalSeries({ count: 2, length: 14, seasonality: 1, seed: 2 });
    const before = tf.memory().numTensors;
    const run = await forecastWithBacktest(short, { horizon: 3, seed: 1, epochs: 5 });
    expect(tf.memory().numTensors).toBe(before);
    expect(run.report.candidates.find((c) => c.name === 'neural')?.available).toBe(false);
    expect(run.report.notes.join(' ')).toMatch(/neural model was skipped/);
    expect(run.report.chosen).not.toBe('neural');
    expect(run.forecasts[0]?.p50).toHaveLength(3);
  });

  it('gives long series a full backtest next to a short one', async () => {
    const long = trendSeasonalSeries({ count: 1, length: 80, seasonality: 4, seed: 8 })[0]!;
    const short = { id: 'new', values: long.values.slice(0, 24) };
    const run = await forecastWithBacktest([long, short], {
      horizon: 4,
      seasonality: 4,
      seed: 2,
      epochs: 3,
      neural: { members: 1 },
    });
    const [longBacktest, shortBacktest] = run.backtest;
    expect(longBacktest?.origins).toEqual([56, 60, 64, 68, 72, 76]);
    // 24 points cannot hold 6 origins 4 apart and keep half the series to fit: they move closer.
    expect(shortBacktest?.origins).toEqual([15, 16, 17, 18, 19, 20]);
    expect(shortBacktest?.residuals.every((row) => row.length === 4)).toBe(true);
    expect(run.report.candidates.find((c) => c.name === 'neural')?.available).toBe(true);
    expect(run.report.notes.join(' ')).toMatch(
      /shorter backtest for 1 series: "new" \(24 points\)/,
    );
  });

  it('is deterministic under a seed', async () => {
    const small = trendSeasonalSeries({ count: 2, length: 60, seasonality: 4, seed: 5 });
    const options = { horizon: 4, seasonality: 4, seed: 3, epochs: 4 };
    const first = await forecastWithBacktest(small, options);
    const second = await forecastWithBacktest(small, options);
    expect(second.forecasts).toEqual(first.forecasts);
    expect(second.backtest).toEqual(first.backtest);
  });
});
