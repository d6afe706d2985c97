import { describe, expect, it } from 'vitest';
import { createRandom } from '../common/random';
import { conformalFactors, ensembleWeights } from './forecast-with-backtest';

describe('conformal calibration', () => {
  it('widens a band that is too narrow so that 80% of backtest points are covered', () => {
    // Residuals ~ N(0, 1) against a band of half-width 0.5 (covers ~38%): scores = |r| / 0.5.
    const random = createRandom(1);
    const scores = [Array.from({ length: 400 }, () => Math.abs(random.normal()) / 0.5)];
    const before = scores[0]!.filter((s) => s <= 1).length / 400;
    const { factors, coverage, pooled } = conformalFactors(scores);
    expect(before).toBeLessThan(0.5);
    expect(pooled).toBe(false);
    // 1.2816 / 0.5 ≈ 2.56 for a normal.
    expect(factors[0]).toBeGreaterThan(2.2);
    expect(factors[0]).toBeLessThan(2.9);
    expect(coverage).toBeGreaterThanOrEqual(0.8);
    expect(coverage).toBeLessThan(0.83);
  });

  it('narrows a band that is too wide and pools steps with few residuals', () => {
    const { factors, pooled } = conformalFactors([
      [0.1, 0.2, 0.3, 0.2, 0.1],
      [0.2, 0.4, 0.1, 0.3, 0.2],
    ]);
    expect(pooled).toBe(true);
    expect(factors[0]).toBe(factors[1]);
    expect(factors[0]).toBeLessThan(1);
  });
});

describe('ensemble weights', () => {
  it('favours the lower backtest error, shrunk towards an ETS/neural mix, summing to 1', () => {
    const weights = ensembleWeights({ seasonal_naive: 4, ets: 1, neural: 2 }, 3);
    const total = Object.values(weights).reduce((a, b) => a + b, 0);
    expect(total).toBeCloseTo(1, 12);
    expect(weights.ets).toBeGreaterThan(weights.neural ?? 0);
    expect(weights.neural).toBeGreaterThan(weights.seasonal_naive ?? 0);
    expect(ensembleWeights({ ets: 1, neural: 5 }, 0)).toEqual({ ets: 0.5, neural: 0.5 });
  });
});
