import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { selectBackend } from '../src/backend';

// Own file: it switches the process-wide tf backend to wasm.
describe('selectBackend (wasm, auto)', () => {
  it('initialises the wasm backend in Node and computes with it', async () => {
    const report = await selectBackend({ prefer: 'wasm' });
    expect(report.backend).toBe('wasm');
    expect(report.provider).toBe('@tensorflow/tfjs-backend-wasm');
    expect(tf.getBackend()).toBe('wasm');
    const product = tf.tidy(() =>
      tf.matMul(tf.tensor2d([[1, 2]]), tf.tensor2d([[3], [4]])).dataSync(),
    );
    expect(Array.from(product)).toEqual([11]);
  });

  it('auto skips tfjs-node(-gpu) without a native binding and lands on wasm here', async () => {
    const report = await selectBackend();
    // On a machine with a built tfjs-node this would be 'tensorflow'; here it is not installed.
    expect(['wasm', 'tensorflow']).toContain(report.backend);
    if (report.backend === 'wasm') {
      const names = report.skipped.map((entry) => entry.name);
      expect(names).toEqual(['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node']);
      for (const entry of report.skipped) {
        expect(entry.reason).toMatch(
          /package not installed|native binding not installed|failed to load/,
        );
      }
    }
  });
});
