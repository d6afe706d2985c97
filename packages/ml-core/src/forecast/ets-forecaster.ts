import { quantile } from '../common/quantiles';
import { etsVarianceMultipliers, fitEts, type EtsFit } from './ets';
import type { SeriesForecast } from './types';

/**
 * ETS forecast of one series with a p10/p90 band: the 10%/90% quantiles of the in-sample one-step
 * residuals (after a warm-up of one season), widened per step by the model's variance multiplier.
 */
export function etsForecast(
  values: readonly number[],
  horizon: number,
  seasonality: number,
): Omit<SeriesForecast, 'id'> & { fit: EtsFit } {
  const fit = fitEts(values, { seasonality });
  const p50 = fit.forecast(horizon);
  const relative = fit.params.error === 'multiplicative';
  const warmUp = Math.min(Math.max(seasonality, 2), Math.floor(values.length / 3));
  const residuals: number[] = [];
  for (let t = warmUp; t < values.length; t += 1) {
    const f = fit.fitted[t] as number;
    if (!Number.isFinite(f)) continue;
    const y = values[t] as number;
    residuals.push(relative ? Math.log(y / f) : y - f);
  }
  const lo = residuals.length > 0 ? Math.min(quantile(residuals, 0.1), 0) : 0;
  const hi = residuals.length > 0 ? Math.max(quantile(residuals, 0.9), 0) : 0;
  const multipliers = etsVarianceMultipliers(fit.params, seasonality, horizon);
  const shift = (p: number, e: number): number => (relative ? p * Math.exp(e) : p + e);
  const p10 = p50.map((p, h) => shift(p, lo * Math.sqrt(multipliers[h] as number)));
  const p90 = p50.map((p, h) => shift(p, hi * Math.sqrt(multipliers[h] as number)));
  return { p10, p50, p90, fit };
}
