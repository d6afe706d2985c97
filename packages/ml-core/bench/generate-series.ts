/**
 * Seeded generators of benchmark series with KNOWN futures: each series' history and the
 * `horizon` values after it come from one run of the same process, so a forecast can be scored on
 * what really happened next. Same seed → same series. Families:
 *
 * - `trend`: linear trend (sometimes gently declining) + white or AR(1) noise.
 * - `damped_trend`: a local level whose slope decays (half-life ¼–1× the series) with small
 *   level/slope shocks — growth that flattens out.
 * - `compound_growth`: multiplicative growth of 1–8% a step whose rate wobbles as a random walk,
 *   with log-normal noise.
 * - `seasonal`: a monthly (12) or weekly (7) season, additive or multiplicative, on a trend.
 * - `random_walk`: log-normal random walk (price-like), pure or with drift.
 * - `level_shift`: noisy level with a mild trend and one step change at a random time, about a
 *   third of the time inside the future window (unforecastable by design).
 *
 * Lengths are drawn from 12–120 (40% from the short ones 12, 18, 24, 36); horizons 6, 12 or 18
 * (7 or 14 for weekly seasons), at most half the history (but at least 6). The forecaster gets the
 * season only under the product's own rule (`usableSeasonality`).
 */
import { createRandom, type Random } from '../src/common/random';
import { usableSeasonality } from '../src/forecast/seasonality';

export const FAMILIES = [
  'trend',
  'damped_trend',
  'compound_growth',
  'seasonal',
  'random_walk',
  'level_shift',
] as const;
export type Family = (typeof FAMILIES)[number];

export interface GeneratedSeries {
  id: string;
  family: Family;
  /** Which variant of the family, e.g. `ar1-noise`, `multiplicative-12`, `shift-in-future`. */
  variant: string;
  history: number[];
  /** The `horizon` values after the history, from the same process. */
  future: number[];
  horizon: number;
  /** True season length of the process (1 = none). */
  period: number;
  /** Season length handed to the forecaster (see `usableSeasonality`). */
  seasonality: number;
}

/** A family member before its length is known: `generate` returns length + horizon values. */
interface Process {
  variant: string;
  period: number;
  generate(length: number, horizon: number): number[];
}

const SHORT_LENGTHS = [12, 18, 24, 36] as const;
const MIN_LENGTH = 12;
const MAX_LENGTH = 120;

const uniform = (random: Random, low: number, high: number): number =>
  low + (high - low) * random.uniform();
const logUniform = (random: Random, low: number, high: number): number =>
  Math.exp(uniform(random, Math.log(low), Math.log(high)));
const pick = <T>(random: Random, items: readonly T[]): T => items[random.int(items.length)] as T;
const chance = (random: Random, p: number): boolean => random.uniform() < p;

/** Stationary AR(1) noise with standard deviation `sd` (white noise when phi = 0). */
function ar1Noise(random: Random, n: number, sd: number, phi: number): number[] {
  const innovation = sd * Math.sqrt(1 - phi * phi);
  const out: number[] = [];
  let previous = sd * random.normal();
  for (let t = 0; t < n; t += 1) {
    previous = t === 0 ? previous : phi * previous + innovation * random.normal();
    out.push(previous);
  }
  return out;
}

/** A random seasonal profile of length m: two harmonics plus per-position jitter, max |·| = 1. */
function seasonalProfile(random: Random, m: number): number[] {
  const a2 = uniform(random, 0, 0.6);
  const p1 = uniform(random, 0, 2 * Math.PI);
  const p2 = uniform(random, 0, 2 * Math.PI);
  const raw = Array.from({ length: m }, (_, i) => {
    const x = (2 * Math.PI * i) / m;
    return Math.sin(x + p1) + a2 * Math.sin(2 * x + p2) + 0.3 * random.normal();
  });
  const centre = raw.reduce((a, b) => a + b, 0) / m;
  const peak = Math.max(...raw.map((v) => Math.abs(v - centre)));
  return raw.map((v) => (v - centre) / peak);
}

function trend(random: Random): Process {
  const level = logUniform(random, 20, 2000);
  const slope = chance(random, 0.25)
    ? -level * uniform(random, 0.001, 0.005)
    : level * uniform(random, 0.003, 0.03);
  const sd = level * uniform(random, 0.02, 0.15);
  const phi = chance(random, 0.4) ? uniform(random, 0.3, 0.85) : 0;
  return {
    variant: phi > 0 ? 'ar1-noise' : 'white-noise',
    period: 1,
    generate: (length, horizon) =>
      ar1Noise(random, length + horizon, sd, phi).map((e, t) => level + slope * t + e),
  };
}

