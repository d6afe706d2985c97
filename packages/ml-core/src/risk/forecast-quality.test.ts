import { describe, expect, it } from 'vitest';
import { backtestQuality } from './forecast-quality';

describe('backtestQuality', () => {
  it('compares the forecast’s percent error with carrying the last month forward', () => {
    // Revenue growing 10 a month from 100; a forecast that is off by 2 every month.
    const values = [100, 110, 120, 130, 140];
    const quality = backtestQuality(values, { origins: [3], residuals: [[2, -2]] });
    expect(quality.months).toBe(2);
    expect(quality.errorPct).toBeCloseTo(((2 / 130 + 2 / 140) / 2) * 100, 9);
    expect(quality.noGrowthErrorPct).toBeCloseTo(((10 / 130 + 20 / 140) / 2) * 100, 9);
  });

  it('returns nulls when there is nothing to score', () => {
    expect(backtestQuality([0, 0], { origins: [1], residuals: [[0]] }).errorPct).toBeNull();
  });
});
