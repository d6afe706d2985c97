import { describe, expect, it } from 'vitest';
import { quantile, quantileOfSorted } from './quantiles';
import { scaleFloor, standardize, unstandardize, windowScale } from './scaling';

describe('scaling', () => {
  it('standardises a window by its mean and population std and maps back', () => {
    const values = [100, 2, 4, 4, 4, 5, 5, 7, 9];
    const scale = windowScale(values, 1, 9, 1e-8);
    expect(scale.location).toBeCloseTo(5, 12);
    expect(scale.scale).toBeCloseTo(2, 12);
    expect(standardize(9, scale)).toBeCloseTo(2, 12);
    expect(unstandardize(standardize(3.3, scale), scale)).toBeCloseTo(3.3, 12);
  });

  it('floors the scale of flat windows, including all-zero series', () => {
    expect(windowScale([50, 50, 50], 0, 3, scaleFloor([50, 50, 50])).scale).toBeCloseTo(0.05, 12);
    expect(windowScale([0, 0, 0], 0, 3, scaleFloor([0, 0, 0])).scale).toBe(1e-8);
  });

  it('rejects windows outside the values', () => {
    expect(() => windowScale([1, 2], 1, 3, 1)).toThrow(RangeError);
  });
});

describe('quantiles', () => {
  it('interpolates linearly between order statistics', () => {
    expect(quantileOfSorted([1, 2, 3, 4, 5], 0.5)).toBe(3);
    expect(quantileOfSorted([1, 2, 3, 4, 5], 0.1)).toBeCloseTo(1.4, 12);
    expect(quantile([5, 1, 4, 2, 3], 0.9)).toBeCloseTo(4.6, 12);
  });
});
