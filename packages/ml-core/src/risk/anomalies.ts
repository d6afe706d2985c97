import { quantileOfSorted } from '../common/quantiles';
import { fitEts } from '../forecast/ets';
import { RiskInputError } from './errors';
import { normalQuantile } from './normal-quantile';
import type { Anomaly, AnomalySeries } from './types';

/**
 * Default band coverage. Not 0.99: a band holding 99% of normal points flags 1 normal point in
 * 100 by definition, so on data with ~2% anomalies at most ~2/3 of the flags could be real. With
 * 0.999 the synthetic benchmark (bench/anomalies.ts) gives precision ≈ 0.9 at recall ≈ 0.97.
 */
export const DEFAULT_ANOMALY_COVERAGE = 0.999;

/** Scored points (finite one-step errors) a series needs before anything is flagged. */
export const MIN_ANOMALY_POINTS = 8;

/** Rounds of flag → replace flagged values by their forecast → refit. */
const MAX_CLEANING_ROUNDS = 4;

/** 1 / Φ⁻¹(0.75): turns a median absolute deviation into a normal standard deviation. */
const MAD_TO_SIGMA = 1.482602218505602;

export interface ResidualBand {
  /** Median residual (the forecast's bias). */
  centre: number;
  /** Robust standard deviation of the residuals (1.4826 · MAD, floored). */
  scale: number;
  /** Half-width of the band in `scale` units, Φ⁻¹((1 + coverage) / 2). */
  z: number;
  /** 1 where the residual is finite and outside centre ± z · scale. */
  outside: Uint8Array;
}

function median(sorted: Float64Array): number {
  return quantileOfSorted(sorted, 0.5);
}

/**
 * Calibrates a band on residuals (NaN = not scored) robustly and flags those outside it. The centre
 * is the median and the scale 1.4826 · MAD, which an outlier moves no further than any other point
 * beyond the median does, so injected anomalies do not widen their own band (up to half the points
 * being anomalous). When MAD is 0 (mostly exact forecasts) the scale falls back to 1.2533 · the mean
 * absolute deviation, then to a tiny share of the residuals' magnitude.
 */
export function residualBand(residuals: ArrayLike<number>, coverage: number): ResidualBand {
  if (!(coverage > 0 && coverage < 1)) {
    throw new RiskInputError(`coverage must be between 0 and 1 (e.g. 0.99), got ${coverage}`, {
      field: 'coverage',
    });
  }
  const z = normalQuantile((1 + coverage) / 2);
  const finite: number[] = [];
  for (let i = 0; i < residuals.length; i += 1) {
    const value = residuals[i] as number;
    if (Number.isFinite(value)) finite.push(value);
  }
  const outside = new Uint8Array(residuals.length);
  if (finite.length === 0) return { centre: 0, scale: 0, z, outside };

  const centre = median(Float64Array.from(finite).sort());
  const deviations = Float64Array.from(finite, (value) => Math.abs(value - centre)).sort();
  let scale = MAD_TO_SIGMA * median(deviations);
  if (!(scale > 0)) {
    const meanDeviation = deviations.reduce((sum, value) => sum + value, 0) / deviations.length;
    scale = 1.2533141373155 * meanDeviation;
  }
  if (!(scale > 0)) scale = 1e-12 * Math.max(1, Math.abs(centre));

  for (let i = 0; i < residuals.length; i += 1) {
    const value = residuals[i] as number;
    if (Number.isFinite(value) && Math.abs(value - centre) > z * scale) outside[i] = 1;
  }
  return { centre, scale, z, outside };
}

/** Default one-step-ahead forecaster: exponential smoothing's in-sample one-step predictions. */
function etsOneStep(values: readonly number[], seasonality: number): number[] {
  return fitEts(values, { seasonality }).fitted;
}

