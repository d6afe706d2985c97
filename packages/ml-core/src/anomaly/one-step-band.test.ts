import { describe, expect, it } from 'vitest';
import { createRandom, type Random } from '../common/random';
import { checkNewestPoint, minimumBandPoints, oneStepBands } from './one-step-band';

const COVERAGES = [0.8, 0.9, 0.95] as const;

/** A wandering level with a slowly changing slope and Gaussian noise of known sd. */
function localTrendSeries(
  random: Random,
  n: number,
  noise: number,
  weekly = 0,
  heavyTails = false,
): number[] {
  const values: number[] = [];
  let level = 1000;
  let slope = 2;
  for (let t = 0; t < n; t += 1) {
    slope += 0.02 * random.normal();
    level += slope + 0.3 * noise * random.normal();
    const season = weekly * [0, 0.1, 0.15, 0.1, 0.05, -0.6, -0.8][t % 7]!;
    // Student t with 3 degrees of freedom when heavy-tailed (a normal over a chi's root).
    const shock = heavyTails
      ? random.normal() /
        Math.sqrt((random.normal() ** 2 + random.normal() ** 2 + random.normal() ** 2) / 3)
      : random.normal();
    values.push(level + season + noise * shock);
  }
  return values;
}

/** Share of points from `from` on that lie inside their own band. */
function historyCoverage(values: number[], coverage: number, seasonality = 0, from = 60) {
  const bands = oneStepBands(values, { coverage, seasonality });
  let inside = 0;
  let count = 0;
  for (let t = from; t < values.length; t += 1) {
    const v = values[t]!;
    count += 1;
    if (v >= bands.lower[t]! && v <= bands.upper[t]!) inside += 1;
  }
  return inside / count;
}

describe('one-step-ahead band', () => {
  it.each(COVERAGES)(
    'holds about %s of ordinary points on long synthetic series (each band from its past only)',
    (coverage) => {
      const random = createRandom(17);
      const shares = [0, 1, 2].map(() =>
        historyCoverage(localTrendSeries(random, 1200, 25), coverage),
      );
      const mean = shares.reduce((s, v) => s + v, 0) / shares.length;
      expect(Math.abs(mean - coverage)).toBeLessThan(0.03);
    },
  );

  it.each(COVERAGES)(
    'holds about %s with heavy-tailed noise (no normality assumed)',
    (coverage) => {
      const random = createRandom(8);
      const values = localTrendSeries(random, 1200, 25, 0, true);
      expect(Math.abs(historyCoverage(values, coverage) - coverage)).toBeLessThan(0.03);
    },
  );

  it.each(COVERAGES)('holds about %s on daily series with a weekly rhythm', (coverage) => {
    const random = createRandom(5);
    const values = localTrendSeries(random, 1000, 20, 400);
    const bands = oneStepBands(values, { coverage, seasonality: 7 });
    expect(bands.model.seasonality).toBe(7);
    expect(Math.abs(historyCoverage(values, coverage, 7) - coverage)).toBeLessThan(0.035);
  });

  it.each(COVERAGES)(
    'judges the newest point of short series right about %s of the time (walk-forward)',
    (coverage) => {
      const random = createRandom(99);
      const trials = 400;
      let inside = 0;
      for (let i = 0; i < trials; i += 1) {
        const check = checkNewestPoint(localTrendSeries(random, 48, 10), { coverage });
        if (check!.outside === null) inside += 1;
      }
      // Binomial sd at 400 trials is ≤ 2.5 points; conformal bands may over-cover by ~1/(m+1).
      expect(Math.abs(inside / trials - coverage)).toBeLessThan(0.05);
    },
  );

  it('reports the coverage it measured on the history beside the nominal one', () => {
    const random = createRandom(3);
    const check = checkNewestPoint(localTrendSeries(random, 400, 10), { coverage: 0.9 })!;
    expect(check.checkedPoints).toBe(90);
    expect(check.measuredCoverage).toBeGreaterThan(0.8);
    expect(check.measuredCoverage).toBeLessThan(1);
  });

  it('flags a planted spike, on the side it went', () => {
    const random = createRandom(11);
    const base = localTrendSeries(random, 60, 10);
    const up = [...base.slice(0, -1), base.at(-2)! + 2 + 80];
    const down = [...base.slice(0, -1), base.at(-2)! + 2 - 80];
    const upCheck = checkNewestPoint(up, { coverage: 0.95 })!;
    expect(upCheck.outside).toBe('above');
    expect(upCheck.excess).toBeGreaterThan(1);
    expect(checkNewestPoint(down, { coverage: 0.95 })!.outside).toBe('below');
  });

  it('is not blinded by an earlier spike, and does not keep flagging after it', () => {
    const random = createRandom(23);
    const values = localTrendSeries(random, 80, 10);
    values[50] = values[50]! + 150;
    const bands = oneStepBands(values, { coverage: 0.9 });
    // The spike is outside; the robust update keeps the points after it inside.
    expect(values[50]!).toBeGreaterThan(bands.upper[50]!);
    let after = 0;
    for (let t = 52; t < 80; t += 1) {
      if (values[t]! > bands.upper[t]! || values[t]! < bands.lower[t]!) after += 1;
    }
    expect(after).toBeLessThanOrEqual(4);
    const spiked = [...values, values.at(-1)! + 2 + 80];
    expect(checkNewestPoint(spiked, { coverage: 0.9 })!.outside).toBe('above');
  });

  it('needs a minimum history before judging, more at 95 %', () => {
    expect(minimumBandPoints(0.8)).toBe(12);
    expect(minimumBandPoints(0.9)).toBe(12);
    expect(minimumBandPoints(0.95)).toBe(21);
    const random = createRandom(1);
    expect(checkNewestPoint(localTrendSeries(random, 11, 5), { coverage: 0.9 })).toBeNull();
    expect(checkNewestPoint(localTrendSeries(random, 20, 5), { coverage: 0.95 })).toBeNull();
    expect(checkNewestPoint(localTrendSeries(random, 21, 5), { coverage: 0.95 })).not.toBeNull();
  });

  it('treats any move of a constant series as outside, and no move as inside', () => {
    const flat = Array.from({ length: 20 }, () => 42);
    expect(checkNewestPoint(flat, { coverage: 0.9 })!.outside).toBeNull();
    expect(checkNewestPoint([...flat, 43], { coverage: 0.9 })!.outside).toBe('above');
  });

  it('refuses bad input', () => {
    expect(() => oneStepBands([1, 2, Number.NaN], { coverage: 0.9 })).toThrow(/value 2/);
    expect(() => oneStepBands([1, 2, 3], { coverage: 1 })).toThrow(/coverage/);
  });
});
