/**
 * The tf backend for ml-core's own tests and benchmarks. ml-core never chooses a backend: the
 * trainer does (apps/trainer/src/backend.ts, with tfjs-node-gpu → tfjs-node → wasm → cpu). Here
 * only the two pure-JS backends exist, so this activates cpu or wasm (`auto` = wasm).
 */
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import * as tf from '@tensorflow/tfjs';

export interface TestBackend {
  backend: string;
  provider: string;
}

let wasmPathSet = false;

/** Activates the cpu or wasm backend and says which is active. */
export async function selectBackend(
  options: { prefer?: 'auto' | 'wasm' | 'cpu' } = {},
): Promise<TestBackend> {
  if (options.prefer === 'cpu') {
    await tf.setBackend('cpu');
    await tf.ready();
    return { backend: tf.getBackend(), provider: 'cpu' };
  }
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  if (!wasmPathSet) {
    // The package's main entry lives in dist/, beside the .wasm files; set before setBackend.
    wasm.setWasmPaths(
      `${dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm'))}/`,
    );
    wasmPathSet = true;
  }
  if (!(await tf.setBackend('wasm'))) throw new Error('The wasm backend did not initialise.');
  await tf.ready();
  return { backend: tf.getBackend(), provider: '@tensorflow/tfjs-backend-wasm' };
}
