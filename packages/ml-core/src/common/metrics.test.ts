import { describe, expect, it } from 'vitest';
import { intervalCoverage, mae, mase, naiveScale, pinballLoss, smape } from './metrics';

describe('metrics', () => {
  it('mae', () => {
    expect(mae([1, 2, 3], [2, 2, 5])).toBeCloseTo(1, 12);
  });

  it('naiveScale uses the seasonal lag, or lag 1 when the sample is one season or shorter', () => {
    // lag 2 differences: |3-1|, |4-2|, |8-3| → mean 3
    expect(naiveScale([1, 2, 3, 4, 8], 2)).toBeCloseTo(3, 12);
    // 3 points with seasonality 4 → lag 1: |2-1|, |4-2| → 1.5
    expect(naiveScale([1, 2, 4], 4)).toBeCloseTo(1.5, 12);
  });

  it('mase divides the forecast MAE by the in-sample seasonal naive MAE', () => {
    const insample = [10, 20, 12, 22, 14, 24]; // lag-2 differences are all 2
    expect(mase([16, 26], [15, 28], insample, 2)).toBeCloseTo(1.5 / 2, 12);
    // lag-1 scale: |20-10|+|12-20|+|22-12|+|14-22|+|24-14| = 46 / 5
    expect(mase([16, 26], [15, 28], insample, 1)).toBeCloseTo(1.5 / (46 / 5), 12);
  });

  it('mase of a constant in-sample part is 0 for a perfect forecast, Infinity otherwise', () => {
    expect(mase([5, 5], [5, 5], [5, 5, 5], 1)).toBe(0);
    expect(mase([5, 6], [5, 5], [5, 5, 5], 1)).toBe(Number.POSITIVE_INFINITY);
  });

  it('smape is in percent and treats 0/0 as no error', () => {
    // |100-110| / 105 * 2 = 0.190476…; 0 vs 0 → 0
    expect(smape([100, 0], [110, 0])).toBeCloseTo((100 * (20 / 210)) / 2, 10);
    expect(smape([1], [-1])).toBeCloseTo(200, 10);
  });

  it('pinballLoss weighs under- and over-forecasts by q and 1 − q', () => {
    // actual 10, forecast 8 (under by 2): q·2; actual 10, forecast 13 (over by 3): (1−q)·3
    expect(pinballLoss([10, 10], [8, 13], 0.9)).toBeCloseTo((0.9 * 2 + 0.1 * 3) / 2, 12);
    expect(pinballLoss([10, 10], [8, 13], 0.5)).toBeCloseTo((0.5 * 2 + 0.5 * 3) / 2, 12);
    expect(() => pinballLoss([1], [1], 1)).toThrow(RangeError);
  });

  it('intervalCoverage counts points inside the closed interval', () => {
    expect(intervalCoverage([1, 2, 3, 4], [0, 2, 3.5, 0], [1, 3, 4, 3])).toBe(0.5);
  });

  it('rejects mismatched or empty input', () => {
    expect(() => mae([1, 2], [1])).toThrow(RangeError);
    expect(() => smape([], [])).toThrow(RangeError);
    expect(() => intervalCoverage([1], [0], [])).toThrow(RangeError);
  });
});
