import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { findNativeBinding, selectBackend } from '../src/backend';

describe('selectBackend', () => {
  it('selects cpu when asked and reports the others as not tried', async () => {
    const report = await selectBackend({ prefer: 'cpu' });
    expect(report.backend).toBe('cpu');
    expect(report.provider).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    expect(report.skipped.map((entry) => entry.name)).toEqual([
      '@tensorflow/tfjs-node-gpu',
      '@tensorflow/tfjs-node',
      '@tensorflow/tfjs-backend-wasm',
    ]);
  });

  it('is idempotent: a second call returns the cached report', async () => {
    const first = await selectBackend({ prefer: 'cpu' });
    const second = await selectBackend({ prefer: 'cpu' });
    expect(second).toBe(first);
  });
});

describe('findNativeBinding', () => {
  const root = mkdtempSync(join(tmpdir(), 'ml-core-binding-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('finds lib/<napi>/tfjs_binding.node and returns null when it is missing', () => {
    const withBinding = join(root, 'built');
    mkdirSync(join(withBinding, 'lib', 'napi-v8'), { recursive: true });
    writeFileSync(join(withBinding, 'lib', 'napi-v8', 'tfjs_binding.node'), '');
    expect(findNativeBinding(withBinding)).toBe(
      join(withBinding, 'lib', 'napi-v8', 'tfjs_binding.node'),
    );

    const unbuilt = join(root, 'unbuilt');
    mkdirSync(join(unbuilt, 'lib', 'napi-v8'), { recursive: true });
    expect(findNativeBinding(unbuilt)).toBeNull();
    expect(findNativeBinding(join(root, 'absent'))).toBeNull();
  });
});
