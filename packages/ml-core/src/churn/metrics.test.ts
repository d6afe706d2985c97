import { describe, expect, it } from 'vitest';
import {
  averagePrecision,
  calibrationTable,
  f1OptimalThreshold,
  logLoss,
  rocAuc,
  rocAucStandardError,
} from './metrics';

describe('churn metrics', () => {
  it('ROC-AUC: perfect, reversed, ties and a worked example', () => {
    expect(rocAuc([0, 0, 1, 1], [0.1, 0.2, 0.8, 0.9])).toBe(1);
    expect(rocAuc([0, 0, 1, 1], [0.9, 0.8, 0.2, 0.1])).toBe(0);
    expect(rocAuc([0, 1], [0.5, 0.5])).toBe(0.5);
    // Pairs (pos, neg): (0.35 > 0.1), (0.35 < 0.4), (0.8 > 0.1), (0.8 > 0.4) → 3/4.
    expect(rocAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])).toBeCloseTo(0.75, 12);
    expect(Number.isNaN(rocAuc([1, 1], [0.1, 0.2]))).toBe(true);
  });

  it('Hanley–McNeil standard error shrinks with more data', () => {
    const small = rocAucStandardError(0.8, 20, 80);
    const large = rocAucStandardError(0.8, 200, 800);
    expect(small).toBeGreaterThan(large);
    expect(large).toBeGreaterThan(0);
  });

  it('average precision, log-loss, threshold and calibration table', () => {
    expect(averagePrecision([1, 0, 1, 0], [0.9, 0.8, 0.7, 0.1])).toBeCloseTo((1 + 2 / 3) / 2, 12);
    expect(logLoss([1, 0], [0.5, 0.5])).toBeCloseTo(Math.log(2), 12);
    const threshold = f1OptimalThreshold([1, 1, 0, 0], [0.9, 0.8, 0.3, 0.1]);
    expect(threshold).toEqual({ value: 0.8, precision: 1, recall: 1, f1: 1 });
    const table = calibrationTable([0, 1, 1, 0], [0.05, 0.92, 0.97, 0.5]);
    expect(table.map((b) => [b.bin, b.observed, b.count])).toEqual([
      [0, 0, 1],
      [5, 0, 1],
      [9, 1, 2],
    ]);
    expect(table[2]?.predicted).toBeCloseTo(0.945, 12);
  });
});
