import { describe, expect, it } from 'vitest';
import {
  averagePrecision,
  calibrationTable,
  f1OptimalThreshold,
  logLoss,
  pairedRocAucDifference,
  rocAuc,
  rocAucStandardError,
} from './metrics';
import { createRandom } from '../common/random';

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

  it('paired DeLong difference: exact difference, zero for identical scores, SE near a paired bootstrap', () => {
    const random = createRandom(9);
    const n = 1500;
    const labels = new Float64Array(n);
    const a = new Float64Array(n);
    const b = new Float64Array(n);
    for (let i = 0; i < n; i += 1) {
      labels[i] = random.uniform() < 0.25 ? 1 : 0;
      const shared = labels[i]! + random.normal();
      a[i] = shared + 0.5 * labels[i]! + 0.5 * random.normal();
      b[i] = shared + 0.5 * random.normal();
    }
    const same = pairedRocAucDifference(labels, a, a);
    expect(same.difference).toBe(0);
    expect(same.se).toBe(0);
    const { difference, se, z } = pairedRocAucDifference(labels, a, b);
    expect(difference).toBeCloseTo(rocAuc(labels, a) - rocAuc(labels, b), 12);
    expect(z).toBeCloseTo(difference / se, 12);
    // Paired bootstrap of the same difference.
    const draws: number[] = [];
    const y = new Float64Array(n);
    const sa = new Float64Array(n);
    const sb = new Float64Array(n);
    for (let r = 0; r < 300; r += 1) {
      for (let i = 0; i < n; i += 1) {
        const k = random.int(n);
        y[i] = labels[k]!;
        sa[i] = a[k]!;
        sb[i] = b[k]!;
      }
      draws.push(rocAuc(y, sa) - rocAuc(y, sb));
    }
    const mean = draws.reduce((s, d) => s + d, 0) / draws.length;
    const bootSe = Math.sqrt(draws.reduce((s, d) => s + (d - mean) ** 2, 0) / (draws.length - 1));
    expect(se / bootSe).toBeGreaterThan(0.8);
    expect(se / bootSe).toBeLessThan(1.25);
    // Correlated scores: the paired SE is well below the unpaired (independent) one.
    const positives = labels.reduce((s, v) => s + v, 0);
    const unpaired = Math.hypot(
      rocAucStandardError(rocAuc(labels, a), positives, n - positives),
      rocAucStandardError(rocAuc(labels, b), positives, n - positives),
    );
    expect(se).toBeLessThan(unpaired);
  });
});
