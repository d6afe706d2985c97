import * as tf from '@tensorflow/tfjs';
import { createRandom } from '../common/random';
import { embeddingNeighbours } from './embedding-neighbours';
import { transpose, type CsrMatrix } from './interactions';
import type { ItemScorer } from './ranking';

export interface IalsParams {
  /** Latent dimensions. */
  dim: number;
  /** Confidence of an observed pair: 1 + alpha·log(1 + weight). */
  alpha: number;
  /** L2 penalty on every factor vector. */
  lambda: number;
}

/** A copy of an ImplicitAls's factors after some sweeps. */
export interface IalsSnapshot {
  users: Float64Array;
  items: Float64Array;
  sweeps: number;
}

/** Conjugate-gradient steps per vector and sweep (warm-started from the previous sweep). */
const CG_STEPS = 3;

/**
 * Implicit-feedback ALS (Hu, Koren & Volinsky 2008) solved by conjugate gradient (Takács,
 * Pilászy & Tikk 2011): every unobserved pair is a zero with confidence 1, every observed pair a
 * one with confidence 1 + α·log(1 + w). Each half-sweep solves, per user (then per item),
 * (YᵀY + Σ_i (c_i − 1)·y_i·y_iᵀ + λI)·x = Σ_i c_i·y_i with a few CG steps from the previous
 * solution, in plain Float64Arrays (the sparse sums dominate and typed-array loops beat tensor
 * ops there). Scoring all items for a batch of users is one matMul on the tf backend.
 */
export class ImplicitAls implements ItemScorer {
  readonly items: number;
  readonly userFactors: Float64Array;
  readonly itemFactors: Float64Array;
  sweeps = 0;
  private readonly byItem: CsrMatrix;
  private itemTensor: tf.Tensor2D | null = null;

  constructor(
    private readonly matrix: CsrMatrix,
    readonly params: IalsParams,
    seed: number,
  ) {
    this.items = matrix.cols;
    this.byItem = transpose(matrix);
    const random = createRandom(seed);
    const scale = 0.1 / Math.sqrt(params.dim);
    this.userFactors = Float64Array.from({ length: matrix.rows * params.dim }, () => 0);
    this.itemFactors = Float64Array.from(
      { length: matrix.cols * params.dim },
      () => scale * random.normal(),
    );
  }

  /** One alternating sweep: users given items, then items given users. */
  sweep(): void {
    const { dim, alpha, lambda } = this.params;
    solveSide(this.matrix, this.userFactors, this.itemFactors, dim, alpha, lambda);
    solveSide(this.byItem, this.itemFactors, this.userFactors, dim, alpha, lambda);
    this.sweeps += 1;
    this.itemTensor?.dispose();
    this.itemTensor = null;
  }

  /**
   * Copies of the factor tables, to return to after sweeps that did not help; written into `into`
   * (an earlier snapshot of this model) when given, so that a newer best sweep replaces the old
   * copy without a second one alive (the user table is users × dim float64s: 290 MB at 570k).
   */
  snapshot(into?: IalsSnapshot): IalsSnapshot {
    if (into === undefined)
      return {
        users: this.userFactors.slice(),
        items: this.itemFactors.slice(),
        sweeps: this.sweeps,
      };
    into.users.set(this.userFactors);
    into.items.set(this.itemFactors);
    into.sweeps = this.sweeps;
    return into;
  }

  restore(saved: IalsSnapshot): void {
    this.userFactors.set(saved.users);
    this.itemFactors.set(saved.items);
    this.sweeps = saved.sweeps;
    this.itemTensor?.dispose();
    this.itemTensor = null;
  }

  scoreUsers(users: Int32Array, out: Float32Array): void {
    const { dim } = this.params;
    this.itemTensor ??= tf.tensor2d(Float32Array.from(this.itemFactors), [this.items, dim]);
    const batch = new Float32Array(users.length * dim);
    users.forEach((u, b) => batch.set(this.userFactors.subarray(u * dim, (u + 1) * dim), b * dim));
    const itemTensor = this.itemTensor;
    const scores = tf.tidy(() =>
      tf.matMul(tf.tensor2d(batch, [users.length, dim]), itemTensor, false, true),
    );
    out.set(scores.dataSync(), 0);
    scores.dispose();
  }

  /** The history item closest to each candidate in the latent space (cosine), or −1. */
  explain(user: number, candidates: Int32Array): Int32Array {
    const { dim } = this.params;
    const { matrix, itemFactors } = this;
    return Int32Array.from(candidates, (j) => {
      let best = -1;
      let bestCosine = 0;
      for (let p = matrix.indptr[user] as number; p < (matrix.indptr[user + 1] as number); p += 1) {
        const i = matrix.indices[p] as number;
        const cosine = cosineOf(itemFactors, i, j, dim);
        if (cosine > bestCosine) {
          bestCosine = cosine;
          best = i;
        }
      }
      return best;
    });
  }

