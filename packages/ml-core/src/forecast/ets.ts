/**
 * Exponential smoothing (Holt–Winters / ETS), implemented here in plain TypeScript: level, an
 * optional additive trend (optionally damped) and an optional additive or multiplicative season,
 * with additive errors — or, for positive data, the same recursions on log(y), i.e. multiplicative
 * errors, trend and season (compound growth; errors proportional to the level). Parameters are
 * fitted by Nelder–Mead on the one-step-ahead squared error; among the model forms the one with
 * the lowest AICc on the data's own scale wins (log forms pay the Jacobian 2·Σ log y, so both
 * families are compared on one likelihood). No tensors, no I/O.
 */

export interface EtsFit {
  /** One-step-ahead in-sample predictions, same length as the input (NaN where not yet initialised). */
  fitted: number[];
  /** Point forecasts for the next `horizon` steps after the last value. */
  forecast(horizon: number): number[];
  /** Level+trend and seasonal components over the input, for charts (same length as the input). */
  components: { trend: number[]; seasonal: number[] };
  params: {
    alpha: number;
    beta: number | null;
    gamma: number | null;
    phi: number | null;
    seasonal: 'none' | 'additive' | 'multiplicative';
    /** `multiplicative`: fitted on log(y) (errors, trend and season proportional to the level). */
    error: 'additive' | 'multiplicative';
  };
}

type SeasonalKind = EtsFit['params']['seasonal'];
type TrendKind = 'none' | 'additive' | 'damped';

interface ModelForm {
  trend: TrendKind;
  seasonal: SeasonalKind;
  /** Recursions run on log(y). */
  log: boolean;
}

interface Params {
  alpha: number;
  beta: number;
  gamma: number;
  phi: number;
}

interface InitialState {
  level: number;
  trend: number;
  /** Season indices for steps 0..m-1 of the first season. */
  season: number[];
}

interface RunResult {
  sse: number;
  fitted: number[];
  trendComponent: number[];
  seasonalComponent: number[];
  level: number;
  trend: number;
  /** Season indices, rotated so index 0 is the step right after the last value. */
  seasonAhead: number[];
}

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));
const logit = (p: number): number => Math.log(p / (1 - p));

const PHI_MIN = 0.8;
const PHI_RANGE = 0.18;
const EPS = 1e-4;

/** Maps unconstrained optimiser coordinates to admissible smoothing parameters. */
function decode(x: readonly number[], form: ModelForm): Params {
  let i = 0;
  const alpha = EPS + (1 - 2 * EPS) * sigmoid(x[i++] as number);
  // Holt's β* in (0, 1): the trend follows the level's change.
  const beta = form.trend === 'none' ? 0 : EPS + (1 - 2 * EPS) * sigmoid(x[i++] as number);
  const gamma =
    form.seasonal === 'none' ? 0 : (1 - alpha) * (EPS + (1 - 2 * EPS) * sigmoid(x[i++] as number));
  const phi =
    form.trend === 'damped'
      ? PHI_MIN + PHI_RANGE * sigmoid(x[i++] as number)
      : form.trend === 'none'
        ? 0
        : 1;
  return { alpha, beta, gamma, phi };
}

function encodeStart(form: ModelForm, alpha: number): number[] {
  const x = [logit(alpha)];
  if (form.trend !== 'none') x.push(logit(0.1));
  if (form.seasonal !== 'none') x.push(logit(0.1));
  if (form.trend === 'damped') x.push(logit((0.95 - PHI_MIN) / PHI_RANGE));
  return x;
}

function mean(values: readonly number[], start: number, end: number): number {
  let sum = 0;
  for (let i = start; i < end; i += 1) sum += values[i] as number;
  return sum / (end - start);
}

