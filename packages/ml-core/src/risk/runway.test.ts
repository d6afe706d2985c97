import { describe, expect, it } from 'vitest';
import { constantBurnRunway, simulateCashPaths } from './runway';
import type { RiskForecastInput } from './types';

const zeros = (origins: number, steps: number): number[][] =>
  Array.from({ length: origins }, () => new Array<number>(steps).fill(0));

/** A noisy but fixed set of backtest errors (origins × steps), growing with the step ahead. */
function noisyResiduals(origins: number, steps: number, scale: number, salt: number): number[][] {
  return Array.from({ length: origins }, (_, o) =>
    Array.from(
      { length: steps },
      (_, k) => scale * Math.sqrt(k + 1) * Math.sin(7 * o + 3 * k + salt),
    ),
  );
}

function flatInput(
  cash: number,
  revenue: number,
  expenses: number,
  horizon: number,
): RiskForecastInput {
  return {
    currentCash: cash,
    revenue: { p50: new Array<number>(horizon).fill(revenue), residuals: zeros(3, 6) },
    expenses: { p50: new Array<number>(horizon).fill(expenses), residuals: zeros(3, 6) },
  };
}

describe('simulateCashPaths', () => {
  it('equals the closed form when the errors are zero (flat forecast = constant burn)', () => {
    const horizon = 12;
    const result = simulateCashPaths(
      flatInput(100, 10, 40, horizon),
      {},
      {
        paths: 200,
        horizon,
        seed: 1,
      },
    );
    result.fan.forEach((point, h) => {
      const expected = 100 - 30 * (h + 1);
      expect(point.month).toBe(h + 1);
      expect(point.p10).toBeCloseTo(expected, 9);
      expect(point.p50).toBeCloseTo(expected, 9);
      expect(point.p90).toBeCloseTo(expected, 9);
    });
    const closedForm = constantBurnRunway([10, 10, 10], [40, 40, 40], 100).runwayMonths as number;
    expect(closedForm).toBeCloseTo(100 / 30, 12);
    expect(result.runway.p10).toBeCloseTo(closedForm, 9);
    expect(result.runway.p50).toBeCloseTo(closedForm, 9);
    expect(result.runway.p90).toBeCloseTo(closedForm, 9);
    expect(result.runway.shareBeyondHorizon).toBe(0);
    // First month with cash < 0 is month 4 (100 − 4·30 = −20).
    for (const { month, p } of result.probabilityCashOut) expect(p).toBe(month >= 4 ? 1 : 0);
    expect(result.summary).toEqual({ 3: 0, 6: 1, 12: 1, 18: null });
  });

  it('equals the closed-form cash path of a non-flat forecast with zero errors', () => {
    const horizon = 18;
    const revenue = Array.from({ length: horizon }, (_, h) => 20 * 1.05 ** (h + 1));
    const expenses = Array.from({ length: horizon }, (_, h) => 50 + 2 * h);
    const input: RiskForecastInput = {
      currentCash: 300,
      revenue: { p50: revenue, residuals: zeros(40, horizon), referenceLevel: 20 },
      expenses: { p50: expenses, residuals: zeros(40, horizon), referenceLevel: 50 },
    };
    const result = simulateCashPaths(input, {}, { paths: 50, horizon, seed: 3 });
    let cash = 300;
    let runway: number | null = null;
    result.fan.forEach((point, h) => {
      const next = cash + (revenue[h] as number) - (expenses[h] as number);
      if (runway === null && next < 0) runway = h + cash / (cash - next);
      cash = next;
      expect(point.p10).toBeCloseTo(cash, 9);
      expect(point.p90).toBeCloseTo(cash, 9);
    });
    expect(runway).not.toBeNull();
    expect(result.runway.p50).toBeCloseTo(runway as unknown as number, 9);
    expect(result.runway.p10).toBeCloseTo(runway as unknown as number, 9);
  });

  it('reports runway as null (beyond the horizon) when cash never goes negative', () => {
    const result = simulateCashPaths(
      flatInput(100, 50, 40, 6),
      {},
      {
        paths: 10,
        horizon: 6,
        seed: 1,
      },
    );
    expect(result.runway).toEqual({
      p10: null,
      p50: null,
      p90: null,
      shareBeyondHorizon: 1,
      horizon: 6,
    });
    expect(result.probabilityCashOut.every(({ p }) => p === 0)).toBe(true);
    expect(constantBurnRunway([50, 50, 50], [40, 40, 40], 100)).toEqual({
      monthlyBurn: -10,
      runwayMonths: null,
    });
  });

  it('gives runway 0 and P = 1 when cash is already negative', () => {
    const result = simulateCashPaths(
      flatInput(-5, 50, 40, 6),
      {},
      {
        paths: 10,
        horizon: 6,
        seed: 1,
      },
    );
    expect(result.runway.p50).toBe(0);
    expect(result.probabilityCashOut[0]?.p).toBe(1);
    expect(constantBurnRunway([0, 0, 0], [10, 10, 10], -5).runwayMonths).toBe(0);
  });

  it('has ordered quantiles, non-decreasing cash-out probabilities and is deterministic', () => {
    const horizon = 18;
    const input: RiskForecastInput = {
      currentCash: 500,
      revenue: {
        p50: new Array<number>(horizon).fill(100),
        residuals: noisyResiduals(2, 12, 25, 0),
      },
      expenses: {
        p50: new Array<number>(horizon).fill(130),
        residuals: noisyResiduals(2, 12, 15, 1),
      },
    };
    const options = { paths: 2000, horizon, seed: 11 };
    const result = simulateCashPaths(input, {}, options);
    for (const point of result.fan) {
      expect(point.p10).toBeLessThanOrEqual(point.p50);
      expect(point.p50).toBeLessThanOrEqual(point.p90);
    }
    expect(result.fan.at(-1)!.p90 - result.fan.at(-1)!.p10).toBeGreaterThan(0);
    const { p10, p50, p90 } = result.runway;
    expect(p10).not.toBeNull();
    expect(p10!).toBeLessThanOrEqual(p50 ?? Number.POSITIVE_INFINITY);
    expect(p50 ?? 0).toBeLessThanOrEqual(p90 ?? Number.POSITIVE_INFINITY);
    for (let m = 1; m < horizon; m += 1) {
      expect(result.probabilityCashOut[m]!.p).toBeGreaterThanOrEqual(
        result.probabilityCashOut[m - 1]!.p,
      );
    }
    expect(simulateCashPaths(input, {}, options)).toEqual(result);
    expect(simulateCashPaths(input, {}, { ...options, seed: 12 }).fan).not.toEqual(result.fan);
  });

  it('keeps the revenue/expense error correlation: identical errors cancel in the cash path', () => {
    const horizon = 12;
    const errors = noisyResiduals(3, 8, 30, 2);
    const input: RiskForecastInput = {
      currentCash: 200,
      revenue: { p50: new Array<number>(horizon).fill(1000), residuals: errors },
      expenses: { p50: new Array<number>(horizon).fill(1020), residuals: errors },
    };
    const result = simulateCashPaths(input, {}, { paths: 500, horizon, seed: 5 });
    for (const point of result.fan) {
      expect(point.p90 - point.p10).toBeCloseTo(0, 9);
      expect(point.p50).toBeCloseTo(200 - 20 * point.month, 9);
    }
  });

  it('draws whole backtest rows when there are many origins covering the horizon', () => {
    const horizon = 6;
    const rows = Array.from({ length: 40 }, (_, o) =>
      Array.from({ length: 8 }, (_, k) => (o - 20) * (k + 1)),
    );
    const input: RiskForecastInput = {
      currentCash: 1000,
      revenue: { p50: new Array<number>(horizon).fill(100), residuals: rows },
      expenses: { p50: new Array<number>(horizon).fill(100), residuals: zeros(40, 8) },
    };
    // 401 paths: the p10/p90 positions are whole order statistics (no interpolation).
    const result = simulateCashPaths(input, {}, { paths: 401, horizon, seed: 9 });
    expect(result.runway.shareBeyondHorizon).toBe(1);
    // Every path's revenue error at step k is (o − 20)(k + 1) for one origin o, so the cash change
    // after m months is Σ_k (o − 20)(k + 1) = (o − 20)·m(m + 1)/2: a multiple of m(m + 1)/2.
    for (const point of result.fan) {
      const unit = (point.month * (point.month + 1)) / 2;
      for (const q of [point.p10, point.p90]) {
        const steps = (q - 1000) / unit;
        expect(Math.abs(steps - Math.round(steps))).toBeLessThan(1e-9);
      }
    }
  });

  it('keeps a backtest level error constant along the path (few origins, block bootstrap)', () => {
    const horizon = 12;
    // Three origins whose forecasts missed the level by −10, 0 and +10 at every step.
    const rows = [-10, 0, 10].map((miss) => new Array<number>(6).fill(miss));
    const input: RiskForecastInput = {
      currentCash: 1000,
      revenue: { p50: new Array<number>(horizon).fill(100), residuals: rows },
      expenses: { p50: new Array<number>(horizon).fill(150), residuals: zeros(3, 6) },
    };
    const result = simulateCashPaths(input, {}, { paths: 300, horizon, seed: 2 });
    for (const { month, p10, p50, p90 } of result.fan) {
      expect(p10).toBeCloseTo(1000 - 60 * month, 9);
      expect(p50).toBeCloseTo(1000 - 50 * month, 9);
      expect(p90).toBeCloseTo(1000 - 40 * month, 9);
    }
  });

  it('rescales relative errors to the forecast level (per backtest origin when given)', () => {
    const horizon = 8;
    const rows = noisyResiduals(2, 8, 10, 3);
    const input = (referenceLevel?: number | number[]): RiskForecastInput => ({
      currentCash: 10_000,
      revenue: {
        p50: new Array<number>(horizon).fill(1000),
        residuals: rows,
        ...(referenceLevel === undefined ? {} : { referenceLevel }),
      },
      expenses: { p50: new Array<number>(horizon).fill(1000), residuals: zeros(2, 8) },
    });
    const options = { paths: 300, horizon, seed: 4 };
    const spread = (levels?: number | number[]) => {
      const last = simulateCashPaths(input(levels), {}, options).fan.at(-1)!;
      return last.p90 - last.p10;
    };
    // Errors measured at level 500 are doubled at the forecast's level 1000; at 1000 unchanged.
    expect(spread(500)).toBeCloseTo(2 * spread(), 6);
    expect(spread(1000)).toBeCloseTo(spread(), 6);
    expect(spread([500, 500])).toBeCloseTo(2 * spread(), 6);
    // A non-positive level leaves the errors additive.
    expect(spread(0)).toBeCloseTo(spread(), 6);
    expect(() => spread([500])).toThrow('revenue needs one reference level per backtest origin');
  });

  it('rejects forecasts shorter than the horizon and non-finite errors', () => {
    const input = flatInput(100, 10, 40, 6);
    expect(() => simulateCashPaths(input, {}, { paths: 10, horizon: 12, seed: 1 })).toThrow(
      'revenue forecast has 6 months; the simulation needs 12',
    );
    const bad: RiskForecastInput = {
      ...input,
      expenses: {
        p50: input.expenses.p50,
        residuals: [
          [0, Number.NaN],
          [0, 0],
          [0, 0],
        ],
      },
    };
    expect(() => simulateCashPaths(bad, {}, { paths: 10, horizon: 6, seed: 1 })).toThrow(
      'expenses backtest error at origin 1, step 2 is not a finite number',
    );
  });
});