  /** Items closest in the latent space (cosine). */
  similarItems(k: number): { index: number; score: number }[][] {
    return embeddingNeighbours(Float32Array.from(this.itemFactors), this.items, k);
  }

  dispose(): void {
    this.itemTensor?.dispose();
    this.itemTensor = null;
  }
}

function cosineOf(factors: Float64Array, i: number, j: number, dim: number): number {
  let dot = 0;
  let ni = 0;
  let nj = 0;
  for (let d = 0; d < dim; d += 1) {
    const a = factors[i * dim + d] as number;
    const b = factors[j * dim + d] as number;
    dot += a * b;
    ni += a * a;
    nj += b * b;
  }
  return ni > 0 && nj > 0 ? dot / Math.sqrt(ni * nj) : 0;
}

/** Gram matrix FᵀF (dim×dim) of a factor table. */
function gramOf(factors: Float64Array, dim: number): Float64Array {
  const gram = new Float64Array(dim * dim);
  const rows = factors.length / dim;
  for (let r = 0; r < rows; r += 1) {
    const base = r * dim;
    for (let a = 0; a < dim; a += 1) {
      const fa = factors[base + a] as number;
      if (fa === 0) continue;
      for (let b = 0; b < dim; b += 1)
        gram[a * dim + b] = (gram[a * dim + b] as number) + fa * (factors[base + b] as number);
    }
  }
  return gram;
}

/**
 * Updates every row vector of `solve` (one per CSR row of `matrix`) against the fixed `other`
 * vectors by CG_STEPS of conjugate gradient on its normal equations.
 */
function solveSide(
  matrix: CsrMatrix,
  solve: Float64Array,
  other: Float64Array,
  dim: number,
  alpha: number,
  lambda: number,
): void {
  const gram = gramOf(other, dim);
  const x = new Float64Array(dim);
  const r = new Float64Array(dim);
  const p = new Float64Array(dim);
  const ap = new Float64Array(dim);
  // A·v = (gram + λI)·v + Σ_i (c_i − 1)(y_i·v)·y_i, written into `into`.
  const multiply = (row: number, v: Float64Array, into: Float64Array): void => {
    for (let a = 0; a < dim; a += 1) {
      let sum = lambda * (v[a] as number);
      for (let b = 0; b < dim; b += 1) sum += (gram[a * dim + b] as number) * (v[b] as number);
      into[a] = sum;
    }
    for (let q = matrix.indptr[row] as number; q < (matrix.indptr[row + 1] as number); q += 1) {
      const base = (matrix.indices[q] as number) * dim;
      const extra = alpha * Math.log1p(matrix.weights[q] as number);
      let dot = 0;
      for (let d = 0; d < dim; d += 1) dot += (other[base + d] as number) * (v[d] as number);
      const scale = extra * dot;
      for (let d = 0; d < dim; d += 1)
        into[d] = (into[d] as number) + scale * (other[base + d] as number);
    }
  };
  for (let row = 0; row < matrix.rows; row += 1) {
    const begin = matrix.indptr[row] as number;
    const end = matrix.indptr[row + 1] as number;
    const base = row * dim;
    if (begin === end) {
      solve.fill(0, base, base + dim);
      continue;
    }
    for (let d = 0; d < dim; d += 1) x[d] = solve[base + d] as number;
    // r = b − A·x with b = Σ_i c_i·y_i.
    multiply(row, x, ap);
    r.fill(0);
    for (let q = begin; q < end; q += 1) {
      const item = (matrix.indices[q] as number) * dim;
      const confidence = 1 + alpha * Math.log1p(matrix.weights[q] as number);
      for (let d = 0; d < dim; d += 1)
        r[d] = (r[d] as number) + confidence * (other[item + d] as number);
    }
    let rsOld = 0;
    for (let d = 0; d < dim; d += 1) {
      r[d] = (r[d] as number) - (ap[d] as number);
      p[d] = r[d] as number;
      rsOld += (r[d] as number) ** 2;
    }
    for (let step = 0; step < CG_STEPS && rsOld > 1e-20; step += 1) {
      multiply(row, p, ap);
      let pAp = 0;
      for (let d = 0; d < dim; d += 1) pAp += (p[d] as number) * (ap[d] as number);
      const stepSize = rsOld / pAp;
      let rsNew = 0;
      for (let d = 0; d < dim; d += 1) {
        x[d] = (x[d] as number) + stepSize * (p[d] as number);
        r[d] = (r[d] as number) - stepSize * (ap[d] as number);
        rsNew += (r[d] as number) ** 2;
      }
      const ratio = rsNew / rsOld;
      for (let d = 0; d < dim; d += 1) p[d] = (r[d] as number) + ratio * (p[d] as number);
      rsOld = rsNew;
    }
    for (let d = 0; d < dim; d += 1) solve[base + d] = x[d] as number;
  }
}
