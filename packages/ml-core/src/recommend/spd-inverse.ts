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
 * Inverse of a symmetric positive-definite n×n matrix (row-major float32, overwritten with the
 * result and returned) by the block sweep operator (Goodnight 1979): sweeping pivot block K maps
 * A to A′ with A′_KK = −P, A′_iK = A_iK·P, A′_Kj = P·A_Kj, A′_ij = A_ij − A_iK·P·A_Kj, where
 * P = A_KK⁻¹; after every block is swept A′ = −A⁻¹. Each step's rank-b update is one n×b×n matMul
 * on the tf backend (wasm SIMD, or a GPU with tfjs-node-gpu), so the inverse costs 2n³ flops; the
 * n² bookkeeping stays in plain typed arrays because whole-matrix slices and concats on the wasm
 * backend cost more than the matMul itself, and the b×b pivot inverses run in float64 JS.
 */
export function spdInverse(a: Float32Array, n: number): Float32Array {
  for (let start = 0; start < n; start += BLOCK) {
    const size = Math.min(BLOCK, n - start);
    const pivot = new Float64Array(size * size);
    for (let r = 0; r < size; r += 1)
      for (let c = 0; c < size; c += 1)
        pivot[r * size + c] = a[(start + r) * n + start + c] as number;
    const p = Float32Array.from(choleskyInverse(pivot, size));
    // C = A_·K (n×b) and G = C − E_K (the pivot rows minus the identity).
    const column = new Float32Array(n * size);
    for (let i = 0; i < n; i += 1)
      for (let c = 0; c < size; c += 1) column[i * size + c] = a[i * n + start + c] as number;
    const shifted = column.slice();
    for (let r = 0; r < size; r += 1)
      shifted[(start + r) * size + r] = (shifted[(start + r) * size + r] as number) - 1;
    const [scaled, update] = tf.tidy(() => {
      const d = tf.matMul(tf.tensor2d(column, [n, size]), tf.tensor2d(p, [size, size]));
      // Plain matMul with an explicit transpose: wasm's transposed matMul is ~8× slower.
      const u = tf.matMul(d, tf.transpose(tf.tensor2d(shifted, [n, size])));
      return [d, u];
    });
    const dValues = scaled.dataSync() as Float32Array;
    const uValues = update.dataSync() as Float32Array;
    tf.dispose([scaled, update]);
    // A − D·Gᵀ: the swept entries everywhere but row block K (column K becomes D there) ...
    for (let x = 0; x < n * n; x += 1) a[x] = (a[x] as number) - (uValues[x] as number);
    // ... and row block K is Dᵀ, with −P on the pivot block.
    for (let r = 0; r < size; r += 1) {
      const row = (start + r) * n;
      for (let j = 0; j < n; j += 1) a[row + j] = dValues[j * size + r] as number;
      for (let c = 0; c < size; c += 1) a[row + start + c] = -(p[r * size + c] as number);
    }
  }
  for (let x = 0; x < n * n; x += 1) a[x] = -(a[x] as number);
  return a;
}
