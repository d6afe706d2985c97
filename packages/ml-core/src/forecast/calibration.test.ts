import { describe, expect, it } from 'vitest';
import { createRandom } from '../common/random';
import { calibrate, calibrateBand, calibrationFactor, type CalibrationWindow } from './calibration';

/** Windows whose actuals are p50 + N(0, sd·√h) against a band of fixed half-width `width`·√h. */
function windows(
  count: number,
  steps: number,
  sd: number,
  width: number,
  seed: number,
): CalibrationWindow[] {
  const random = createRandom(seed);
  return Array.from({ length: count }, () => {
    const p50 = new Array<number>(steps).fill(0);
    const half = p50.map((_, h) => width * Math.sqrt(h + 1));
    return {
      actual: p50.map((_, h) => sd * Math.sqrt(h + 1) * random.normal()),
      band: { p10: half.map((w) => -w), p50, p90: half },
    };
  });
}

describe('band calibration', () => {
  it('widens a band that is too narrow until it covers 80%, and says so honestly', () => {
    // sd 1 against half-width 0.5 (a normal's 80% half-width is 1.28): covers ~38% before.
    const result = calibrate({ windows: [windows(60, 6, 1, 0.5, 1)], floors: [1e-6] });
    expect(result.coverageBefore).toBeLessThan(0.5);
    expect(result.calibration.factor).toBeGreaterThan(2.0);
    expect(result.calibration.factor).toBeLessThan(2.9);
    // Within a point or two of 80%: 60 windows leave a little weight on the prior factor.
    expect(result.coverageAfter).toBeGreaterThan(0.77);
    expect(result.measured).toBeGreaterThan(0.74);
    expect(result.measured).toBeLessThan(0.86);
    // The band already grows like √h, so no extra growth is fitted.
    expect(Math.abs(result.calibration.growth)).toBeLessThan(0.2);
  });

  it('learns that errors grow faster than the band and keeps growing beyond the backtest', () => {
    // Actual errors grow like h, the band like √h: β ≈ 0.5.
    const random = createRandom(2);
    const data: CalibrationWindow[] = Array.from({ length: 80 }, () => {
      const p50 = new Array<number>(8).fill(0);
      return {
        actual: p50.map((_, h) => (h + 1) * random.normal()),
        band: {
          p10: p50.map((_, h) => -Math.sqrt(h + 1)),
          p50,
          p90: p50.map((_, h) => Math.sqrt(h + 1)),
        },
      };
    });
    const { calibration } = calibrate({ windows: [data], floors: [1e-6] });
    expect(calibration.growth).toBeGreaterThan(0.3);
    expect(calibration.growth).toBeLessThan(0.7);
    const at8 = calibrationFactor(calibration, 0, 8);
    const at16 = calibrationFactor(calibration, 0, 16);
    expect(at16 / at8).toBeCloseTo(2 ** calibration.growth, 6);
  });

  it('gives a noisier series its own wider band, shrunk towards the pool', () => {
    const calm = windows(6, 4, 1, 1.28, 3);
    const wild = windows(6, 4, 3, 1.28, 4);
    const { calibration } = calibrate({
      windows: [calm, calm, calm, wild],
      floors: [1e-6, 1e-6, 1e-6, 1e-6],
    });
    const [c, , , w] = calibration.seriesFactors;
    expect(w!).toBeGreaterThan(1.5 * c!);
    const band = calibrateBand(wild[0]!.band, calibration, 3, 1e-6);
    expect(band.p90[0]! - band.p10[0]!).toBeGreaterThan(
      wild[0]!.band.p90[0]! - wild[0]!.band.p10[0]!,
    );
  });

  it('reports no measured coverage from a single window', () => {
    expect(calibrate({ windows: [windows(1, 3, 1, 1, 5)], floors: [1e-6] }).measured).toBeNull();
  });
});
