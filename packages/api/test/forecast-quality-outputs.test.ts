// The Risk and Trends pages read the forecast-quality fields (calibrated bands, backtest error vs
// no growth, measured coverage, backtest horizon) through the procedures' output schemas, which
// strip whatever they do not declare: these fields must survive them, and older models without
// them must still parse.
import type { ForecastMetricsInput, RiskMetrics } from '@foresight/db';
import { describe, expect, it } from 'vitest';
import { ZForecast } from '../src/schemas/forecasts';
import { ZRiskAssessment, ZScenario } from '../src/schemas/risk';

const risk: RiskMetrics = {
  asOf: '2025-12-01',
  currentCash: 1000,
  horizon: 2,
  paths: 10,
  fan: [{ month: 1, date: '2026-01-01', p10: 1, p50: 2, p90: 3 }],
  runway: { p10: 1, p50: 2, p90: null, shareBeyondHorizon: 0.2, horizon: 2 },
  probabilityCashOut: [{ month: 1, p: 0 }],
  summary: { 3: null },
  constantBurn: { monthlyBurn: 1, runwayMonths: 10 },
  forecast: { dates: ['2026-01-01', '2026-02-01'], revenue: [1, 2], expenses: [3, 4] },
  history: { dates: ['2025-12-01'], revenue: [1], expenses: [1], cash: [1000] },
  backtest: [],
  sampling: { method: 'block', blockLength: 1, origins: 1, steps: 1 },
  anomalies: [],
  trainMs: 1,
};

const assessment = (metrics: RiskMetrics) => ({
  modelId: 'm',
  version: 1,
  backend: 'cpu',
  createdAt: new Date('2026-01-01T00:00:00.000Z'),
  metrics,
});

describe('risk output schema', () => {
  it('carries the calibrated bands, forecast quality, backtest horizon and notes', () => {
    const metrics: RiskMetrics = {
      ...risk,
      forecast: {
        ...risk.forecast,
        revenueP10: [0.5, 1],
        revenueP90: [1.5, 3],
        expensesP10: [2, 3],
        expensesP90: [4, 5],
      },
      forecastQuality: [
        {
          series: 'revenue',
          model: 'Exponential smoothing with damped trend',
          backtestMonths: 6,
          errorPct: 6.1,
          noGrowthErrorPct: 10.2,
          coverage: 0.78,
        },
      ],
      backtestHorizon: 1,
      notes: ['The backtest was shorter than the horizon.'],
    };
    const out = ZRiskAssessment.parse(assessment(metrics)).metrics;
    expect(out.forecast.revenueP10).toEqual([0.5, 1]);
    expect(out.forecast.expensesP90).toEqual([4, 5]);
    expect(out.forecastQuality).toEqual(metrics.forecastQuality);
    expect(out.backtestHorizon).toBe(1);
    expect(out.notes).toEqual(metrics.notes);
  });

  it('still parses an older model without them', () => {
    const out = ZRiskAssessment.parse(assessment(risk)).metrics;
    expect(out.forecastQuality).toBeUndefined();
    expect(out.forecast.revenueP10).toBeUndefined();
  });
});

describe('forecast output schema', () => {
  const metrics: ForecastMetricsInput = {
    frequency: 'daily',
    horizon: 14,
    holdoutHorizon: 14,
    seasonality: 7,
    candidates: [],
    perSeries: [],
    trainMs: 1,
  };
  const forecast = (m: ForecastMetricsInput) => ({
    modelId: 'm',
    version: 1,
    chosen: 'ets',
    backend: 'cpu',
    metrics: m,
    createdAt: new Date('2026-01-01T00:00:00.000Z'),
    series: [],
  });

  it('carries the backtest horizon and the measured coverage of the calibrated band', () => {
    const out = ZForecast.parse(
      forecast({
        ...metrics,
        backtestHorizon: 7,
        calibration: {
          coverageBefore: 0.6,
          coverageAfter: 0.8,
          residuals: 100,
          pooled: true,
          nominal: 0.8,
          measured: 0.79,
        },
      }),
    ).metrics;
    expect(out?.backtestHorizon).toBe(7);
    expect(out?.calibration).toMatchObject({ nominal: 0.8, measured: 0.79 });
  });

  it('gives an older calibration no measured coverage', () => {
    const out = ZForecast.parse(
      forecast({
        ...metrics,
        calibration: { coverageBefore: 0.6, coverageAfter: 0.8, residuals: 100, pooled: true },
      }),
    ).metrics;
    expect(out?.backtestHorizon).toBeUndefined();
    expect(out?.calibration).toMatchObject({ nominal: 0.8, measured: null });
  });
});

describe('what-if scenario input', () => {
  const messageOf = (scenario: unknown) =>
    ZScenario.safeParse(scenario).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`);

  it('accepts the bounds and refuses past them with a sentence naming the field', () => {
    expect(ZScenario.safeParse({ growthRateChange: -0.5 }).success).toBe(true);
    expect(ZScenario.safeParse({ growthRateChange: 1 }).success).toBe(true);
    expect(messageOf({ growthRateChange: -0.51 })).toEqual([
      'growthRateChange: The growth change must be between -50 and +100 points a month',
    ]);
    expect(messageOf({ fundraise: { amount: -1, atMonth: 1 } })).toEqual([
      'fundraise.amount: A fundraise cannot be negative',
    ]);
    expect(messageOf({ newMonthlyCost: { amount: 1, fromMonth: 121 } })).toEqual([
      'newMonthlyCost.fromMonth: The month must be between 1 and 120',
    ]);
  });
});
