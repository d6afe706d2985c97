/**
 * L2-regularised logistic regression with an (unpenalised) intercept, fitted by L-BFGS over plain
 * typed arrays. The baseline of the churn leaderboard.
 */

export interface LogisticModel {
  /** Weights, one per input column, then the intercept last. */
  coefficients: Float64Array;
  l2: number;
  /** Log-odds of each row of a row-major rows × width matrix. */
  logits(x: Float32Array, rows: number): Float64Array;
}

function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

export function logitsOf(coefficients: Float64Array, x: Float32Array, rows: number): Float64Array {
  const width = coefficients.length - 1;
  const intercept = coefficients[width] as number;
  const out = new Float64Array(rows);
  for (let i = 0; i < rows; i += 1) {
    let z = intercept;
    const base = i * width;
    for (let j = 0; j < width; j += 1) z += (x[base + j] as number) * (coefficients[j] as number);
    out[i] = z;
  }
  return out;
}

/** Mean log-loss + (l2/2)·|w|² and its gradient (intercept not penalised). */
function objective(
  theta: Float64Array,
  x: Float32Array,
  y: Float64Array,
  l2: number,
  gradient: Float64Array,
): number {
  const rows = y.length;
  const width = theta.length - 1;
  gradient.fill(0);
  let loss = 0;
  const intercept = theta[width] as number;
  for (let i = 0; i < rows; i += 1) {
    const base = i * width;
    let z = intercept;
    for (let j = 0; j < width; j += 1) z += (x[base + j] as number) * (theta[j] as number);
    const label = y[i] as number;
    loss += softplus(z) - label * z;
    const residual = sigmoid(z) - label;
    for (let j = 0; j < width; j += 1)
      gradient[j] = (gradient[j] as number) + residual * (x[base + j] as number);
    gradient[width] = (gradient[width] as number) + residual;
  }
  let penalty = 0;
  for (let j = 0; j <= width; j += 1) {
    gradient[j] = (gradient[j] as number) / rows;
    if (j < width) {
      const w = theta[j] as number;
      penalty += w * w;
      gradient[j] = (gradient[j] as number) + l2 * w;
    }
  }
  return loss / rows + 0.5 * l2 * penalty;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i += 1) s += (a[i] as number) * (b[i] as number);
  return s;
}

/**
 * Fits weights + intercept minimising mean log-loss + (l2/2)·|w|² with L-BFGS (memory 10,
 * backtracking Armijo line search). `start` warm-starts from earlier coefficients.
 */
export function fitLogistic(
  x: Float32Array,
  y: Float64Array,
  width: number,
  l2: number,
  start?: Float64Array,
  maxIterations = 300,
): LogisticModel {
  const size = width + 1;
  const theta = start ? Float64Array.from(start) : new Float64Array(size);
  if (!start) {
    let positives = 0;
    for (const label of y) positives += label;
    const rate = Math.min(Math.max(positives / y.length, 1e-3), 1 - 1e-3);
    theta[width] = Math.log(rate / (1 - rate));
  }
  const memory = 10;
  const sHistory: Float64Array[] = [];
  const yHistory: Float64Array[] = [];
  const gradient = new Float64Array(size);
  let value = objective(theta, x, y, l2, gradient);
  const nextTheta = new Float64Array(size);
  const nextGradient = new Float64Array(size);
  const direction = new Float64Array(size);
  const alphas = new Float64Array(memory);

  for (let iteration = 0; iteration < maxIterations; iteration += 1) {
    const gradientNorm = Math.sqrt(dot(gradient, gradient));
    if (gradientNorm < 1e-6) break;
    // Two-loop recursion.
    direction.set(gradient);
    for (let k = sHistory.length - 1; k >= 0; k -= 1) {
      const s = sHistory[k] as Float64Array;
      const yk = yHistory[k] as Float64Array;
      const alpha = dot(s, direction) / dot(yk, s);
      alphas[k] = alpha;
      for (let j = 0; j < size; j += 1)
        direction[j] = (direction[j] as number) - alpha * (yk[j] as number);
    }
    if (sHistory.length > 0) {
      const s = sHistory[sHistory.length - 1] as Float64Array;
      const yk = yHistory[yHistory.length - 1] as Float64Array;
      const gamma = dot(s, yk) / dot(yk, yk);
      for (let j = 0; j < size; j += 1) direction[j] = (direction[j] as number) * gamma;
    } else {
      for (let j = 0; j < size; j += 1)
        direction[j] = (direction[j] as number) / Math.max(gradientNorm, 1);
    }
    for (let k = 0; k < sHistory.length; k += 1) {
      const s = sHistory[k] as Float64Array;
      const yk = yHistory[k] as Float64Array;
      const beta = dot(yk, direction) / dot(yk, s);
      for (let j = 0; j < size; j += 1)
        direction[j] = (direction[j] as number) + (s[j] as number) * ((alphas[k] as number) - beta);
    }
    // direction is H·g; step along −direction.
    let slope = -dot(gradient, direction);
    if (!(slope < 0)) {
      direction.set(gradient);
      slope = -dot(gradient, gradient);
      sHistory.length = 0;
      yHistory.length = 0;
    }
    let step = 1;
    let nextValue = Number.POSITIVE_INFINITY;
    for (let tries = 0; tries < 30; tries += 1) {
      for (let j = 0; j < size; j += 1)
        nextTheta[j] = (theta[j] as number) - step * (direction[j] as number);
      nextValue = objective(nextTheta, x, y, l2, nextGradient);
      if (nextValue <= value + 1e-4 * step * slope) break;
      step *= 0.5;
    }
    if (!(nextValue < value)) break;
    const s = new Float64Array(size);
    const yk = new Float64Array(size);
    for (let j = 0; j < size; j += 1) {
      s[j] = (nextTheta[j] as number) - (theta[j] as number);
      yk[j] = (nextGradient[j] as number) - (gradient[j] as number);
    }
    if (dot(s, yk) > 1e-12) {
      sHistory.push(s);
      yHistory.push(yk);
      if (sHistory.length > memory) {
        sHistory.shift();
        yHistory.shift();
      }
    }
    const improvement = value - nextValue;
    theta.set(nextTheta);
    gradient.set(nextGradient);
    value = nextValue;
    if (improvement < 1e-10 * Math.max(1, Math.abs(value))) break;
  }
  const coefficients = theta;
  return { coefficients, l2, logits: (matrix, rows) => logitsOf(coefficients, matrix, rows) };
}

export { sigmoid };