function dampedTrend(random: Random): Process {
  const level = logUniform(random, 20, 2000);
  const declining = chance(random, 0.2);
  const slope0 = level * uniform(random, 0.01, 0.06) * (declining ? -0.4 : 1);
  const halfLifeShare = uniform(random, 0.25, 1);
  const levelShock = uniform(random, 0.003, 0.015);
  const noise = uniform(random, 0.01, 0.08);
  return {
    variant: declining ? 'damped-decline' : 'damped-growth',
    period: 1,
    generate: (length, horizon) => {
      const n = length + horizon;
      const phi = 0.5 ** (1 / Math.max(2, halfLifeShare * n));
      let current = level;
      let slope = slope0;
      return Array.from({ length: n }, () => {
        slope = phi * slope + 0.002 * level * random.normal();
        current += slope + levelShock * level * random.normal();
        return current + noise * level * random.normal();
      });
    },
  };
}

function compoundGrowth(random: Random): Process {
  const start = logUniform(random, 1_000, 100_000);
  const growth0 = uniform(random, 0.01, 0.08);
  const wobble = uniform(random, 0.001, 0.005);
  const noise = uniform(random, 0.01, 0.08);
  return {
    variant: noise > 0.05 ? 'noisy' : 'smooth',
    period: 1,
    generate: (length, horizon) => {
      let log = Math.log(start);
      let growth = growth0;
      return Array.from({ length: length + horizon }, () => {
        growth += wobble * random.normal();
        log += growth;
        return Math.exp(log + noise * random.normal());
      });
    },
  };
}

function seasonal(random: Random): Process {
  const period = chance(random, 0.7) ? 12 : 7;
  const multiplicative = chance(random, 0.5);
  const profile = seasonalProfile(random, period);
  const season = (t: number): number => profile[t % period] as number;
  const level = logUniform(random, 20, 2000);
  const amplitude = uniform(random, 0.1, 0.5);
  const noise = uniform(random, 0.02, 0.12);
  const growth = uniform(random, -0.002, 0.015);
  return {
    variant: `${multiplicative ? 'multiplicative' : 'additive'}-${period}`,
    period,
    generate: (length, horizon) =>
      Array.from({ length: length + horizon }, (_, t) =>
        multiplicative
          ? level *
            (1 + growth) ** t *
            (1 + amplitude * season(t)) *
            Math.exp(noise * random.normal())
          : level * (1 + growth * t + amplitude * season(t) + noise * random.normal()),
      ),
  };
}

function randomWalk(random: Random): Process {
  const start = logUniform(random, 10, 1000);
  const drift = chance(random, 0.5) ? 0 : uniform(random, -0.01, 0.02);
  const volatility = uniform(random, 0.02, 0.12);
  return {
    variant: drift === 0 ? 'pure' : 'drift',
    period: 1,
    generate: (length, horizon) => {
      let log = Math.log(start);
      return Array.from({ length: length + horizon }, (_, t) => {
        if (t > 0) log += drift + volatility * random.normal();
        return Math.exp(log);
      });
    },
  };
}

function levelShift(random: Random): Process {
  const level = logUniform(random, 20, 2000);
  const up = chance(random, 0.6);
  const size = level * (up ? uniform(random, 0.2, 0.6) : -uniform(random, 0.2, 0.5));
  const slope = level * uniform(random, -0.002, 0.005);
  const noise = level * uniform(random, 0.02, 0.1);
  const inFuture = chance(random, 0.35);
  return {
    variant: inFuture ? 'shift-in-future' : 'shift-in-history',
    period: 1,
    generate: (length, horizon) => {
      const at = inFuture
        ? length + random.int(horizon)
        : Math.floor(length * uniform(random, 0.3, 0.95));
      return Array.from(
        { length: length + horizon },
        (_, t) => level + slope * t + (t >= at ? size : 0) + noise * random.normal(),
      );
    },
  };
}

const PROCESSES: Record<Family, (random: Random) => Process> = {
  trend,
  damped_trend: dampedTrend,
  compound_growth: compoundGrowth,
  seasonal,
  random_walk: randomWalk,
  level_shift: levelShift,
};

function drawLength(random: Random): number {
  return chance(random, 0.4)
    ? pick(random, SHORT_LENGTHS)
    : MIN_LENGTH + random.int(MAX_LENGTH - MIN_LENGTH + 1);
}

function drawHorizon(random: Random, length: number, period: number): number {
  const wanted = pick(random, period === 7 ? [7, 14] : [6, 12, 18]);
  return Math.min(wanted, Math.max(6, Math.floor(length / 2)));
}

/** `count` series of one family; each family has its own stream, so families are independent. */
export function generateFamily(family: Family, count: number, seed: number): GeneratedSeries[] {
  const random = createRandom(seed * 7919 + FAMILIES.indexOf(family));
  return Array.from({ length: count }, (_, i) => {
    const process = PROCESSES[family](random);
    const length = drawLength(random);
    const horizon = drawHorizon(random, length, process.period);
    const values = process.generate(length, horizon);
    return {
      id: `${family}-${i + 1}`,
      family,
      variant: process.variant,
      history: values.slice(0, length),
      future: values.slice(length),
      horizon,
      period: process.period,
      seasonality: usableSeasonality(process.period, length, horizon),
    };
  });
}
