import { describe, expect, it } from 'vitest';
import { combineBands, ensembleWeights } from './ensemble';

describe('ensemble weights', () => {
  it('favours the lower backtest error, shrunk towards the trend-model mix, summing to 1', () => {
    const weights = ensembleWeights({ seasonal_naive: 4, drift: 3, ets: 1, neural: 2 }, 3);
    const total = Object.values(weights).reduce((a, b) => a + (b ?? 0), 0);
    expect(total).toBeCloseTo(1, 12);
    expect(weights.ets).toBeGreaterThan(weights.neural ?? 0);
    expect(weights.neural).toBeGreaterThan(weights.seasonal_naive ?? 0);
    expect(ensembleWeights({ ets: 1, neural: 5, drift: 1 }, 0)).toEqual({ ets: 0.5, neural: 0.5 });
  });

  it('mixes bands step by step', () => {
    const band = (v: number) => ({ p10: [v - 1], p50: [v], p90: [v + 1] });
    const mixed = combineBands({ ets: band(10), drift: band(20) }, { ets: 0.75, drift: 0.25 }, 1);
    expect(mixed).toEqual({ p10: [11.5], p50: [12.5], p90: [13.5] });
  });
});
