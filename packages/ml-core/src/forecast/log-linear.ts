import type { SeriesForecast } from './types';

/** z-score of the 90% quantile of a standard normal. */
const Z90 = 1.2815515655446004;
/** Largest AR(1) coefficient of the residuals: near 1 the model becomes a (log) random walk with drift. */
const PHI_MAX = 0.98;

interface TrendFit {
  intercept: number;
  slope: number;
  /** Mean of the season indices of the residuals per phase (0 when m = 1). */
  season: number[];
  residuals: number[];
  /** Σ(t − t̄)² and t̄ of the time index, for the slope's standard error. */
  sxx: number;
  tMean: number;
}

function leastSquaresLine(z: readonly number[]): { intercept: number; slope: number } {
  const n = z.length;
  const tMean = (n - 1) / 2;
  let zMean = 0;
  for (const v of z) zMean += v;
  zMean /= n;
  let num = 0;
  let den = 0;
  for (let t = 0; t < n; t += 1) {
    num += (t - tMean) * ((z[t] as number) - zMean);
    den += (t - tMean) ** 2;
  }
  const slope = den > 0 ? num / den : 0;
  return { intercept: zMean - slope * tMean, slope };
}

/** Line + (when two whole seasons are seen) additive season indices, by two passes of least squares. */
function fitTrend(z: readonly number[], m: number): TrendFit {
  const n = z.length;
  const seasonal = m > 1 && n >= 2 * m;
  let season = new Array<number>(Math.max(m, 1)).fill(0);
  let line = leastSquaresLine(z);
  if (seasonal) {
    const sums = new Array<number>(m).fill(0);
    const counts = new Array<number>(m).fill(0);
    for (let t = 0; t < n; t += 1) {
      sums[t % m] = (sums[t % m] as number) + (z[t] as number) - line.intercept - line.slope * t;
      counts[t % m] = (counts[t % m] as number) + 1;
    }
    season = sums.map((s, i) => s / (counts[i] as number));
    const avg = season.reduce((a, b) => a + b, 0) / m;
    season = season.map((s) => s - avg);
    line = leastSquaresLine(z.map((v, t) => v - (season[t % m] as number)));
  }
  const tMean = (n - 1) / 2;
  let sxx = 0;
  const residuals: number[] = [];
  for (let t = 0; t < n; t += 1) {
    sxx += (t - tMean) ** 2;
    const s = seasonal ? (season[t % m] as number) : 0;
    residuals.push((z[t] as number) - line.intercept - line.slope * t - s);
  }
  return { ...line, season: seasonal ? season : [], residuals, sxx, tMean };
}

function lagOneCorrelation(residuals: readonly number[]): number {
  let num = 0;
  let den = 0;
  for (let t = 0; t < residuals.length; t += 1) {
    const r = residuals[t] as number;
    den += r * r;
    if (t > 0) num += r * (residuals[t - 1] as number);
  }
  return den > 0 ? num / den : 0;
}

/**
 * Log-linear trend (compound growth) with AR(1) residuals: log y(t) = a + b·t (+ season) + e(t),
 * e(t) = φ·e(t−1) + u(t). A series that grows g% a month is forecast to keep growing g% a month;
 * the last point's distance from the line decays at rate φ (φ → 1: a random walk around the growth
 * path, φ = 0: noise around a fixed curve). Series with a value <= 0 are fitted on the raw scale
 * (a linear trend).
 *
 * The band is normal on the fitted scale (so a lognormal one on positive data): the AR(1) forecast
 * variance σu²(1 − φ^2h)/(1 − φ²) plus the estimated line's variance at that step — growth-rate
 * uncertainty, which makes the band widen roughly linearly far ahead. p50 is the median (exp of
 * the log forecast).
 */
export function logLinearForecast(
  values: readonly number[],
  horizon: number,
  seasonality: number,
): Omit<SeriesForecast, 'id'> & { logScale: boolean } {
  const n = values.length;
  if (n < 3) throw new RangeError(`logLinearForecast: need at least 3 values, got ${n}`);
  const logScale = values.every((v) => v > 0);
  const z = logScale ? values.map((v) => Math.log(v)) : values.slice();
  const m = Math.max(1, Math.floor(seasonality));
  const fit = fitTrend(z, m);
  const phi = Math.min(Math.max(lagOneCorrelation(fit.residuals), 0), PHI_MAX);
  let sse = 0;
  for (let t = 1; t < n; t += 1) {
    const u = (fit.residuals[t] as number) - phi * (fit.residuals[t - 1] as number);
    sse += u * u;
  }
  const parameters = 2 + (fit.season.length > 0 ? m - 1 : 0) + 1;
  const innovationVariance = sse / Math.max(1, n - 1 - parameters + 1);
  // Slope variance: OLS with AR(1) errors, σu²/((1 − φ)²·Σ(t − t̄)²), which explodes as φ → 1;
  // there the drift's own σu²/(n − 1) (the mean of n − 1 steps) is the honest figure, so the
  // smaller one is used. The intercept's share is the same factor spread over the n points.
  const slopeVariance =
    innovationVariance * Math.min(1 / ((1 - phi) ** 2 * fit.sxx), 1 / Math.max(1, n - 1));
  const last = fit.residuals[n - 1] as number;
  const back = (v: number): number => (logScale ? Math.exp(v) : v);
  const p10: number[] = [];
  const p50: number[] = [];
  const p90: number[] = [];
  for (let h = 1; h <= horizon; h += 1) {
    const t = n - 1 + h;
    const s = fit.season.length > 0 ? (fit.season[t % m] as number) : 0;
    const centre = fit.intercept + fit.slope * t + s + phi ** h * last;
    const arVariance = (innovationVariance * (1 - phi ** (2 * h))) / (1 - phi * phi);
    const lineVariance = slopeVariance * ((t - fit.tMean) ** 2 + fit.sxx / n);
    const sd = Math.sqrt(arVariance + lineVariance);
    p10.push(back(centre - Z90 * sd));
    p50.push(back(centre));
    p90.push(back(centre + Z90 * sd));
  }
  return { p10, p50, p90, logScale };
}
