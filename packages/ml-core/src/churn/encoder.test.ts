import { describe, expect, it } from 'vitest';
import { createRandom } from '../common/random';
import { fitEncoder, type FeatureColumn } from './encoder';
import { fitNumericExpansion } from './numeric-expansion';

const rows = (n: number): Int32Array => Int32Array.from({ length: n }, (_, i) => i);

describe('feature encoder', () => {
  it('standardises numerics on the training rows, imputes the median and flags missing values', () => {
    const numbers = Float64Array.from([1, 2, 3, 4, Number.NaN, 100]);
    const columns: FeatureColumn[] = [{ name: 'x', type: 'numeric', numbers }];
    const labels = new Float64Array(6);
    const encoder = fitEncoder(columns, rows(5), labels, createRandom(1));
    expect(encoder.columnNames).toEqual(['x', 'x (missing)']);
    const train = encoder.trainMatrix;
    // Present training values standardised to mean 0 (the missing row gets the median, 2.5).
    const present = [0, 1, 2, 3].map((i) => train[i * 2] as number);
    expect(present.reduce((s, v) => s + v, 0)).toBeCloseTo(0, 5);
    expect(train[4 * 2 + 1]).toBe(1);
    expect(train[4 * 2]).toBeCloseTo(0, 5);
    // A value far outside the training range is clipped to it.
    const encoded = encoder.encode(columns, [5, 3]);
    expect(encoded[0]).toBeCloseTo(encoded[2] as number, 5);
  });

  it('one-hot encodes frequent levels, sends rare and unseen ones to other, and flags missing', () => {
    const strings = [...Array<string>(10).fill('a'), ...Array<string>(6).fill('b'), 'rare', null];
    const columns: FeatureColumn[] = [{ name: 'plan', type: 'categorical', strings }];
    const encoder = fitEncoder(columns, rows(18), new Float64Array(18), createRandom(1));
    expect(encoder.columnNames).toEqual(['plan=a', 'plan=b', 'plan=(other)', 'plan=(missing)']);
    const unseen = encoder.encode([{ ...columns[0]!, strings: ['zzz', null, 'b'] }], [0, 1, 2]);
    expect(Array.from(unseen)).toEqual([0, 0, 1, 0, 0, 0, 0, 1, 0, 1, 0, 0]);
    expect(encoder.groups).toEqual([{ name: 'plan', start: 0, end: 4 }]);
  });

  it('adds an out-of-fold target encoding for high-cardinality categoricals', () => {
    const random = createRandom(3);
    const n = 2000;
    const strings = Array.from({ length: n }, () => `city_${random.int(80)}`);
    const labels = Float64Array.from(strings, (s) =>
      random.uniform() < (Number(s.slice(5)) < 40 ? 0.6 : 0.1) ? 1 : 0,
    );
    const columns: FeatureColumn[] = [{ name: 'city', type: 'categorical', strings }];
    const encoder = fitEncoder(columns, rows(n), labels, createRandom(1));
    expect(encoder.columnNames[encoder.width - 1]).toBe('city (churn rate)');
    const target = Array.from(
      { length: n },
      (_, i) => encoder.trainMatrix[i * encoder.width + encoder.width - 1] as number,
    );
    const high = target.filter((_, i) => Number((strings[i] as string).slice(5)) < 40);
    const low = target.filter((_, i) => Number((strings[i] as string).slice(5)) >= 40);
    const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;
    expect(mean(high)).toBeGreaterThan(mean(low) + 1);
  });

  it('piecewise-linear expansion keeps the inputs and adds monotone bin activations', () => {
    const x = Float32Array.from({ length: 100 }, (_, i) => (i - 50) / 10);
    const expansion = fitNumericExpansion(x, 100, 1, [0], 4);
    expect(expansion.width).toBe(5);
    const out = expansion.expand(Float32Array.from([-100, 0, 100]), 3);
    expect(Array.from(out.slice(0, 5))).toEqual([-100, 0, 0, 0, 0]);
    expect(Array.from(out.slice(10, 15))).toEqual([100, 1, 1, 1, 1]);
  });
});
