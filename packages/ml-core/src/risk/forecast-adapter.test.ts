import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../test/tf-backend';
import { createRandom } from '../common/random';
import type { ForecastResult } from '../forecast/types';
import { assessRunway } from './assess-runway';
import { riskForecastFromBacktest } from './forecast-adapter';
import { prepareRiskScenarios } from './what-if';
import type { FinancialHistory, RunwayAssessment } from './types';

/** 48 months of a growing, burning startup: revenue +3%/month with noise, costs creeping up. */
function startup(noise = 1, seed = 11): FinancialHistory {
  const random = createRandom(seed);
  const months = 48;
  const dates = Array.from({ length: months }, (_, i) => {
    const year = 2022 + Math.floor(i / 12);
    return `${year}-${String((i % 12) + 1).padStart(2, '0')}-01`;
  });
  const revenue = dates.map((_, i) => 20_000 * 1.03 ** i * (1 + 0.05 * noise * random.normal()));
  const expenses = dates.map((_, i) => (90_000 + 800 * i) * (1 + 0.03 * noise * random.normal()));
  return { dates, revenue, expenses, cash: null, startingCash: 3_500_000 };
}

let assessment: RunwayAssessment;
let forecastResult: ForecastResult | undefined;
let tensorsBefore = 0;

beforeAll(async () => {
  await selectBackend({ prefer: 'cpu' });
  tensorsBefore = tf.memory().numTensors;
  assessment = await assessRunway(startup(), {
    horizon: 12,
    paths: 1000,
    seed: 5,
    forecast: riskForecastFromBacktest({
      seed: 1,
      epochs: 5,
      onResult: (result) => {
        forecastResult = result;
      },
    }),
  });
}, 120_000);

describe('riskForecastFromBacktest + assessRunway', () => {
  it('runs the forecast task and feeds its backtest errors into the Monte Carlo', () => {
    expect(forecastResult).toBeDefined();
    expect(forecastResult!.backtest.map((entry) => entry.id)).toEqual(['revenue', 'expenses']);
    expect(assessment.sampling.method).toBe('bands');
    expect(assessment.sampling.origins).toBe(forecastResult!.report.backtestOrigins);
    expect(assessment.sampling.steps).toBe(12);
    expect(Math.abs(assessment.sampling.correlation!)).toBeLessThanOrEqual(0.8);
    expect(assessment.forecast.revenue).toEqual(forecastResult!.forecasts[0]!.p50);
    expect(assessment.forecast.revenueP90).toEqual(forecastResult!.forecasts[0]!.p90);
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  });

  it('gives a fan that widens with the months and sensible runway numbers', () => {
    const { fan, runway, constantBurn, probabilityCashOut } = assessment;
    const width = (point: (typeof fan)[number]) => point.p90 - point.p10;
    expect(width(fan.at(-1)!)).toBeGreaterThan(width(fan[0]!));
    for (const point of fan) expect(point.p10).toBeLessThanOrEqual(point.p90);
    expect(constantBurn.monthlyBurn).toBeGreaterThan(0);
    // Growing revenue: the forecast sees a longer median runway than constant burn.
    expect(runway.p10).not.toBeNull();
    expect(runway.p50 ?? Number.POSITIVE_INFINITY).toBeGreaterThan(constantBurn.runwayMonths!);
    for (let m = 1; m < probabilityCashOut.length; m += 1) {
      expect(probabilityCashOut[m]!.p).toBeGreaterThanOrEqual(probabilityCashOut[m - 1]!.p);
    }
    const show = (value: number | null) => (value === null ? 'beyond' : value.toFixed(1));
    console.info(
      `runway (months) p10/p50/p90 ${show(runway.p10)}/${show(runway.p50)}/${show(runway.p90)} ` +
        `(constant burn ${show(constantBurn.runwayMonths)}); P(cash<0) ${JSON.stringify(assessment.summary)}; ` +
        `forecast: ${forecastResult?.report.chosen}, ${forecastResult?.report.backtestOrigins} origins; ` +
        `notes: ${forecastResult?.report.notes.join('; ')}`,
    );
  });
});

