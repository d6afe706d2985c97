import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../test/tf-backend';
import { churnFromEvents } from './churn-from-events';
import { syntheticEventLog } from './synthetic';

beforeAll(async () => {
  await selectBackend({ prefer: 'wasm' });
});

describe('churn on the wasm backend', () => {
  it('trains deterministically under a seed without leaking tensors', async () => {
    const { events } = syntheticEventLog({ users: 300, events: 9000, days: 200, seed: 8 });
    const options = { epochs: 4, seed: 11, maxCutoffs: 3, windowDays: 21 };
    const before = tf.memory().numTensors;
    const first = await churnFromEvents(events, options);
    const second = await churnFromEvents(events, options);
    expect(tf.memory().numTensors).toBe(before);
    expect(first.report.backend).toBe('wasm');
    expect(first.report.windowDays).toBe(21);
    expect(second.scores).toEqual(first.scores);
  }, 40_000);
});
