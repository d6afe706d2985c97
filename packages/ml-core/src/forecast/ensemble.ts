import type { Band } from './statistical-models';
import type { ForecasterKind } from './types';

export type Weights = Partial<Record<ForecasterKind, number>>;

/** Base models an ensemble mixes, in report order. */
export const BASE_MODELS: readonly ForecasterKind[] = [
  'seasonal_naive',
  'drift',
  'log_linear',
  'ets',
  'neural',
];
/** Models of the equal-weight prior mix: the ones that model trend and season. */
const PRIOR_MODELS: readonly ForecasterKind[] = ['log_linear', 'ets', 'neural'];
/** Share of the ensemble weights that stays on the equal prior mix. */
const SHRINK = 0.5;

/**
 * Ensemble weights of the base models for one series: half from their mean backtest MAE (weights
 * ∝ 1/MAE), half an equal mix of the trend models (log-linear, ETS, neural), so that a few
 * origins cannot make the weights extreme (forecast combinations with near-equal weights are hard
 * to beat). Models without a finite error get 0; with no origins the weights are the prior mix.
 */
export function ensembleWeights(errors: Weights, origins: number): Weights {
  const available = BASE_MODELS.filter((kind) => Number.isFinite(errors[kind]));
  const prior: Weights = {};
  const priorModels = available.filter((kind) => PRIOR_MODELS.includes(kind));
  const priorSet = priorModels.length > 0 ? priorModels : available;
  for (const kind of priorSet) prior[kind] = 1 / priorSet.length;
  if (origins === 0) return prior;
  const best = Math.min(...available.map((kind) => errors[kind] as number));
  const floor = Math.max(best * 0.05, 1e-12);
  const raw = available.map((kind) => 1 / Math.max(errors[kind] as number, floor));
  const total = raw.reduce((a, b) => a + b, 0);
  const weights: Weights = {};
  available.forEach((kind, i) => {
    weights[kind] = (1 - SHRINK) * ((raw[i] as number) / total) + SHRINK * (prior[kind] ?? 0);
  });
  return weights;
}

/** The weighted mix of the base models' bands (quantile averaging), `steps` long. */
export function combineBands(
  bands: Partial<Record<ForecasterKind, Band>>,
  weights: Weights,
  steps: number,
): Band {
  const out: Band = {
    p10: new Array<number>(steps).fill(0),
    p50: new Array<number>(steps).fill(0),
    p90: new Array<number>(steps).fill(0),
  };
  for (const kind of BASE_MODELS) {
    const w = weights[kind] ?? 0;
    const band = bands[kind];
    if (w === 0 || band === undefined) continue;
    for (let h = 0; h < steps; h += 1) {
      out.p10[h] = (out.p10[h] as number) + w * (band.p10[h] as number);
      out.p50[h] = (out.p50[h] as number) + w * (band.p50[h] as number);
      out.p90[h] = (out.p90[h] as number) + w * (band.p90[h] as number);
    }
  }
  return out;
}
