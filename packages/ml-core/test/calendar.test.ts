import { describe, expect, it } from 'vitest';
import {
  addPeriods,
  inferFrequency,
  periodsBetween,
  regularize,
  seasonPhase,
} from '../src/common/calendar';

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

describe('business days', () => {
  it('infers B for weekday-only daily data and D when weekends are present', () => {
    const weekdays = ['2024-01-04', '2024-01-05', '2024-01-08', '2024-01-09', '2024-01-10'];
    expect(inferFrequency(weekdays).frequency).toBe('B');
    expect(inferFrequency([...weekdays, '2024-01-06']).frequency).toBe('D');
  });

  it('steps over weekends both ways and inverts periodsBetween', () => {
    expect(addPeriods('2024-01-05', 'B', 1)).toBe('2024-01-08');
    expect(addPeriods('2024-01-08', 'B', -1)).toBe('2024-01-05');
    expect(addPeriods('2024-01-01', 'B', 10)).toBe('2024-01-15');
    expect(periodsBetween('2024-01-05', '2024-01-08', 'B')).toBe(1);
    for (const n of [0, 1, 4, 5, 6, 23, 260]) {
      expect(periodsBetween('2024-01-03', addPeriods('2024-01-03', 'B', n), 'B')).toBe(n);
    }
  });

  it('gives season phases', () => {
    expect(seasonPhase('2024-01-01', 'D')).toBe(0); // Monday
    expect(seasonPhase('2024-01-07', 'D')).toBe(6);
    expect(seasonPhase('2024-03-15', 'M')).toBe(2);
    expect(seasonPhase('2024-08-01', 'Q')).toBe(2);
    expect(seasonPhase('2024-08-01', 'Y')).toBe(0);
  });
});
