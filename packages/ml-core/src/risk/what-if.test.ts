import { describe, expect, it } from 'vitest';
import { RiskInputError } from './errors';
import { simulateCashPaths } from './runway';
import type { CashSimulation, RiskForecastInput } from './types';
import { prepareRiskScenarios, runScenario } from './what-if';

const horizon = 24;

/** Burning ~70/month on 400 of cash, revenue growing 3%/month, with correlated backtest errors. */
function burningCompany(): RiskForecastInput {
  const residuals = (scale: number, salt: number): number[][] =>
    Array.from({ length: 2 }, (_, o) =>
      Array.from(
        { length: 12 },
        (_, k) => scale * Math.sqrt(k + 1) * Math.sin(5 * o + 2.3 * k + salt),
      ),
    );
  return {
    currentCash: 400,
    revenue: {
      p50: Array.from({ length: horizon }, (_, h) => 100 * 1.03 ** (h + 1)),
      residuals: residuals(12, 0),
      referenceLevel: 95,
    },
    expenses: {
      p50: new Array<number>(horizon).fill(170),
      residuals: residuals(8, 0.4),
      referenceLevel: 170,
    },
  };
}

const options = { paths: 2000, horizon, seed: 7 };
const prepared = prepareRiskScenarios(burningCompany(), options);
const base = runScenario(prepared);

/** A runway quantile with "beyond the horizon" as +Infinity, for comparisons. */
const months = (value: number | null): number => value ?? Number.POSITIVE_INFINITY;

function expectNoWorse(better: CashSimulation, worse: CashSimulation): void {
  expect(months(better.runway.p10)).toBeGreaterThanOrEqual(months(worse.runway.p10));
  expect(months(better.runway.p50)).toBeGreaterThanOrEqual(months(worse.runway.p50));
  expect(months(better.runway.p90)).toBeGreaterThanOrEqual(months(worse.runway.p90));
  better.probabilityCashOut.forEach(({ p }, m) => {
    expect(p).toBeLessThanOrEqual(worse.probabilityCashOut[m]!.p);
  });
}

describe('what-if scenarios', () => {
  it('the base case is a real risk (so the scenarios below can move it)', () => {
    expect(prepared.sampling.method).toBe('blocks');
    expect(base.runway.p50).not.toBeNull();
    expect(base.summary[12]).toBeGreaterThan(0.2);
    expect(base.summary[12]).toBeLessThan(1);
  });

  it('runScenario on prepared draws equals a fresh simulation with the same seed', () => {
    const scenario = { growthRateChange: 0.01, fundraise: { amount: 100, atMonth: 3 } };
    expect(runScenario(prepared, scenario)).toEqual(
      simulateCashPaths(burningCompany(), scenario, options),
    );
  });

  it('higher growth → longer (or equal) runway and lower P(cash-out)', () => {
    const faster = runScenario(prepared, { growthRateChange: 0.02 });
    expectNoWorse(faster, base);
    expect(months(faster.runway.p50)).toBeGreaterThan(months(base.runway.p50));
    expect(faster.summary[12]).toBeLessThan(base.summary[12]!);
    const slower = runScenario(prepared, { growthRateChange: -0.02 });
    expectNoWorse(base, slower);
  });

  it('a new monthly cost → shorter runway, higher P(cash-out), only from its month', () => {
    const hire = runScenario(prepared, { newMonthlyCost: { amount: 20, fromMonth: 4 } });
    expectNoWorse(base, hire);
    expect(months(hire.runway.p50)).toBeLessThan(months(base.runway.p50));
    for (const point of hire.fan) {
      const before = base.fan[point.month - 1]!;
      if (point.month < 4) expect(point.p50).toBeCloseTo(before.p50, 9);
      else expect(point.p50).toBeCloseTo(before.p50 - 20 * (point.month - 3), 6);
    }
  });

  it('a fundraise → cash jumps by the amount at that month, runway no shorter', () => {
    const raise = runScenario(prepared, { fundraise: { amount: 500, atMonth: 6 } });
    for (const point of raise.fan) {
      const before = base.fan[point.month - 1]!;
      const shift = point.month >= 6 ? 500 : 0;
      expect(point.p10).toBeCloseTo(before.p10 + shift, 6);
      expect(point.p50).toBeCloseTo(before.p50 + shift, 6);
      expect(point.p90).toBeCloseTo(before.p90 + shift, 6);
    }
    expectNoWorse(raise, base);
    expect(raise.summary[18]).toBeLessThan(base.summary[18]!);
  });

  it('is pure: prepared draws are not changed by a scenario', () => {
    const revenue = Float64Array.from(prepared.revenue);
    runScenario(prepared, { growthRateChange: 0.05, newMonthlyCost: { amount: 10, fromMonth: 1 } });
    expect(prepared.revenue.every((value, i) => value === revenue[i])).toBe(true);
    expect(runScenario(prepared)).toEqual(base);
  });

  it('rejects impossible scenarios with RiskInputError', () => {
    expect(() => runScenario(prepared, { growthRateChange: -1 })).toThrow(RiskInputError);
    expect(() => runScenario(prepared, { growthRateChange: -1 })).toThrow(
      'scenario.growthRateChange must be > -1',
    );
    expect(() => runScenario(prepared, { newMonthlyCost: { amount: 5, fromMonth: 0 } })).toThrow(
      'scenario.newMonthlyCost.fromMonth must be a whole number >= 1, got 0',
    );
    expect(() => runScenario(prepared, { fundraise: { amount: Number.NaN, atMonth: 2 } })).toThrow(
      'scenario.fundraise.amount must be a finite number, got NaN',
    );
  });
});
