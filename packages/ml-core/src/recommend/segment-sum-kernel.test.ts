import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../test/tf-backend';
import { lookupRows, poolRows, registerEmbeddingKernels } from './embedding-ops';
import {
  isSegmentSumKernelRegistered,
  registerSegmentSumKernel,
  unregisterSegmentSumKernel,
} from './segment-sum-kernel';

beforeAll(async () => {
  await selectBackend({ prefer: 'cpu' });
});
afterAll(() => registerSegmentSumKernel());

const x = () => tf.tensor2d([1, 2, 3, 4, 5, 6, 7, 8], [4, 2]);
const ids = () => tf.tensor1d([2, 0, 2, 1], 'int32');

describe('UnsortedSegmentSum kernel', () => {
  it('matches the built-in cpu kernel, registers idempotently and restores the built-in', () => {
    unregisterSegmentSumKernel();
    expect(isSegmentSumKernelRegistered('cpu')).toBe(false);
    const builtIn = tf.tidy(() => tf.unsortedSegmentSum(x(), ids(), 4).arraySync());
    registerSegmentSumKernel();
    registerSegmentSumKernel();
    expect(isSegmentSumKernelRegistered('cpu')).toBe(true);
    expect(isSegmentSumKernelRegistered('wasm')).toBe(true);
    const ours = tf.tidy(() => tf.unsortedSegmentSum(x(), ids(), 4).arraySync());
    expect(ours).toEqual(builtIn);
    expect(ours).toEqual([
      [3, 4],
      [7, 8],
      [6, 8],
      [0, 0],
    ]);
  });

  it('gives lookupRows / poolRows the same values and gradients as gather / segment sum', () => {
    registerEmbeddingKernels();
    const before = tf.memory().numTensors;
    const table = tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2]);
    const index = tf.tensor1d([2, 0, 2], 'int32');
    const segments = tf.tensor1d([1, 0, 1], 'int32');
    const w = tf.tensor2d([1, -1, 2, 0.5, 3, 1], [3, 2]);
    const ours = (t: tf.Tensor) =>
      tf.sum(
        tf.mul(
          poolRows(lookupRows(t as tf.Tensor2D, index), segments, 2),
          tf.tensor2d([1, 2, 3, 4], [2, 2]),
        ),
      );
    const reference = (t: tf.Tensor) =>
      tf.sum(
        tf.mul(
          tf.unsortedSegmentSum(tf.gather(t, index), segments, 2),
          tf.tensor2d([1, 2, 3, 4], [2, 2]),
        ),
      );
    const [a, b] = tf.tidy(() => [
      tf.grad(ours)(table).arraySync(),
      tf.grad(reference)(table).arraySync(),
    ]);
    expect(a).toEqual(b);
    expect(tf.tidy(() => lookupRows(w, index).arraySync())).toEqual([
      [3, 1],
      [1, -1],
      [3, 1],
    ]);
    tf.dispose([table, index, segments, w]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
