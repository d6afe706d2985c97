import * as tf from '@tensorflow/tfjs';

/**
 * A plain-JavaScript `UnsortedSegmentSum` kernel for the `wasm` and `cpu` backends.
 *
 * The gradient of `tf.gather` (embedding lookups) is an `UnsortedSegmentSum`. The wasm backend has
 * no such kernel (training fails with "Kernel 'UnsortedSegmentSum' not registered"), and the cpu
 * backend's built-in one is unusably slow on embedding tables (it builds a one-hot mask per
 * segment: O(segments × rows × width)). This one is a single pass over the rows: O(rows × width +
 * segments × width), deterministic (fixed summation order).
 */

const KERNEL_NAME = 'UnsortedSegmentSum';
export const SEGMENT_SUM_BACKENDS = ['wasm', 'cpu'] as const;
export type SegmentSumBackend = (typeof SEGMENT_SUM_BACKENDS)[number];

/** The pieces of the wasm and cpu backends this kernel touches. */
interface ReadableBackend {
  readSync(dataId: tf.TensorInfo['dataId']): unknown;
}
interface WasmLikeBackend extends ReadableBackend {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array | Int32Array | Uint8Array;
}
interface CpuLikeBackend extends ReadableBackend {
  makeTensorInfo(shape: number[], dtype: tf.DataType, values: Float32Array): tf.TensorInfo;
}

function segmentSum(
  values: ArrayLike<number>,
  ids: ArrayLike<number>,
  numSegments: number,
  out: Float32Array | Int32Array,
): void {
  const rows = ids.length;
  const width = rows === 0 ? 0 : values.length / rows;
  out.fill(0);
  for (let r = 0; r < rows; r += 1) {
    const segment = ids[r] as number;
    // Like TensorFlow: ids outside [0, numSegments) are dropped.
    if (segment < 0 || segment >= numSegments) continue;
    const src = r * width;
    const dst = segment * width;
    for (let c = 0; c < width; c += 1)
      out[dst + c] = (out[dst + c] as number) + (values[src + c] as number);
  }
}

const kernelFunc = ((args: {
  inputs: tf.NamedTensorInfoMap;
  backend: unknown;
  attrs?: tf.NamedAttrMap;
}): tf.TensorInfo => {
  const x = args.inputs.x as tf.TensorInfo;
  const segmentIds = args.inputs.segmentIds as tf.TensorInfo;
  const numSegments = Number(args.attrs?.numSegments);
  const backend = args.backend as ReadableBackend;
  const values = backend.readSync(x.dataId) as ArrayLike<number>;
  const ids = backend.readSync(segmentIds.dataId) as ArrayLike<number>;
  const outShape = [numSegments, ...x.shape.slice(segmentIds.shape.length)];
  const dtype = x.dtype === 'int32' ? 'int32' : 'float32';
  if (typeof (backend as Partial<WasmLikeBackend>).typedArrayFromHeap === 'function') {
    const wasm = backend as WasmLikeBackend;
    const out = wasm.makeOutput(outShape, dtype);
    segmentSum(values, ids, numSegments, wasm.typedArrayFromHeap(out) as Float32Array);
    return out;
  }
  const size = tf.util.sizeFromShape(outShape);
  const out = new Float32Array(size);
  segmentSum(values, ids, numSegments, out);
  if (dtype === 'int32') {
    return (backend as CpuLikeBackend).makeTensorInfo(
      outShape,
      dtype,
      Int32Array.from(out) as never,
    );
  }
  return (backend as CpuLikeBackend).makeTensorInfo(outShape, dtype, out);
}) as unknown as tf.KernelFunc;

/** Built-in kernels replaced by ours, so `unregisterSegmentSumKernel` can restore them. */
const replaced = new Map<SegmentSumBackend, tf.KernelConfig>();

/** True when the active registration for `backend` is this module's kernel. */
export function isSegmentSumKernelRegistered(backend: SegmentSumBackend): boolean {
  return tf.getKernel(KERNEL_NAME, backend)?.kernelFunc === kernelFunc;
}

/**
 * Registers the fast `UnsortedSegmentSum` kernel for the given backends (default: wasm and cpu),
 * replacing a built-in one if there is one (cpu). Idempotent: safe to call before every fit.
 */
export function registerSegmentSumKernel(
  backends: readonly SegmentSumBackend[] = SEGMENT_SUM_BACKENDS,
): void {
  for (const backendName of backends) {
    if (isSegmentSumKernelRegistered(backendName)) continue;
    const existing = tf.getKernel(KERNEL_NAME, backendName);
    if (existing !== undefined) {
      replaced.set(backendName, existing);
      tf.unregisterKernel(KERNEL_NAME, backendName);
    }
    tf.registerKernel({ kernelName: KERNEL_NAME, backendName, kernelFunc });
  }
}

/**
 * Removes this module's kernel and restores the built-in one where there was one (for benchmarks
 * that measure the difference). Idempotent.
 */
export function unregisterSegmentSumKernel(
  backends: readonly SegmentSumBackend[] = SEGMENT_SUM_BACKENDS,
): void {
  for (const backendName of backends) {
    if (!isSegmentSumKernelRegistered(backendName)) continue;
    tf.unregisterKernel(KERNEL_NAME, backendName);
    const original = replaced.get(backendName);
    if (original !== undefined) {
      tf.registerKernel(original);
      replaced.delete(backendName);
    }
  }
}