/** Heuristic initial states from the first seasons (classical decomposition, simplified). */
function initialState(values: readonly number[], m: number, form: ModelForm): InitialState {
  const n = values.length;
  if (form.seasonal === 'none' || m <= 1) {
    const k = Math.min(n, Math.max(4, Math.min(10, Math.floor(n / 3))));
    let trend = 0;
    if (form.trend !== 'none' && k >= 2) {
      // Least-squares slope over the first k points.
      const tMean = (k - 1) / 2;
      const yMean = mean(values, 0, k);
      let num = 0;
      let den = 0;
      for (let t = 0; t < k; t += 1) {
        num += (t - tMean) * ((values[t] as number) - yMean);
        den += (t - tMean) ** 2;
      }
      trend = den > 0 ? num / den : 0;
    }
    const level = (
      form.trend === 'none' ? values[0] : mean(values, 0, k) - trend * ((k - 1) / 2 + 1)
    ) as number;
    return { level, trend, season: [] };
  }
  const seasons = Math.max(1, Math.min(Math.floor(n / m), 4));
  const seasonMeans = Array.from({ length: seasons }, (_, j) => mean(values, j * m, (j + 1) * m));
  const trend =
    form.trend !== 'none' && seasons >= 2
      ? ((seasonMeans[seasons - 1] as number) - (seasonMeans[0] as number)) / ((seasons - 1) * m)
      : 0;
  const first = seasonMeans[0] as number;
  // Level at time −1: the first season's mean moved back from its centre.
  const level = first - trend * ((m - 1) / 2 + 1);
  const season = new Array<number>(m).fill(0);
  for (let i = 0; i < m; i += 1) {
    let sum = 0;
    for (let j = 0; j < seasons; j += 1) {
      const t = j * m + i;
      const base = first + trend * (t - (m - 1) / 2);
      const y = values[t] as number;
      sum += form.seasonal === 'multiplicative' ? y / base : y - base;
    }
    season[i] = sum / seasons;
  }
  // Normalise: additive indices sum to 0, multiplicative ones average 1.
  const avg = season.reduce((a, b) => a + b, 0) / m;
  for (let i = 0; i < m; i += 1) {
    season[i] =
      form.seasonal === 'multiplicative'
        ? (season[i] as number) / avg
        : (season[i] as number) - avg;
  }
  return { level, trend, season };
}

/** Runs the recursions; collects outputs only when `collect` (the optimiser needs just the SSE). */
function run(
  values: readonly number[],
  m: number,
  form: ModelForm,
  p: Params,
  init: InitialState,
  collect: boolean,
): RunResult {
  const n = values.length;
  const seasonal = form.seasonal !== 'none' && m > 1;
  const mult = form.seasonal === 'multiplicative';
  const hasTrend = form.trend !== 'none';
  let level = init.level;
  let trend = hasTrend ? init.trend : 0;
  const season = seasonal ? init.season.slice() : [];
  const fitted: number[] = collect ? new Array<number>(n) : [];
  const trendComponent: number[] = collect ? new Array<number>(n) : [];
  const seasonalComponent: number[] = collect ? new Array<number>(n) : [];
  let sse = 0;
  for (let t = 0; t < n; t += 1) {
    const y = values[t] as number;
    const damped = hasTrend ? p.phi * trend : 0;
    const base = level + damped;
    const si = seasonal ? (season[t % m] as number) : mult ? 1 : 0;
    const yhat = seasonal ? (mult ? base * si : base + si) : base;
    const error = y - yhat;
    sse += error * error;
    if (!Number.isFinite(sse)) return { sse: Number.POSITIVE_INFINITY } as RunResult;
    const deseasonalised = seasonal ? (mult ? y / si : y - si) : y;
    const newLevel = base + p.alpha * (deseasonalised - base);
    if (hasTrend) trend = damped + p.beta * (newLevel - level - damped);
    if (seasonal) {
      const safeBase = Math.abs(base) > 1e-12 ? base : 1e-12;
      season[t % m] = mult ? si + p.gamma * (y / safeBase - si) : si + p.gamma * (y - base - si);
    }
    level = newLevel;
    if (collect) {
      fitted[t] = yhat;
      trendComponent[t] = level;
      seasonalComponent[t] = seasonal ? (season[t % m] as number) : mult ? 1 : 0;
    }
  }
  const seasonAhead = seasonal
    ? Array.from({ length: m }, (_, k) => season[(n + k) % m] as number)
    : [];
  if (collect && mult) {
    // Charts want an additive split: seasonal part in data units.
    for (let t = 0; t < n; t += 1) {
      seasonalComponent[t] = (trendComponent[t] as number) * ((seasonalComponent[t] as number) - 1);
    }
  }
  return { sse, fitted, trendComponent, seasonalComponent, level, trend, seasonAhead };
}

