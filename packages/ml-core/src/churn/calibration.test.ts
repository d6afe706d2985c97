import { describe, expect, it } from 'vitest';
import { createRandom } from '../common/random';
import { chooseCalibration, fitIsotonic, fitPlatt, sigmoid } from './calibration';
import { fitLogistic } from './logistic';
import { logLoss, rocAuc } from './metrics';

/** Labels drawn from σ(z) while the "model" reports 3z + 1.5: over-confident and biased. */
function miscalibrated(n: number, seed: number): { logits: Float64Array; labels: Float64Array } {
  const random = createRandom(seed);
  const logits = new Float64Array(n);
  const labels = new Float64Array(n);
  for (let i = 0; i < n; i += 1) {
    const z = random.normal() - 1;
    labels[i] = random.uniform() < sigmoid(z) ? 1 : 0;
    logits[i] = 3 * z + 1.5;
  }
  return { logits, labels };
}

describe('calibration', () => {
  it('Platt and isotonic fitted on one half improve log-loss on the other half', () => {
    const fit = miscalibrated(2000, 1);
    const test = miscalibrated(2000, 2);
    const raw = logLoss(test.labels, Array.from(test.logits, sigmoid));
    const platt = fitPlatt(fit.logits, fit.labels);
    const isotonic = fitIsotonic(fit.logits, fit.labels);
    const plattLoss = logLoss(test.labels, Array.from(test.logits, platt));
    const isotonicLoss = logLoss(test.labels, Array.from(test.logits, isotonic));
    expect(plattLoss).toBeLessThan(raw - 0.05);
    expect(isotonicLoss).toBeLessThan(raw - 0.05);
    // Monotone maps keep the ranking.
    expect(rocAuc(test.labels, Array.from(test.logits, platt))).toBeCloseTo(
      rocAuc(test.labels, test.logits),
      10,
    );
  });

  it('chooses a calibrator by cross-fitted log-loss, better than uncalibrated on a miscalibrated case', () => {
    const { logits, labels } = miscalibrated(1500, 3);
    const choice = chooseCalibration(logits, labels, createRandom(1));
    expect(choice.method).not.toBe('none');
    expect(choice.logLoss).toBeLessThan(choice.logLossUncalibrated - 0.05);
    expect(choice.outOfFold).toHaveLength(1500);
  });

  it('keeps an already calibrated model (none or a near-identity map)', () => {
    const random = createRandom(9);
    const logits = Float64Array.from({ length: 1500 }, () => random.normal());
    const labels = Float64Array.from(logits, (z) => (random.uniform() < sigmoid(z) ? 1 : 0));
    const choice = chooseCalibration(logits, labels, createRandom(2));
    expect(choice.logLoss).toBeLessThanOrEqual(choice.logLossUncalibrated);
    expect(choice.logLoss).toBeGreaterThan(choice.logLossUncalibrated - 0.01);
  });
});

describe('logistic regression', () => {
  it('recovers the generating coefficients with a weak penalty', () => {
    const random = createRandom(4);
    const n = 4000;
    const x = new Float32Array(n * 2);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i += 1) {
      x[2 * i] = random.normal();
      x[2 * i + 1] = random.normal();
      const z = 1.5 * (x[2 * i] as number) - 0.8 * (x[2 * i + 1] as number) - 1;
      y[i] = random.uniform() < sigmoid(z) ? 1 : 0;
    }
    const model = fitLogistic(x, y, 2, 1e-6);
    expect(model.coefficients[0]).toBeCloseTo(1.5, 0);
    expect(model.coefficients[1]).toBeCloseTo(-0.8, 0);
    expect(model.coefficients[2]).toBeCloseTo(-1, 0);
    const strong = fitLogistic(x, y, 2, 1);
    expect(Math.abs(strong.coefficients[0] as number)).toBeLessThan(
      Math.abs(model.coefficients[0] as number),
    );
  });
});
