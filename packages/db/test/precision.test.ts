import { expect, it } from 'vitest';
import { significant } from '../src/precision';

it('keeps significant digits at any magnitude, and leaves zero and non-finite values alone', () => {
  expect(significant(1234.56789012345)).toBe(1234.568);
  expect(significant(-0.000123456789)).toBe(-0.0001234568);
  expect(significant(1.23456789e-60)).toBe(1.234568e-60);
  expect(significant(9.87654321e20, 3)).toBe(9.88e20);
  expect(significant(0)).toBe(0);
  expect(significant(Number.NaN)).toBeNaN();
  expect(significant(Number.POSITIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY);
});