/** Minimises f with the Nelder–Mead simplex (standard coefficients) from x0. */
export function nelderMead(
  f: (x: number[]) => number,
  x0: readonly number[],
  options: { step?: number; maxEvaluations?: number; tolerance?: number } = {},
): { x: number[]; value: number } {
  const dim = x0.length;
  const step = options.step ?? 1;
  const maxEvaluations = options.maxEvaluations ?? 200 * dim;
  const tolerance = options.tolerance ?? 1e-8;
  let evaluations = 0;
  const evaluate = (x: number[]): number => {
    evaluations += 1;
    const v = f(x);
    return Number.isFinite(v) ? v : Number.POSITIVE_INFINITY;
  };
  let simplex = [x0.slice()];
  for (let i = 0; i < dim; i += 1) {
    const x = x0.slice();
    x[i] = (x[i] as number) + step;
    simplex.push(x);
  }
  let values = simplex.map(evaluate);
  while (evaluations < maxEvaluations) {
    const order = values
      .map((_, i) => i)
      .sort((a, b) => (values[a] as number) - (values[b] as number));
    simplex = order.map((i) => simplex[i] as number[]);
    values = order.map((i) => values[i] as number);
    const best = values[0] as number;
    const worst = values[dim] as number;
    if (Math.abs(worst - best) <= tolerance * (Math.abs(best) + tolerance)) break;
    const centroid = new Array<number>(dim).fill(0);
    for (let i = 0; i < dim; i += 1) {
      for (let j = 0; j < dim; j += 1)
        centroid[j] = (centroid[j] as number) + (simplex[i]![j] as number) / dim;
    }
    const towards = (coef: number): number[] =>
      centroid.map((c, j) => c + coef * ((simplex[dim]![j] as number) - c));
    const reflected = towards(-1);
    const fr = evaluate(reflected);
    if (fr < best) {
      const expanded = towards(-2);
      const fe = evaluate(expanded);
      if (fe < fr) {
        simplex[dim] = expanded;
        values[dim] = fe;
      } else {
        simplex[dim] = reflected;
        values[dim] = fr;
      }
      continue;
    }
    if (fr < (values[dim - 1] as number)) {
      simplex[dim] = reflected;
      values[dim] = fr;
      continue;
    }
    const contracted = fr < worst ? towards(-0.5) : towards(0.5);
    const fc = evaluate(contracted);
    if (fc < Math.min(fr, worst)) {
      simplex[dim] = contracted;
      values[dim] = fc;
      continue;
    }
    // Shrink towards the best point.
    for (let i = 1; i <= dim; i += 1) {
      simplex[i] = simplex[i]!.map(
        (v, j) => (simplex[0]![j] as number) + 0.5 * (v - (simplex[0]![j] as number)),
      );
      values[i] = evaluate(simplex[i] as number[]);
    }
  }
  let bestIndex = 0;
  for (let i = 1; i < values.length; i += 1)
    if ((values[i] as number) < (values[bestIndex] as number)) bestIndex = i;
  return { x: simplex[bestIndex] as number[], value: values[bestIndex] as number };
}

interface Candidate {
  form: ModelForm;
  params: Params;
  init: InitialState;
  sse: number;
  aicc: number;
}

function fitForm(original: readonly number[], m: number, form: ModelForm): Candidate {
  const values = form.log ? original.map((v) => Math.log(v)) : original;
  const n = values.length;
  const init = initialState(values, m, form);
  const objective = (x: number[]): number => run(values, m, form, decode(x, form), init, false).sse;
  let best: { x: number[]; value: number } | null = null;
  // Two starts (slow and fast level) guard against the SSE surface's local minima.
  for (const alpha of [0.2, 0.7]) {
    const result = nelderMead(objective, encodeStart(form, alpha), {
      step: 1.5,
      maxEvaluations: 120 * (1 + encodeStart(form, alpha).length),
    });
    if (best === null || result.value < best.value) best = result;
  }
  const params = decode(best!.x, form);
  const sse = best!.value;
  const seasonal = form.seasonal !== 'none' && m > 1;
  const k =
    1 +
    (form.trend === 'none' ? 0 : 2) +
    (form.trend === 'damped' ? 1 : 0) +
    (seasonal ? 1 + (m - 1) : 0) +
    1;
  const variance = Math.max(sse / n, 1e-300);
  const aic = n * Math.log(variance) + 2 * k;
  // −2·log-likelihood of y = that of log(y) + 2·Σ log y (the Jacobian of the transform).
  const jacobian = form.log ? 2 * values.reduce((a, b) => a + b, 0) : 0;
  const aicc =
    n - k - 1 > 0 ? aic + jacobian + (2 * k * (k + 1)) / (n - k - 1) : Number.POSITIVE_INFINITY;
  return { form, params, init, sse, aicc };
}

