import { describe, expect, it } from 'vitest';
import { createRandom } from '../common/random';
import { detectAnomalies, flagSeriesAnomalies, residualBand } from './anomalies';
import { RiskInputError } from './errors';
import { normalQuantile } from './normal-quantile';
import { anomalyPrecisionRecall, syntheticAnomalySeries } from './synthetic-anomalies';

describe('normalQuantile', () => {
  it('matches known values', () => {
    expect(normalQuantile(0.5)).toBeCloseTo(0, 9);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 5);
    expect(normalQuantile(0.995)).toBeCloseTo(2.575829, 5);
    expect(normalQuantile(0.0005)).toBeCloseTo(-3.290527, 5);
  });
});

describe('residualBand', () => {
  it('is calibrated on normal errors and not widened by outliers', () => {
    const random = createRandom(1);
    const residuals = Array.from({ length: 2000 }, () => 2 + 3 * random.normal());
    const clean = residualBand(residuals, 0.99);
    expect(clean.centre).toBeCloseTo(2, 0);
    expect(clean.scale).toBeGreaterThan(2.7);
    expect(clean.scale).toBeLessThan(3.3);
    const share = clean.outside.reduce((sum, flag) => sum + flag, 0) / residuals.length;
    expect(share).toBeGreaterThan(0.003);
    expect(share).toBeLessThan(0.02);

    const spiked = [...residuals];
    for (let i = 0; i < spiked.length; i += 50) spiked[i] = 2 + 3 * 12;
    const contaminated = residualBand(spiked, 0.99);
    expect(contaminated.scale / clean.scale).toBeLessThan(1.05);
    for (let i = 0; i < spiked.length; i += 50) expect(contaminated.outside[i]).toBe(1);
  });

  it('ignores NaN residuals and rejects a coverage outside (0, 1)', () => {
    const band = residualBand([Number.NaN, 1, -1, 0.5, -0.5, 40], 0.99);
    expect(Array.from(band.outside)).toEqual([0, 0, 0, 0, 0, 1]);
    expect(() => residualBand([1, 2], 1)).toThrow(RiskInputError);
  });
});

describe('detectAnomalies', () => {
  it('finds injected spikes and drops with precision and recall >= 0.8', () => {
    const seasonality = 12;
    const labelled = syntheticAnomalySeries({ count: 12, length: 120, seasonality, seed: 7 });
    const flagged = detectAnomalies(labelled, { seasonality });
    const scores = anomalyPrecisionRecall(labelled, flagged);
    console.log(`anomaly detection (coverage 0.999): ${JSON.stringify(scores)}`);
    expect(scores.injected).toBeGreaterThan(10);
    expect(scores.precision).toBeGreaterThanOrEqual(0.8);
    expect(scores.recall).toBeGreaterThanOrEqual(0.8);

    for (const flag of flagged) {
      expect(flag.lower).toBeLessThan(flag.expected);
      expect(flag.upper).toBeGreaterThan(flag.expected);
      expect(flag.excess).toBeGreaterThan(0);
      if (flag.direction === 'above') {
        expect(flag.value).toBeCloseTo(flag.upper + flag.excess, 6);
        expect(flag.score).toBeGreaterThan(0);
      } else {
        expect(flag.value).toBeCloseTo(flag.lower - flag.excess, 6);
        expect(flag.score).toBeLessThan(0);
      }
      expect(flag.date).toBe(`t${flag.index}`);
    }
  });

  it('flags a single spike in a smooth series without dragging in its neighbours', () => {
    const random = createRandom(3);
    const values = Array.from({ length: 60 }, (_, t) => 100 + t + 0.5 * random.normal());
    values[40] = (values[40] as number) + 15;
    const dates = values.map((_, t) => `2020-${t}`);
    const flagged = detectAnomalies([{ id: 'mrr', dates, values }], { seasonality: 1 });
    const indices = flagged.map((flag) => flag.index);
    expect(indices).toContain(40);
    for (const neighbour of [39, 41, 42, 43]) expect(indices).not.toContain(neighbour);
    expect(indices.length).toBeLessThanOrEqual(2);
    const spike = flagged.find((flag) => flag.index === 40);
    expect(spike).toMatchObject({ series: 'mrr', date: '2020-40', direction: 'above' });
    expect(spike!.excess).toBeGreaterThan(8);
    expect(spike!.score).toBeGreaterThan(10);
  });

  it('takes any one-step forecaster and skips series that are too short', () => {
    const values = [1, 2, 3, 4, 5, 6, 7, 30, 9, 10, 11, 12];
    const dates = values.map((_, t) => String(t));
    const previousValue = (xs: readonly number[]) => xs.map((_, t) => (t === 0 ? Number.NaN : t));
    const flagged = flagSeriesAnomalies(
      { id: 'x', dates, values },
      { seasonality: 1, coverage: 0.99, oneStepForecast: previousValue },
    );
    expect(flagged.map((flag) => flag.index)).toEqual([7]);
    expect(
      detectAnomalies([{ id: 's', dates: ['a', 'b', 'c'], values: [1, 2, 40] }], {
        seasonality: 1,
      }),
    ).toEqual([]);
  });

  it('rejects bad input with RiskInputError', () => {
    expect(() =>
      detectAnomalies([{ id: 's', dates: ['a'], values: [1, 2] }], { seasonality: 1 }),
    ).toThrow('series "s" has 1 dates but 2 values');
    expect(() =>
      detectAnomalies([{ id: 's', dates: ['a', 'b'], values: [1, Number.NaN] }], {
        seasonality: 1,
      }),
    ).toThrow('series "s" value of b is not a number (got NaN)');
    expect(() => detectAnomalies([], { seasonality: 0 })).toThrow(RiskInputError);
  });
});
