/**
 * Seeded generator of benchmark series with known structure: trend, additive or multiplicative
 * season, level shifts, noise and intermittent zeros. Same seed → same series.
 */
import { createRandom, type Random } from '../src/common/random';
import type { ForecastSeries } from '../src/forecast/types';

export type SyntheticKind =
  'trend_additive' | 'multiplicative_growth' | 'level_shifts' | 'intermittent' | 'damped_noisy';

export interface SyntheticSpec {
  kind: SyntheticKind;
  count: number;
  length: number;
  seasonality: number;
  seed: number;
}

/** A smooth random seasonal profile of length m with mean 0 and amplitude ≈ 1. */
function seasonalProfile(random: Random, m: number): number[] {
  const a1 = 0.6 + 0.6 * random.uniform();
  const a2 = 0.4 * random.uniform();
  const p1 = 2 * Math.PI * random.uniform();
  const p2 = 2 * Math.PI * random.uniform();
  return Array.from({ length: m }, (_, i) => {
    const x = (2 * Math.PI * i) / m;
    return a1 * Math.sin(x + p1) + a2 * Math.sin(2 * x + p2);
  });
}

function oneSeries(spec: SyntheticSpec, random: Random): number[] {
  const { length: n, seasonality: m } = spec;
  const profile = m > 1 ? seasonalProfile(random, m) : [0];
  const season = (t: number): number => profile[t % profile.length] as number;
  const level = 50 + 150 * random.uniform();
  const values: number[] = [];
  switch (spec.kind) {
    case 'trend_additive': {
      // Linear trend + additive season + gaussian noise.
      const slope = (0.002 + 0.008 * random.uniform()) * level * (random.uniform() < 0.2 ? -1 : 1);
      const amplitude = (0.05 + 0.15 * random.uniform()) * level;
      const noise = (0.1 + 0.3 * random.uniform()) * amplitude;
      for (let t = 0; t < n; t += 1) {
        values.push(level + slope * t + amplitude * season(t) + noise * random.normal());
      }
      break;
    }
    case 'multiplicative_growth': {
      // Exponential growth, season proportional to the level, multiplicative noise.
      const growth = 0.003 + 0.012 * random.uniform();
      const amplitude = 0.1 + 0.25 * random.uniform();
      const noise = 0.02 + 0.05 * random.uniform();
      for (let t = 0; t < n; t += 1) {
        const base = level * Math.exp(growth * t);
        values.push(base * (1 + amplitude * season(t)) * (1 + noise * random.normal()));
      }
      break;
    }
    case 'level_shifts': {
      // Season + noise around a level that jumps a few times; mild trend.
      const amplitude = (0.05 + 0.15 * random.uniform()) * level;
      const noise = (0.15 + 0.25 * random.uniform()) * amplitude;
      const slope = 0.002 * level * random.normal();
      let current = level;
      for (let t = 0; t < n; t += 1) {
        if (t > 0 && random.uniform() < 3 / n)
          current += (random.uniform() < 0.5 ? -1 : 1) * (0.15 + 0.25 * random.uniform()) * level;
        values.push(current + slope * t + amplitude * season(t) + noise * random.normal());
      }
      break;
    }
    case 'intermittent': {
      // Demand that is zero with a seasonal probability, else a positive size.
      const rate = 0.3 + 0.4 * random.uniform();
      const size = 5 + 20 * random.uniform();
      for (let t = 0; t < n; t += 1) {
        const p = Math.min(0.95, Math.max(0.05, rate * (1 + 0.5 * season(t))));
        values.push(
          random.uniform() < p ? Math.max(1, Math.round(size * (1 + 0.4 * random.normal()))) : 0,
        );
      }
      break;
    }
    case 'damped_noisy': {
      // A local level/trend that wanders (random walk with drifting slope) + season + heavy noise.
      let current = level;
      let slope = 0.01 * level * random.normal();
      const amplitude = (0.05 + 0.1 * random.uniform()) * level;
      for (let t = 0; t < n; t += 1) {
        slope = 0.9 * slope + 0.004 * level * random.normal();
        current += slope + 0.01 * level * random.normal();
        values.push(current + amplitude * season(t) + 0.3 * amplitude * random.normal());
      }
      break;
    }
    default:
      throw new Error(`unknown synthetic kind ${String(spec.kind)}`);
  }
  return values;
}

/** `spec.count` series of one kind; the season phase of each series' first value is 0. */
export function syntheticSeries(spec: SyntheticSpec): ForecastSeries[] {
  const random = createRandom(spec.seed);
  return Array.from({ length: spec.count }, (_, i) => ({
    id: `${spec.kind}-${i + 1}`,
    values: oneSeries(spec, random),
    seasonPhase: 0,
  }));
}