/** Model forms worth trying for this series. */
function candidateForms(values: readonly number[], m: number): ModelForm[] {
  const n = values.length;
  const trends: TrendKind[] = n >= 8 ? ['none', 'additive', 'damped'] : ['none'];
  const positive = values.every((v) => v > 0);
  const seasonals: SeasonalKind[] = ['none'];
  if (m > 1 && n >= 2 * m + 2) {
    seasonals.push('additive');
    if (positive) seasonals.push('multiplicative');
  }
  const forms: ModelForm[] = [];
  for (const seasonal of seasonals)
    for (const trend of trends) forms.push({ trend, seasonal, log: false });
  // On log(y) an additive season is a multiplicative one already.
  if (positive) {
    for (const seasonal of seasonals.filter((kind) => kind !== 'multiplicative'))
      for (const trend of trends) forms.push({ trend, seasonal, log: true });
  }
  return forms;
}

/**
 * Fits exponential smoothing to `values` (oldest first) with season length `seasonality` (1 = none).
 * Tries no/additive/damped trend × no/additive/multiplicative season (multiplicative only when every
 * value is > 0; seasonal forms only with at least two seasons + 2 points), and for positive data
 * the same on log(y), and keeps the lowest AICc.
 */
export function fitEts(values: readonly number[], options: { seasonality: number }): EtsFit {
  const n = values.length;
  if (n < 2) throw new RangeError(`fitEts: need at least 2 values, got ${n}`);
  if (values.some((v) => !Number.isFinite(v)))
    throw new RangeError('fitEts: values must be finite');
  const m = Math.max(1, Math.floor(options.seasonality));
  let best: Candidate | null = null;
  for (const form of candidateForms(values, m)) {
    const candidate = fitForm(values, m, form);
    const better =
      best === null ||
      candidate.aicc < best.aicc ||
      (!Number.isFinite(best.aicc) && candidate.sse < best.sse);
    if (better) best = candidate;
  }
  const chosen = best as Candidate;
  const { form, params } = chosen;
  const scaled = form.log ? values.map((v) => Math.log(v)) : values;
  const fittedScale = run(scaled, m, form, params, chosen.init, true);
  const result = form.log ? backTransform(fittedScale) : fittedScale;
  const hasTrend = form.trend !== 'none';
  const seasonal = form.seasonal !== 'none' && m > 1;
  const mult = form.seasonal === 'multiplicative';

  const forecast = (horizon: number): number[] => {
    const out: number[] = [];
    let damping = 0;
    let phiPower = 1;
    for (let h = 1; h <= horizon; h += 1) {
      phiPower *= params.phi;
      damping += hasTrend ? phiPower : 0;
      const base = result.level + damping * result.trend;
      const si = seasonal ? (result.seasonAhead[(h - 1) % m] as number) : mult ? 1 : 0;
      const point = seasonal ? (mult ? base * si : base + si) : base;
      out.push(form.log ? Math.exp(point) : point);
    }
    return out;
  };

  return {
    fitted: result.fitted,
    forecast,
    components: { trend: result.trendComponent, seasonal: result.seasonalComponent },
    params: {
      alpha: params.alpha,
      beta: hasTrend ? params.beta : null,
      gamma: seasonal ? params.gamma : null,
      phi: form.trend === 'damped' ? params.phi : null,
      seasonal: !seasonal ? 'none' : form.log ? 'multiplicative' : form.seasonal,
      error: form.log ? 'multiplicative' : 'additive',
    },
  };
}

/** Outputs of a run on log(y) in data units (state kept on the log scale for forecasting). */
function backTransform(result: RunResult): RunResult {
  const trend = result.trendComponent.map((v) => Math.exp(v));
  return {
    ...result,
    fitted: result.fitted.map((v) => Math.exp(v)),
    trendComponent: trend,
    seasonalComponent: result.seasonalComponent.map(
      (v, t) => (trend[t] as number) * (Math.exp(v) - 1),
    ),
  };
}

/**
 * Multipliers of the one-step error variance for steps 1..horizon (additive-error ETS, class 1
 * formulas): v_h = 1 + Σ_{j<h} c_j² with c_j = α + αβ*(φ + … + φ^j) + γ·[j is a whole season].
 * Exact for additive forms, a fair approximation for the multiplicative season.
 */
export function etsVarianceMultipliers(
  params: EtsFit['params'],
  seasonality: number,
  horizon: number,
): number[] {
  const { alpha } = params;
  const beta = params.beta ?? 0;
  const gamma = params.gamma ?? 0;
  const phi = params.phi ?? (params.beta === null ? 0 : 1);
  const out: number[] = [];
  let sum = 1;
  let phiSum = 0;
  let phiPower = 1;
  for (let h = 1; h <= horizon; h += 1) {
    out.push(sum);
    phiPower *= phi;
    phiSum += phiPower;
    const c =
      alpha + alpha * beta * phiSum + (seasonality > 1 && h % seasonality === 0 ? gamma : 0);
    sum += c * c;
  }
  return out;
}
