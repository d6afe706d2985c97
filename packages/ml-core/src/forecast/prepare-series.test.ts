import { describe, expect, it } from 'vitest';
import { ForecastInputError } from './errors';
import { prepareSeries } from './prepare-series';

describe('prepareSeries', () => {
  it('sorts, infers the frequency and fills gaps by interpolation, reporting them', () => {
    const result = prepareSeries([
      {
        id: 'a',
        dates: ['2024-03-01', '2024-01-01', '2024-02-01', '2024-06-01'],
        values: [3, 1, 2, 6],
      },
      { id: 'b', dates: ['2024-01-01', '2024-02-01'], values: [10, 20] },
    ]);
    expect(result.frequency.frequency).toBe('M');
    expect(result.series[0]).toEqual({
      id: 'a',
      dates: ['2024-01-01', '2024-02-01', '2024-03-01', '2024-04-01', '2024-05-01', '2024-06-01'],
      values: [1, 2, 3, 4, 5, 6],
    });
    expect(result.issues).toEqual([
      expect.objectContaining({ series: 'a', kind: 'gap_filled', count: 2 }),
    ]);
    expect(result.issues[0]?.message).toContain('2 missing monthly periods');
  });

  it('rejects duplicate dates by default, naming the series and the date', () => {
    const input = [
      {
        id: 'sales',
        dates: ['2024-01-01', '2024-01-02', '2024-01-02', '2024-01-03'],
        values: [1, 2, 3, 4],
      },
    ];
    const error = (() => {
      try {
        prepareSeries(input);
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(ForecastInputError);
    expect((error as ForecastInputError).message).toMatch(
      /series "sales": 2 values fall in the daily period of 2024-01-02/,
    );
    expect((error as ForecastInputError).seriesIds).toEqual(['sales']);
  });

  it('aggregates duplicates when asked and reports it', () => {
    const { series, issues } = prepareSeries(
      [
        {
          id: 's',
          dates: ['2024-01-01', '2024-01-02', '2024-01-02', '2024-01-03'],
          values: [1, 2, 4, 5],
        },
      ],
      { duplicates: 'mean' },
    );
    expect(series[0]?.values).toEqual([1, 3, 5]);
    expect(issues).toEqual([expect.objectContaining({ kind: 'duplicate_dates', count: 1 })]);
  });

  it('treats weekday-only data as business days: weekends are not gaps, a holiday is', () => {
    // Mon 2024-01-01 .. Fri 2024-01-12 without the weekend and without Wed 2024-01-10.
    const dates = [
      '2024-01-01',
      '2024-01-02',
      '2024-01-03',
      '2024-01-04',
      '2024-01-05',
      '2024-01-08',
      '2024-01-09',
      '2024-01-11',
      '2024-01-12',
    ];
    const values = [1, 2, 3, 4, 5, 6, 7, 9, 10];
    const result = prepareSeries([{ id: 'close', dates, values }]);
    expect(result.frequency.frequency).toBe('B');
    expect(result.series[0]?.values).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(result.series[0]?.dates).toContain('2024-01-10');
    expect(result.series[0]?.dates).not.toContain('2024-01-06');
    expect(result.issues).toEqual([expect.objectContaining({ kind: 'gap_filled', count: 1 })]);
  });

  it('drops non-finite values (reported) and rejects bad dates', () => {
    const { series, issues } = prepareSeries([
      { id: 'x', dates: ['2024-01-01', '2024-01-02', '2024-01-03'], values: [1, Number.NaN, 3] },
    ]);
    expect(series[0]?.values).toEqual([1, 2, 3]);
    expect(issues.map((i) => i.kind).sort()).toEqual(['gap_filled', 'missing_values']);
    expect(() =>
      prepareSeries([{ id: 'y', dates: ['2024-13-45', '2024-01-02'], values: [1, 2] }]),
    ).toThrow(/series "y": date 1 is "2024-13-45"/);
    expect(() => prepareSeries([])).toThrow(ForecastInputError);
  });

  it('uses a given frequency', () => {
    const result = prepareSeries(
      [{ id: 'q', dates: ['2024-01-01', '2024-07-01'], values: [1, 3] }],
      { frequency: 'Q' },
    );
    expect(result.frequency.frequency).toBe('Q');
    expect(result.series[0]?.values).toEqual([1, 2, 3]);
  });
});
