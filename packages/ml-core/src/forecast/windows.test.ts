import { describe, expect, it } from 'vitest';
import {
  buildInputWindows,
  buildTrainingWindows,
  chooseLookback,
  minimumTrainingLength,
} from './windows';

describe('windows', () => {
  it('chooses two seasons / two horizons, capped by the shortest series', () => {
    expect(chooseLookback(12, 12, 500)).toBe(24);
    expect(chooseLookback(12, 12, 45)).toBe(45 - 24 - 3); // capped at 18
    expect(chooseLookback(12, 12, minimumTrainingLength(12, 12) - 1)).toBeNull();
    expect(chooseLookback(12, 12, 500, 40)).toBe(40);
  });

  it('keeps validation targets after every training target, per series', () => {
    // Values equal their index, so a standardised window still tells where it came from.
    const length = 60;
    const lookback = 8;
    const horizon = 4;
    const values = Array.from({ length }, (_, t) => t);
    const { train, val } = buildTrainingWindows([values, values], lookback, horizon);
    const usable = length - lookback - 2 * horizon + 2; // 46 origins outside the gap
    const valPerSeries = Math.min(Math.round(0.2 * usable), horizon); // 4
    expect(val.count).toBe(2 * valPerSeries);
    expect(train.count).toBe(2 * (usable - valPerSeries));
    expect(train.inputs.length).toBe(train.count * lookback);
    expect(val.targets.length).toBe(val.count * horizon);

    // Inputs of 0..7 standardise to a symmetric ramp; targets continue it past the window.
    const std = Math.sqrt((lookback * lookback - 1) / 12);
    expect(train.inputs[0]).toBeCloseTo((0 - 3.5) / std, 5);
    expect(train.targets[0]).toBeCloseTo((8 - 3.5) / std, 5);
    // The last training target of series 1 ends before its first validation target begins:
    // last train origin = 60 − 4 − 4 + 1 − 4 = 49, targets 49..52; first val origin 53.
    const lastTrainRow = train.count / 2 - 1;
    const lastTrainTarget = train.targets[lastTrainRow * horizon + horizon - 1] as number;
    const firstValTarget = val.targets[0] as number;
    const toValue = (z: number, origin: number): number => z * std + (origin - 4.5);
    expect(toValue(lastTrainTarget, 49)).toBeCloseTo(52, 4);
    expect(toValue(firstValTarget, 53)).toBeCloseTo(53, 4);
  });

  it('builds prediction inputs from the last lookback values', () => {
    const { inputs, scales } = buildInputWindows([[9, 9, 1, 2, 3]], 3);
    expect(scales[0]?.location).toBeCloseTo(2, 12);
    expect(Array.from(inputs).map((v) => Number(v.toFixed(4)))).toEqual([-1.2247, 0, 1.2247]);
  });
});
