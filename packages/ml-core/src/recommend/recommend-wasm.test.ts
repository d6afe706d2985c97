import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { selectBackend } from '../../test/tf-backend';
import { recommendFromInteractions } from './recommend-from-interactions';
import { syntheticInteractions } from './synthetic';

// Own file: it switches the process-wide tf backend to wasm.
describe('recommendFromInteractions (wasm)', () => {
  it('trains MF on wasm (Embedding gradient via the registered kernel), deterministic, no leaks', async () => {
    const report = await selectBackend({ prefer: 'wasm' });
    expect(report.backend).toBe('wasm');
    const data = syntheticInteractions({
      interactions: 5000,
      users: 150,
      items: 120,
      clusters: 5,
      seed: 9,
    });
    const before = tf.memory().numTensors;
    const options = { seed: 1, epochs: 4, candidates: ['popularity' as const, 'mf' as const] };
    const a = await recommendFromInteractions(data, options);
    expect(tf.memory().numTensors).toBe(before);
    const b = await recommendFromInteractions(data, options);
    expect(a.report.backend).toBe('wasm');
    expect(b.recommendations).toEqual(a.recommendations);
    const mf = a.report.candidates.find((c) => c.name === 'mf')!;
    expect(mf.ndcg10).toBeGreaterThan(0);
  });
});
