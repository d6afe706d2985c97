import { describe, expect, it } from 'vitest';
import { drawBandPaths, errorCorrelation, persistence } from './band-paths';
import type { RiskForecastInput, SeriesErrorModel } from './types';

const horizon = 24;
/** A flat forecast of `level` whose 80% half-width grows like h^growth. */
function model(level: number, width: number, growth: number): SeriesErrorModel {
  const half = Array.from({ length: horizon }, (_, h) => width * (h + 1) ** growth);
  return {
    p50: new Array<number>(horizon).fill(level),
    p10: half.map((w) => level - w),
    p90: half.map((w) => level + w),
    residuals: [],
  };
}

function quantile(values: number[], q: number): number {
  const sorted = values.slice().sort((a, b) => a - b);
  return sorted[Math.floor(q * (sorted.length - 1))]!;
}

describe('paths drawn from calibrated bands', () => {
  it('reproduces each month’s band and ties months together by the band’s growth', () => {
    const input: RiskForecastInput = {
      currentCash: 0,
      revenue: model(1000, 10, 1),
      expenses: model(50, 5, 0.5),
      correlation: 0.5,
    };
    const paths = 4000;
    const { revenue, expenses, sampling } = drawBandPaths(input, { paths, horizon, seed: 1 });
    expect(sampling.method).toBe('bands');
    expect(sampling.persistence?.revenue).toBeCloseTo(1, 6);
    // √h growth alone would make expense shocks a random walk; the floor keeps most persistent.
    expect(sampling.persistence?.expenses).toBeCloseTo(0.8, 6);
    const month = (draws: Float64Array, h: number) =>
      Array.from({ length: paths }, (_, p) => draws[p * horizon + h]!);
    for (const h of [0, 11, 23]) {
      const r = month(revenue, h);
      const half = 10 * (h + 1);
      expect(Math.abs(quantile(r, 0.1) - (1000 - half))).toBeLessThan(0.06 * half + 1);
      expect(Math.abs(quantile(r, 0.9) - (1000 + half))).toBeLessThan(0.06 * half + 1);
    }
    // Fully persistent revenue shocks: month 1 and month 24 move together.
    const first = month(revenue, 0).map((v) => v - 1000);
    const last = month(revenue, 23).map((v) => v - 1000);
    const corr =
      first.reduce((a, v, i) => a + v * last[i]!, 0) /
      Math.sqrt(first.reduce((a, v) => a + v * v, 0) * last.reduce((a, v) => a + v * v, 0));
    expect(corr).toBeGreaterThan(0.95);
    expect(Math.min(...expenses)).toBeGreaterThanOrEqual(0);
  });

  it('reads persistence from the band growth and correlation from the backtest errors', () => {
    expect(persistence(model(1, 1, 0.5), horizon)).toBeCloseTo(0.8, 6);
    expect(persistence(model(1, 1, 0.95), horizon)).toBeCloseTo(0.9, 6);
    const rows = Array.from({ length: 12 }, (_, o) => [o - 6, 2 * (o - 6)]);
    expect(errorCorrelation(rows, rows)).toBeCloseTo(12 / 16, 6);
    expect(
      errorCorrelation(
        rows,
        rows.map((row) => row.map((v) => -v)),
      ),
    ).toBeCloseTo(-0.75, 6);
    expect(errorCorrelation([[1]], [[2]])).toBe(0);
  });
});
