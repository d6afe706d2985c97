import * as tf from '@tensorflow/tfjs';

/** Columns swept per step: large enough for matMul to run near peak, small for the JS pivot. */
const BLOCK = 256;

/**
 * Inverse of a small symmetric positive-definite matrix (row-major, float64) by Cholesky:
 * A = LLᵀ, then A⁻¹ = L⁻ᵀL⁻¹. Throws when A is not positive definite.
 */
export function choleskyInverse(a: Float64Array, n: number): Float64Array {
  const l = new Float64Array(n * n);
  for (let j = 0; j < n; j += 1) {
    let diagonal = a[j * n + j] as number;
    for (let k = 0; k < j; k += 1) diagonal -= (l[j * n + k] as number) ** 2;
    if (!(diagonal > 0)) throw new Error('The matrix is not positive definite.');
    const root = Math.sqrt(diagonal);
    l[j * n + j] = root;
    for (let i = j + 1; i < n; i += 1) {
      let sum = a[i * n + j] as number;
      for (let k = 0; k < j; k += 1) sum -= (l[i * n + k] as number) * (l[j * n + k] as number);
      l[i * n + j] = sum / root;
    }
  }
  // L⁻¹ by forward substitution, column by column (lower triangular).
  const inv = new Float64Array(n * n);
  for (let c = 0; c < n; c += 1) {
    for (let i = c; i < n; i += 1) {
      let sum = i === c ? 1 : 0;
      for (let k = c; k < i; k += 1) sum -= (l[i * n + k] as number) * (inv[k * n + c] as number);
      inv[i * n + c] = sum / (l[i * n + i] as number);
    }
  }
  // A⁻¹ = L⁻ᵀ L⁻¹ (symmetric).
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i += 1) {
    for (let j = 0; j <= i; j += 1) {
      let sum = 0;
      for (let k = i; k < n; k += 1) sum += (inv[k * n + i] as number) * (inv[k * n + j] as number);
      out[i * n + j] = sum;
      out[j * n + i] = sum;
    }
  }
  return out;
}

/**
 * Inverse of a symmetric positive-definite n×n matrix by the block sweep operator (Goodnight 1979):
 * sweeping pivot block K maps A to A′ with A′_KK = −P, A′_iK = A_iK·P, A′_ij = A_ij − A_iK·P·A_Kj,
 * where P = A_KK⁻¹; after every block is swept A′ = −A⁻¹. Each step is one n×b×n matMul, so the
 * whole inverse costs 2n³ flops on the active tf backend (wasm SIMD, or a GPU with tfjs-node-gpu),
 * while the b×b pivot inverses run in plain float64 JS. The input is consumed (disposed).
 */
export function spdInverse(matrix: tf.Tensor2D): tf.Tensor2D {
  const n = matrix.shape[0];
  let a: tf.Tensor2D = matrix;
  for (let start = 0; start < n; start += BLOCK) {
    const size = Math.min(BLOCK, n - start);
    const pivot = tf.tidy(() => a.slice([start, start], [size, size]));
    const pivotValues = Float64Array.from(pivot.dataSync());
    pivot.dispose();
    const p = choleskyInverse(pivotValues, size);
    const next = tf.tidy(() => {
      const pTensor = tf.tensor2d(Float32Array.from(p), [size, size]);
      const rest = n - start - size;
      const column = a.slice([0, start], [n, size]);
      const scaled = tf.matMul(column, pTensor); // D = A_·K·P, with D_K = I
      // G = A_·K − E_K: the update A − D·Gᵀ yields the swept entries outside row block K
      // (column K becomes D there). Plain matMuls only: wasm's transposed matMul is ~8× slower.
      const shifted = tf.concat(
        [
          column.slice([0, 0], [start, size]),
          tf.sub(column.slice([start, 0], [size, size]), tf.eye(size)),
          column.slice([start + size, 0], [rest, size]),
        ],
        0,
      );
      const updated = tf.sub(a, tf.matMul(scaled, tf.transpose(shifted)));
      // Row block K is Dᵀ with −P on the pivot block.
      const scaledT = tf.transpose(scaled);
      const rowBlock = tf.concat(
        [
          scaledT.slice([0, 0], [size, start]),
          tf.neg(pTensor),
          scaledT.slice([0, start + size], [size, rest]),
        ],
        1,
      );
      return tf.concat(
        [updated.slice([0, 0], [start, n]), rowBlock, updated.slice([start + size, 0], [rest, n])],
        0,
      ) as tf.Tensor2D;
    });
    a.dispose();
    a = next;
  }
  const inverse = tf.neg(a) as tf.Tensor2D;
  a.dispose();
  return inverse;
}
