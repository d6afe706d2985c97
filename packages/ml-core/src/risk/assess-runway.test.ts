import { describe, expect, it } from 'vitest';
import { assessRunway } from './assess-runway';
import { RiskInputError } from './errors';
import type { FinancialHistory, RiskForecastFn } from './types';
import { runScenario } from './what-if';

/** Forecasts each series flat at the mean of its last 3 values, with a given backtest error matrix. */
function flatForecast(residuals: (id: string) => number[][] = () => [[0, 0, 0]]): RiskForecastFn {
  return async (series, horizon) =>
    series.map(({ id, values }) => {
      const level = values.slice(-3).reduce((sum, value) => sum + value, 0) / 3;
      return { id, p50: new Array<number>(horizon).fill(level), residuals: residuals(id) };
    });
}

function history(months = 12): FinancialHistory {
  const dates = Array.from({ length: months }, (_, i) => {
    const month = (i % 12) + 1;
    return `${2024 + Math.floor(i / 12)}-${String(month).padStart(2, '0')}-01`;
  });
  const revenue = dates.map((_, i) => 50 + 2 * i);
  const expenses = dates.map((_, i) => 120 + i);
  const cash: number[] = [];
  let balance = 1500;
  for (let i = 0; i < months; i += 1) {
    balance += (revenue[i] as number) - (expenses[i] as number);
    cash.push(balance);
  }
  return { dates, revenue, expenses, cash };
}

describe('assessRunway', () => {
  it('with a flat forecast and zero errors equals the constant-burn runway', async () => {
    const input = history();
    const result = await assessRunway(input, { forecast: flatForecast(), paths: 100 });
    expect(result.asOf).toBe('2024-12-01');
    expect(result.currentCash).toBe(input.cash!.at(-1));
    expect(result.constantBurn.runwayMonths).not.toBeNull();
    expect(result.runway.p10).toBeCloseTo(result.constantBurn.runwayMonths!, 9);
    expect(result.runway.p50).toBeCloseTo(result.constantBurn.runwayMonths!, 9);
    expect(result.runway.p90).toBeCloseTo(result.constantBurn.runwayMonths!, 9);
    expect(result.fan).toHaveLength(18);
    expect(result.fan[0]).toMatchObject({ month: 1, date: '2025-01-01' });
    expect(result.forecast.dates.at(-1)).toBe('2026-06-01');
    expect(result.probabilityCashOut).toHaveLength(18);
    expect(Object.keys(result.summary)).toEqual(['3', '6', '12', '18']);
    expect(result.sampling.method).toBe('blocks');
  });

  it('computes the current balance from starting cash when there is no balance column', async () => {
    const input = { ...history(), cash: null, startingCash: 1500 };
    const result = await assessRunway(input, { forecast: flatForecast(), paths: 10 });
    expect(result.currentCash).toBeCloseTo(history().cash!.at(-1)!, 9);
  });

  it('returns a prepared handle for fast what-ifs and honours a scenario', async () => {
    const errors = (id: string): number[][] =>
      [0, 1, 2].map((o) => [1, 2, 3, 4].map((k) => (id === 'revenue' ? 6 : 4) * Math.sin(o + k)));
    const options = { forecast: flatForecast(errors), paths: 500, seed: 3 };
    const base = await assessRunway(history(), options);
    const scenario = { fundraise: { amount: 1000, atMonth: 2 } };
    const raised = await assessRunway(history(), { ...options, scenario });
    expect(raised.scenario).toEqual(scenario);
    const { fan, runway, probabilityCashOut, summary } = runScenario(base.prepared, scenario);
    expect({ fan, runway, probabilityCashOut, summary }).toEqual({
      fan: raised.fan,
      runway: raised.runway,
      probabilityCashOut: raised.probabilityCashOut,
      summary: raised.summary,
    });
    expect(raised.fan[5]!.p50).toBeCloseTo(base.fan[5]!.p50 + 1000, 6);
  });

  it('accepts YYYY-MM dates', async () => {
    const input = history(6);
    input.dates = input.dates.map((date) => date.slice(0, 7));
    const result = await assessRunway(input, { forecast: flatForecast(), paths: 10, horizon: 3 });
    expect(result.asOf).toBe('2024-06-01');
    expect(result.summary).toMatchObject({ 6: null, 12: null, 18: null });
  });

  it('rejects unusable tables with RiskInputError saying what to fix', async () => {
    const forecast = flatForecast();
    const reject = (input: FinancialHistory) => assessRunway(input, { forecast, paths: 10 });
    await expect(reject(history(4))).rejects.toThrow(
      'the runway forecast needs at least 6 months of revenue and expenses, got 4',
    );
    await expect(reject(history(4))).rejects.toBeInstanceOf(RiskInputError);
    await expect(reject({ ...history(), revenue: history().revenue.slice(1) })).rejects.toThrow(
      'dates, revenue and expenses must have one value per period (got 12 dates, 11 revenue and 12 expense values)',
    );
    const nan = history();
    nan.expenses[3] = Number.NaN;
    await expect(reject(nan)).rejects.toThrow('expenses of 2024-04-01 is not a number (got NaN)');
    const gap = history();
    gap.dates[5] = '2024-07-01';
    await expect(reject(gap)).rejects.toThrow(
      'dates must be consecutive months, oldest first: 2024-07-01 leaves a gap of months after 2024-05-01',
    );
    const badDate = history();
    badDate.dates[0] = '31/01/2024';
    await expect(reject(badDate)).rejects.toThrow('period 1: "31/01/2024" is not an ISO date');
    await expect(reject({ ...history(), cash: null })).rejects.toThrow(
      'the runway needs a cash balance column or a starting cash amount',
    );
    await expect(reject({ ...history(), cash: [1, 2] })).rejects.toThrow(
      'the cash balance column must have one value per period (got 2 for 12 dates)',
    );
  });
});
