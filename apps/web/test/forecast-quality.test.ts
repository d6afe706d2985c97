import { describe, expect, it } from 'vitest';
import {
  backtestHorizonSentence,
  coverageSentence,
  qualitySentence,
  versusNoGrowth,
} from '../src/lib/forecast-quality';
import { modelName } from '../src/lib/model-names';
import { runwayMonths, runwayRange } from '../src/lib/runway-text';

describe('qualitySentence', () => {
  it('says the error, the comparison with no growth and the model in words', () => {
    expect(
      qualitySentence({
        series: 'revenue',
        model: 'Exponential smoothing with damped trend',
        backtestMonths: 6,
        errorPct: 6,
        noGrowthErrorPct: 10,
        coverage: 0.78,
      }),
    ).toBe(
      'Revenue forecast error 6% a month on the last 6 months, 40% lower than assuming no growth (model: Exponential smoothing with damped trend).',
    );
  });

  it('says so honestly when the model is worse than no growth, and never shows an identifier', () => {
    expect(
      qualitySentence({
        series: 'expenses',
        model: 'seasonal_naive',
        backtestMonths: 1,
        errorPct: 11.2,
        noGrowthErrorPct: 10,
        coverage: null,
      }),
    ).toBe(
      'Expense forecast error 11% a month on the last month, 12% higher than assuming no growth (model: Seasonal naive (same as last season)).',
    );
    expect(versusNoGrowth(5, 5.01)).toBe('about the same as assuming no growth');
    expect(versusNoGrowth(5, null)).toBeNull();
  });

  it('says when there was too little history to measure the error', () => {
    expect(
      qualitySentence({
        series: 'revenue',
        model: 'drift',
        backtestMonths: 0,
        errorPct: null,
        noGrowthErrorPct: null,
        coverage: null,
      }),
    ).toBe(
      'Revenue forecast: too little history to measure its error (model: Straight-line trend (drift)).',
    );
  });
});

describe('coverageSentence', () => {
  it('puts the measured coverage next to the nominal one', () => {
    expect(coverageSentence(0.784)).toBe(
      'The 80% range held the actual value 78% of the time in the backtest (target 80%).',
    );
    expect(coverageSentence(null)).toBeNull();
  });
});

describe('backtestHorizonSentence', () => {
  it('names the checked months and the extrapolated ones only when the backtest was shorter', () => {
    expect(backtestHorizonSentence(6, 18)).toBe(
      'The history is too short to check the whole forecast: it was checked on the last 6 months only, so months 7–18 ahead are extrapolated, with a range that widens further out.',
    );
    expect(backtestHorizonSentence(17, 18)).toContain('so month 18 ahead is extrapolated');
    expect(backtestHorizonSentence(18, 18)).toBeNull();
    expect(backtestHorizonSentence(undefined, 18)).toBeNull();
  });
});

describe('modelName', () => {
  it('gives every candidate a human name', () => {
    expect(modelName('seasonal_naive')).toBe('Seasonal naive (same as last season)');
    expect(modelName('seasonal_naive', { seasonality: 1 })).toBe('Last value (no growth)');
    expect(modelName('drift')).toBe('Straight-line trend (drift)');
    expect(modelName('log_linear')).toBe('Compound growth trend');
    expect(modelName('ets')).toBe('Exponential smoothing (ETS)');
    expect(modelName('neural')).toBe('Neural network (windowed MLP)');
    expect(modelName('ensemble')).toBe('Ensemble');
    expect(modelName('ets', { label: 'Exponential smoothing (ETS)' })).toBe(
      'Exponential smoothing (ETS)',
    );
    expect(modelName('ets', { label: 'ets' })).toBe('Exponential smoothing (ETS)');
    expect(modelName('holt_winters')).toBe('Holt winters');
  });
});

describe('runway text', () => {
  it('phrases a quantile past the horizon as "more than N months"', () => {
    expect(runwayMonths(9.14, 18)).toBe('9.1 months');
    expect(runwayMonths(null, 18)).toBe('more than 18 months');
    expect(runwayRange(9.1, 14.62, 18)).toBe('9.1 – 14.6 months');
    expect(runwayRange(9.1, null, 18)).toBe('9.1 months to more than 18 months');
    expect(runwayRange(null, null, 18)).toBe('more than 18 months');
  });
});
