import { createRandom } from '../common/random';
import type { AnomalySeries } from './types';

export interface LabelledAnomalySeries extends AnomalySeries {
  /** Indices where a spike or drop was injected. */
  injected: number[];
}

export interface SyntheticAnomalyOptions {
  count: number;
  length: number;
  seasonality: number;
  seed: number;
  /** Share of points (after the first two seasons) that get an anomaly. Default 0.02. */
  rate?: number;
  /** Anomaly size in noise standard deviations, drawn uniformly in [min, max]. Default [5, 8]. */
  sigmas?: [number, number];
}

/**
 * Labelled test data for anomaly detection: trend + sinusoidal season + gaussian noise per series,
 * with spikes and drops of several noise sigmas injected at random points (never in the first two
 * seasons, which the smoothing model needs to initialise).
 */
export function syntheticAnomalySeries(options: SyntheticAnomalyOptions): LabelledAnomalySeries[] {
  const random = createRandom(options.seed);
  const rate = options.rate ?? 0.02;
  const [minSigmas, maxSigmas] = options.sigmas ?? [5, 8];
  const start = 2 * options.seasonality;
  return Array.from({ length: options.count }, (_, s) => {
    const level = 100 + 400 * random.uniform();
    const amplitude = 0.15 * level * (0.5 + random.uniform());
    const slope = 0.005 * level * (random.uniform() - 0.3);
    const noise = 0.15 * amplitude;
    const phase = 2 * Math.PI * random.uniform();
    const values = Array.from({ length: options.length }, (_, t) => {
      const season = amplitude * Math.sin((2 * Math.PI * t) / options.seasonality + phase);
      return level + slope * t + season + noise * random.normal();
    });
    const injected: number[] = [];
    for (let t = start; t < options.length; t += 1) {
      if (random.uniform() >= rate) continue;
      const size = minSigmas + (maxSigmas - minSigmas) * random.uniform();
      values[t] = (values[t] as number) + (random.uniform() < 0.5 ? -1 : 1) * size * noise;
      injected.push(t);
    }
    const dates = values.map((_, t) => `t${t}`);
    return { id: `series-${s + 1}`, dates, values, injected };
  });
}

/** Precision and recall of flagged (series, index) pairs against the injected ones. */
export function anomalyPrecisionRecall(
  labelled: readonly LabelledAnomalySeries[],
  flagged: readonly { series: string; index: number }[],
): { precision: number; recall: number; truePositives: number; flagged: number; injected: number } {
  const truth = new Set(labelled.flatMap((entry) => entry.injected.map((t) => `${entry.id}#${t}`)));
  let truePositives = 0;
  for (const flag of flagged) if (truth.has(`${flag.series}#${flag.index}`)) truePositives += 1;
  return {
    precision: flagged.length === 0 ? 1 : truePositives / flagged.length,
    recall: truth.size === 0 ? 1 : truePositives / truth.size,
    truePositives,
    flagged: flagged.length,
    injected: truth.size,
  };
}
