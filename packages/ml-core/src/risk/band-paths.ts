import { createRandom } from '../common/random';
import type { ErrorSampling, RiskForecastInput, SeriesErrorModel } from './types';

/** z of the 90% quantile of a standard normal: p90 − p50 is this many σ on the upper side. */
const Z90 = 1.2815515655446004;
/** Step the band's growth is read at (a year of months, or the horizon when shorter). */
const GROWTH_STEP = 12;
/** Largest |correlation| between revenue and expense errors used. */
const MAX_CORRELATION = 0.8;
/**
 * Least share of a month's uncertainty that persists along a path. A company's forecast misses
 * are mostly a growth rate or cost level that is off and stays off, whatever the band's shape; on
 * the generated startups of bench/risk.ts (200 companies) the realised runway fell inside p10–p90
 * for 74% of those that ran out with no floor, 76% with 0.5 and 79% with 0.8.
 */
const MIN_PERSISTENCE = 0.8;
/** Backtest windows whose correlation counts as much as the prior of none. */
const CORRELATION_PRIOR_WINDOWS = 4;

/** A series whose forecast carries a calibrated band (newer models). */
export function hasBand(model: SeriesErrorModel, horizon: number): boolean {
  return (model.p10?.length ?? 0) >= horizon && (model.p90?.length ?? 0) >= horizon;
}

/**
 * Share of a band's uncertainty that is persistent along a path. The band's half-width grows
 * like h^a: a = ½ is a random walk of independent monthly shocks, a = 1 an error fixed at the
 * start and growing with time — a wrong growth rate. λ = 2a − 1 puts the two in that proportion,
 * and is at least MIN_PERSISTENCE.
 */
export function persistence(model: SeriesErrorModel, horizon: number): number {
  const steps = Math.min(GROWTH_STEP, horizon);
  if (steps < 2) return 0.5;
  const width = (h: number) =>
    Math.max((model.p90![h] as number) - (model.p10![h] as number), 1e-12);
  const a = Math.log(width(steps - 1) / width(0)) / Math.log(steps);
  const clamped = Math.min(Math.max(Number.isFinite(a) ? a : 0.5, 0.5), 1);
  return Math.max(2 * clamped - 1, MIN_PERSISTENCE);
}

/**
 * Correlation of revenue and expense forecast errors at the same backtest origin and step
 * (each step's errors divided by their spread), shrunk towards 0 by the number of origins.
 */
export function errorCorrelation(revenue: number[][], expenses: number[][]): number {
  const origins = Math.min(revenue.length, expenses.length);
  const steps = Math.min(...[...revenue, ...expenses].map((row) => row.length), Infinity);
  if (origins < 2 || !Number.isFinite(steps) || steps === 0) return 0;
  const pairs: [number, number][] = [];
  for (let k = 0; k < steps; k += 1) {
    const r = revenue.slice(0, origins).map((row) => row[k] as number);
    const e = expenses.slice(0, origins).map((row) => row[k] as number);
    const sd = (values: number[]) =>
      Math.sqrt(values.reduce((a, v) => a + v * v, 0) / values.length);
    const [sr, se] = [sd(r), sd(e)];
    if (sr > 0 && se > 0) r.forEach((v, o) => pairs.push([v / sr, (e[o] as number) / se]));
  }
  if (pairs.length < 3) return 0;
  const n = pairs.length;
  const [mr, me] = [
    pairs.reduce((a, p) => a + p[0], 0) / n,
    pairs.reduce((a, p) => a + p[1], 0) / n,
  ];
  let cov = 0;
  let vr = 0;
  let ve = 0;
  for (const [r, e] of pairs) {
    cov += (r - mr) * (e - me);
    vr += (r - mr) ** 2;
    ve += (e - me) ** 2;
  }
  const raw = vr > 0 && ve > 0 ? cov / Math.sqrt(vr * ve) : 0;
  const shrunk = (raw * origins) / (origins + CORRELATION_PRIOR_WINDOWS);
  return Math.min(Math.max(shrunk, -MAX_CORRELATION), MAX_CORRELATION);
}