function sameFlags(a: Uint8Array, b: Uint8Array): boolean {
  for (let i = 0; i < a.length; i += 1) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Flags points whose value falls outside a calibrated band around the one-step-ahead forecast.
 * `fitted[t]` must be a forecast of `values[t]` from values before t (NaN = none).
 */
export function flagSeriesAnomalies(
  series: AnomalySeries,
  options: {
    seasonality: number;
    coverage: number;
    oneStepForecast?: (values: readonly number[], seasonality: number) => number[];
  },
): Anomaly[] {
  const { id, dates, values } = series;
  const forecaster = options.oneStepForecast ?? etsOneStep;
  // Anomalies pull the smoothing states after them; forecasting from a copy where flagged values
  // are replaced by their forecast stops a spike from flagging its neighbours (or hiding a second one).
  const working = [...values];
  let flags: Uint8Array = new Uint8Array(values.length);
  let fitted: number[] = [];
  let band: ResidualBand | null = null;
  for (let round = 0; round < MAX_CLEANING_ROUNDS; round += 1) {
    fitted = forecaster(working, options.seasonality);
    const residuals = values.map((value, t) => value - (fitted[t] ?? Number.NaN));
    let scored = 0;
    for (const residual of residuals) if (Number.isFinite(residual)) scored += 1;
    if (scored < MIN_ANOMALY_POINTS) return [];
    band = residualBand(residuals, options.coverage);
    if (sameFlags(band.outside, flags)) break;
    flags = band.outside;
    for (let t = 0; t < values.length; t += 1) {
      working[t] = flags[t] ? (fitted[t] as number) : (values[t] as number);
    }
  }
  if (!band) return [];

  const { centre, scale, z, outside } = band;
  const anomalies: Anomaly[] = [];
  for (let t = 0; t < values.length; t += 1) {
    if (!outside[t]) continue;
    const value = values[t] as number;
    const expected = (fitted[t] as number) + centre;
    const lower = expected - z * scale;
    const upper = expected + z * scale;
    const above = value > upper;
    anomalies.push({
      series: id,
      index: t,
      date: dates[t] as string,
      value,
      expected,
      lower,
      upper,
      score: (value - expected) / scale,
      excess: above ? value - upper : lower - value,
      direction: above ? 'above' : 'below',
    });
  }
  return anomalies;
}

/**
 * Anomalies in any number of series: a point is flagged when its one-step-ahead forecast error
 * (exponential smoothing, `fitEts(...).fitted`) falls outside a band calibrated on that series'
 * errors (median ± Φ⁻¹((1 + coverage)/2) · 1.4826 · MAD, see `residualBand`), so with well-behaved
 * errors about (1 − coverage) of normal points are flagged (coverage defaults to
 * DEFAULT_ANOMALY_COVERAGE = 0.999). Flagged values are replaced by their
 * forecast and the model refitted, up to 4 rounds, so anomalies neither inflate their own band nor
 * distort the forecasts after them. Each flag says by how much (`excess`, value units) and how
 * unusual (`score`, robust sigmas) the point is. Series with fewer than MIN_ANOMALY_POINTS scored
 * points are skipped.
 *
 * Note: smoothing parameters are estimated on the whole series (the states only use the past).
 */
export function detectAnomalies(
  series: AnomalySeries[],
  options: {
    /** Season length in periods (12 for monthly data, 1 for none). */
    seasonality: number;
    /** Share of normal points the band should hold. Default 0.999. */
    coverage?: number;
  },
): Anomaly[] {
  const coverage = options.coverage ?? DEFAULT_ANOMALY_COVERAGE;
  if (!(Number.isInteger(options.seasonality) && options.seasonality >= 1)) {
    throw new RiskInputError(
      `seasonality must be a whole number >= 1 (12 for monthly data, 1 for none), got ${options.seasonality}`,
      { field: 'seasonality' },
    );
  }
  return series.flatMap((entry) => {
    if (entry.dates.length !== entry.values.length) {
      throw new RiskInputError(
        `series "${entry.id}" has ${entry.dates.length} dates but ${entry.values.length} values`,
        { field: 'values' },
      );
    }
    entry.values.forEach((value, t) => {
      if (!Number.isFinite(value)) {
        throw new RiskInputError(
          `series "${entry.id}" value of ${entry.dates[t]} is not a number (got ${String(value)})`,
          { field: 'values' },
        );
      }
    });
    return flagSeriesAnomalies(entry, { seasonality: options.seasonality, coverage });
  });
}
