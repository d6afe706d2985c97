import { describe, expect, it } from 'vitest';
import { addPeriods, inferFrequency, periodsBetween, regularize } from '../src/common/calendar';

describe('inferFrequency', () => {
  it.each([
    [['2024-01-01', '2024-01-02', '2024-01-03', '2024-01-05'], 'D'],
    [['2024-01-01', '2024-01-08', '2024-01-15'], 'W'],
    [['2024-01-31', '2024-02-29', '2024-03-31', '2024-04-30'], 'M'],
    [['2024-01-01', '2024-04-01', '2024-07-01'], 'Q'],
    [['2020-01-01', '2021-01-01', '2022-01-01'], 'Y'],
  ])('%j → %s', (dates, f) => expect(inferFrequency(dates).frequency).toBe(f));

  it('needs two dates', () =>
    expect(() => inferFrequency(['2024-01-01'])).toThrow(/two distinct dates/));
});

describe('addPeriods', () => {
  it('steps days, weeks, months, quarters and years', () => {
    expect(addPeriods('2024-02-28', 'D', 2)).toBe('2024-03-01');
    expect(addPeriods('2024-12-30', 'W', 1)).toBe('2025-01-06');
    expect(addPeriods('2024-01-15', 'M', 1)).toBe('2024-02-15');
    expect(addPeriods('2024-01-31', 'M', 1)).toBe('2024-02-29');
    expect(addPeriods('2024-02-29', 'M', 1)).toBe('2024-03-31');
    expect(addPeriods('2024-11-01', 'Q', 1)).toBe('2025-02-01');
    expect(addPeriods('2024-02-29', 'Y', 1)).toBe('2025-02-28');
  });

  it('is the inverse of periodsBetween', () => {
    for (const f of ['D', 'W', 'M', 'Q', 'Y'] as const) {
      expect(periodsBetween('2023-03-31', addPeriods('2023-03-31', f, 7), f)).toBe(7);
    }
  });
});

describe('regularize', () => {
  it('fills gaps by interpolation and counts them', () => {
    const r = regularize(['2024-01-01', '2024-01-02', '2024-01-05'], [1, 2, 5], 'D');
    expect(r.dates).toEqual(['2024-01-01', '2024-01-02', '2024-01-03', '2024-01-04', '2024-01-05']);
    expect(r.values).toEqual([1, 2, 3, 4, 5]);
    expect(r.filled).toBe(2);
  });

  it('refuses two values in one period', () => {
    expect(() => regularize(['2024-01-01', '2024-01-15'], [1, 2], 'M')).toThrow(
      /same monthly period/,
    );
  });
});