/** Value at standard-normal z of a two-piece normal through p10/p50/p90 at step h. */
function fromBand(model: SeriesErrorModel, h: number, z: number): number {
  const p50 = model.p50[h] as number;
  const half = z < 0 ? p50 - (model.p10![h] as number) : (model.p90![h] as number) - p50;
  return p50 + (Math.max(half, 0) * z) / Z90;
}

/**
 * Joint revenue/expense paths from the calibrated forecast bands (a Gaussian copula): each month's
 * value has exactly the band's distribution (p10/p50/p90 on a two-piece normal), and months are
 * tied together by
 *
 *     Z(h) = √λ · A + √(1 − λ) · (ε1 + … + εh)/√h
 *
 * — A is drawn once per path (parameter uncertainty: that path's growth rate or level is off for
 * the whole horizon), the ε a random walk of monthly surprises; λ comes from how the band widens
 * (`persistence`). Costs are drawn per cost line when the input has lines (each its own band and
 * persistence) and summed, else as one total. Each cost series' shocks are correlated with
 * revenue's as their backtest errors were (`errorCorrelation`); lines are correlated with each
 * other through revenue (ρᵢ·ρⱼ), which keeps the correlation matrix valid however many lines
 * there are. So the runway distribution widens with the horizon, with the noise of the history
 * and with how uncertain growth is, and what-ifs reuse the same draws.
 */
export function drawBandPaths(
  input: RiskForecastInput,
  options: { paths: number; horizon: number; seed: number },
): { revenue: Float64Array; expenses: Float64Array; sampling: ErrorSampling } {
  const { paths, horizon, seed } = options;
  const lines = input.expenseLines && input.expenseLines.length > 0 ? input.expenseLines : null;
  const costs: SeriesErrorModel[] = lines ?? [input.expenses];
  const rho = costs.map((cost) =>
    !lines && input.correlation !== undefined
      ? input.correlation
      : errorCorrelation(input.revenue.residuals, cost.residuals),
  );
  const other = rho.map((r) => Math.sqrt(1 - r * r));
  const lambdaRevenue = persistence(input.revenue, horizon);
  const lambda = costs.map((cost) => persistence(cost, horizon));
  const random = createRandom(seed);
  const revenue = new Float64Array(paths * horizon);
  const expenses = new Float64Array(paths * horizon);
  const persistent = new Float64Array(costs.length);
  const walks = new Float64Array(costs.length);
  const mix = (l: number, a: number, walk: number, scale: number) =>
    Math.sqrt(l) * a + Math.sqrt(1 - l) * walk * scale;
  for (let p = 0; p < paths; p += 1) {
    const a = random.normal();
    costs.forEach((_, i) => {
      persistent[i] = (rho[i] as number) * a + (other[i] as number) * random.normal();
      walks[i] = 0;
    });
    let walkRevenue = 0;
    for (let h = 0; h < horizon; h += 1) {
      const e = random.normal();
      walkRevenue += e;
      const scale = 1 / Math.sqrt(h + 1);
      revenue[p * horizon + h] = Math.max(
        0,
        fromBand(input.revenue, h, mix(lambdaRevenue, a, walkRevenue, scale)),
      );
      let total = 0;
      costs.forEach((cost, i) => {
        walks[i] =
          (walks[i] as number) + (rho[i] as number) * e + (other[i] as number) * random.normal();
        const z = mix(lambda[i] as number, persistent[i] as number, walks[i] as number, scale);
        total += Math.max(0, fromBand(cost, h, z));
      });
      expenses[p * horizon + h] = total;
    }
  }
  const meanLambda = lambda.reduce((x, y) => x + y, 0) / lambda.length;
  return {
    revenue,
    expenses,
    sampling: {
      method: 'bands',
      blockLength: 0,
      origins: Math.min(input.revenue.residuals.length, input.expenses.residuals.length),
      steps: horizon,
      relative: { revenue: false, expenses: false },
      ...(lines
        ? { lineCorrelations: Object.fromEntries(lines.map((line, i) => [line.name, rho[i]!])) }
        : { correlation: rho[0]! }),
      persistence: { revenue: lambdaRevenue, expenses: meanLambda },
    },
  };
}