describe('runway uncertainty', () => {
  /** 36 months of a company burning ~70k a month, with monthly noise of `noise`·5%. */
  function burner(noise: number): FinancialHistory {
    const random = createRandom(3);
    const dates = startup().dates.slice(0, 36);
    const revenue = dates.map((_, i) => 50_000 * 1.01 ** i * (1 + 0.05 * noise * random.normal()));
    const expenses = dates.map(
      (_, i) => 120_000 * 1.01 ** i * (1 + 0.05 * noise * random.normal()),
    );
    const net = revenue.reduce((a, r, i) => a + r - expenses[i]!, 0);
    return { dates, revenue, expenses, cash: null, startingCash: 1_200_000 - net };
  }
  const spread = async (noise: number) => {
    const { runway } = await assessRunway(burner(noise), {
      horizon: 36,
      paths: 1000,
      seed: 2,
      forecast: riskForecastFromBacktest({ seed: 1, epochs: 3 }),
    });
    console.info(`noise ×${noise}: runway p10/p50/p90 ${runway.p10}/${runway.p50}/${runway.p90}`);
    expect(runway.p10).not.toBeNull();
    expect(runway.p90).not.toBeNull();
    return runway.p90! - runway.p10!;
  };

  it('widens the runway range when the history is noisier', async () => {
    const calm = await spread(0.5);
    const noisy = await spread(3);
    expect(calm).toBeGreaterThan(0);
    expect(noisy).toBeGreaterThan(1.3 * calm);
  }, 60_000);
});

describe('cost lines', () => {
  it('forecasts and simulates each cost line, correlated with revenue, and sums them', async () => {
    const random = createRandom(21);
    const dates = startup().dates.slice(0, 30);
    const revenue = dates.map((_, i) => 60_000 * 1.03 ** i * Math.exp(0.06 * random.normal()));
    // Marketing follows revenue (same surprises); payroll steps up with a hire a quarter.
    const marketing = revenue.map((r) => 0.4 * r * Math.exp(0.03 * random.normal()));
    const payroll = dates.map((_, i) => 150_000 + 15_000 * Math.floor(i / 3));
    const expenses = payroll.map((p, i) => p + marketing[i]!);
    const seen: string[] = [];
    const assessment = await assessRunway(
      {
        dates,
        revenue,
        expenses,
        expenseLines: [
          { name: 'payroll', values: payroll },
          { name: 'marketing', values: marketing },
        ],
        cash: null,
        startingCash: 9_000_000,
      },
      {
        horizon: 24,
        paths: 1000,
        seed: 4,
        forecast: async (series, horizon) => {
          seen.push(...series.map((entry) => entry.id));
          return riskForecastFromBacktest({ seed: 1, epochs: 3 })(series, horizon);
        },
      },
    );
    expect(seen).toEqual(['revenue', 'expense:payroll', 'expense:marketing']);
    const lines = assessment.input.expenseLines!;
    expect(lines.map((line) => line.name)).toEqual(['payroll', 'marketing']);
    assessment.forecast.expenses.forEach((total, h) => {
      expect(total).toBeCloseTo(lines[0]!.p50[h]! + lines[1]!.p50[h]!, 6);
    });
    const correlations = assessment.sampling.lineCorrelations!;
    expect(correlations.marketing).toBeGreaterThan(correlations.payroll!);
    expect(assessment.forecast.expensesP10![23]).toBeLessThan(assessment.forecast.expenses[23]!);
    expect(assessment.forecast.expensesP90![23]).toBeGreaterThan(assessment.forecast.expenses[23]!);
    // The stored inputs rebuild the same draws elsewhere (the web's what-ifs).
    const again = prepareRiskScenarios(assessment.input, { paths: 1000, horizon: 24, seed: 4 });
    expect(Array.from(again.expenses.slice(0, 5))).toEqual(
      Array.from(assessment.prepared.expenses.slice(0, 5)),
    );
  }, 60_000);
});
