import { describe, expect, it } from 'vitest';
import { choose, type ChoiceWindow } from './choice';
import type { CandidateName, CandidateReport } from './types';

/**
 * Windows of one step where the ensemble misses by 1 and the challenger by `ratio`, times e^±noise in
 * turn (so the log ratio has mean log(ratio) and standard deviation `noise`).
 */
function windows(count: number, ratio: number, noise: number): ChoiceWindow[][] {
  const band = (miss: number) => ({ p10: [miss - 1], p50: [miss], p90: [miss + 1] });
  return [
    Array.from({ length: count }, (_, k) => ({
      actual: [0],
      bands: {
        seasonal_naive: band(2),
        ensemble: band(1),
        drift: band(ratio * Math.exp(k % 2 === 0 ? noise : -noise)),
      },
    })),
  ];
}

function report(data: ChoiceWindow[][], name: CandidateName): CandidateReport {
  const errors = data.flat().map((w) => Math.abs(w.bands[name]!.p50[0]!));
  const naive = data.flat().map((w) => Math.abs(w.bands.seasonal_naive!.p50[0]!));
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  return {
    name,
    mase: mean(errors),
    relativeMase: mean(errors) / mean(naive),
    smape: 0,
    coverage80: null,
    wins: 0,
    fitMs: 0,
    refitMs: 0,
    available: true,
  };
}

const candidates = (data: ChoiceWindow[][]) =>
  (['seasonal_naive', 'drift', 'ensemble'] as const).map((name) => report(data, name));

describe('choosing a forecast model', () => {
  it('keeps the ensemble when a challenger wins by less than the noise, and says so', () => {
    const data = windows(4, 0.9, 0.3);
    const choice = choose(candidates(data), data, [1]);
    expect(choice.chosen).toBe('ensemble');
    expect(choice.best).toBe('drift');
    expect(choice.note).toMatch(/^The straight-line drift had the lowest backtest error/);
  });

  it('chooses a challenger that wins beyond the noise', () => {
    const data = windows(30, 0.5, 0.2);
    const choice = choose(candidates(data), data, [1]);
    expect(choice).toEqual({ chosen: 'drift', best: 'drift', note: null });
  });

  it('counts overlapping windows as less evidence', () => {
    const data = windows(12, 0.7, 0.3);
    expect(choose(candidates(data), data, [1]).chosen).toBe('drift');
    expect(choose(candidates(data), data, [0.05]).chosen).toBe('ensemble');
  });
});
