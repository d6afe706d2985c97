import * as tf from '@tensorflow/tfjs';
import { registerSegmentSumKernel } from './segment-sum-kernel';

/**
 * Embedding lookups and pooling for the wasm and cpu backends, with fast gradients:
 * - `lookupRows(table, ids)` = `tf.gather(table, ids)` (axis 0), gradient UnsortedSegmentSum;
 * - `poolRows(x, segments, n)` = `tf.unsortedSegmentSum(x, segments, n)`, gradient a row lookup.
 *
 * Why not tf.gather itself: on wasm its kernel checks every index in JS with a closure and then
 * copies element by element, and its gradient path (gatherDropNegatives: maximum, greaterEqual,
 * logicalAnd with a ones tensor, where) added more; measured on the MF epoch it was ~75% of the
 * time. Here both directions are one pass of row copies / row sums in plain JS. Other backends
 * (tensorflow) use the built-in ops.
 */

const ROW_GATHER = 'ForesightRowGather';

interface HeapBackend {
  readSync(dataId: tf.TensorInfo['dataId']): unknown;
  makeOutput?(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap?(info: tf.TensorInfo): Float32Array;
  makeTensorInfo?(shape: number[], dtype: tf.DataType, values: Float32Array): tf.TensorInfo;
}

function copyRows(
  table: ArrayLike<number>,
  ids: ArrayLike<number>,
  width: number,
  rows: number,
  out: Float32Array,
): void {
  for (let r = 0; r < ids.length; r += 1) {
    const id = ids[r] as number;
    if (id < 0 || id >= rows) {
      throw new Error(`lookupRows: index ${id} is not in [0, ${rows - 1}]`);
    }
    const src = id * width;
    const dst = r * width;
    for (let c = 0; c < width; c += 1) out[dst + c] = table[src + c] as number;
  }
}

const rowGatherKernel = ((args: {
  inputs: tf.NamedTensorInfoMap;
  backend: unknown;
}): tf.TensorInfo => {
  const x = args.inputs.x as tf.TensorInfo;
  const indices = args.inputs.indices as tf.TensorInfo;
  const backend = args.backend as HeapBackend;
  const rows = x.shape[0] as number;
  const width = rows === 0 ? 0 : tf.util.sizeFromShape(x.shape) / rows;
  const ids = backend.readSync(indices.dataId) as Int32Array;
  const outShape = [ids.length, ...x.shape.slice(1)];
  if (backend.makeOutput !== undefined && backend.typedArrayFromHeap !== undefined) {
    const out = backend.makeOutput(outShape, 'float32');
    // Views after makeOutput: allocating can grow (and move) the wasm heap.
    const table = backend.typedArrayFromHeap(x);
    copyRows(table, ids, width, rows, backend.typedArrayFromHeap(out));
    return out;
  }
  const table = backend.readSync(x.dataId) as Float32Array;
  const out = new Float32Array(ids.length * width);
  copyRows(table, ids, width, rows, out);
  return (backend.makeTensorInfo as NonNullable<HeapBackend['makeTensorInfo']>)(
    outShape,
    'float32',
    out,
  );
}) as unknown as tf.KernelFunc;

function fastBackend(): boolean {
  const name = tf.getBackend();
  return name === 'wasm' || name === 'cpu';
}

/** Registers the row-gather kernel (and the fast UnsortedSegmentSum) for wasm and cpu. Idempotent. */
export function registerEmbeddingKernels(): void {
  registerSegmentSumKernel();
  for (const backendName of ['wasm', 'cpu']) {
    if (tf.getKernel(ROW_GATHER, backendName) === undefined) {
      tf.registerKernel({ kernelName: ROW_GATHER, backendName, kernelFunc: rowGatherKernel });
    }
  }
}

function runRowGather(table: tf.Tensor, ids: tf.Tensor): tf.Tensor {
  return tf.engine().runKernel(ROW_GATHER, { x: table, indices: ids }) as tf.Tensor;
}

/** `tf.gather(table, ids)` along axis 0 (float32 table, int32 ids) with a fast gradient. */
export function lookupRows<R extends tf.Rank>(table: tf.Tensor<R>, ids: tf.Tensor1D): tf.Tensor<R> {
  if (!fastBackend()) return tf.gather(table, ids);
  const rows = table.shape[0] as number;
  const op = tf.customGrad(((x: tf.Tensor, indices: tf.Tensor) => ({
    value: runRowGather(x, indices),
    gradFunc: (dy: tf.Tensor) => [
      tf.unsortedSegmentSum(dy, indices as tf.Tensor1D, rows),
      tf.zerosLike(indices),
    ],
  })) as unknown as Parameters<typeof tf.customGrad>[0]);
  return op(table, ids) as tf.Tensor<R>;
}

/** `tf.unsortedSegmentSum(x, segments, n)` (float32 x, int32 1-D segments) with a fast gradient. */
export function poolRows(x: tf.Tensor2D, segments: tf.Tensor1D, n: number): tf.Tensor2D {
  if (!fastBackend()) return tf.unsortedSegmentSum(x, segments, n);
  const op = tf.customGrad(((values: tf.Tensor, ids: tf.Tensor) => ({
    value: tf.unsortedSegmentSum(values, ids as tf.Tensor1D, n),
    gradFunc: (dy: tf.Tensor) => [runRowGather(dy, ids), tf.zerosLike(ids)],
  })) as unknown as Parameters<typeof tf.customGrad>[0]);
  return op(x, segments) as tf.Tensor2D;
}
