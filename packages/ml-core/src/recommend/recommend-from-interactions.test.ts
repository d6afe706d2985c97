import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../test/tf-backend';
import { RecommendInputError } from './errors';
import { recommendFromInteractions } from './recommend-from-interactions';
import { syntheticInteractions } from './synthetic';
import type { RecommendResult } from './types';

const data = syntheticInteractions({
  interactions: 6000,
  users: 200,
  items: 150,
  clusters: 6,
  seed: 3,
});
let first: RecommendResult;

beforeAll(async () => {
  await selectBackend({ prefer: 'cpu' });
  first = await recommendFromInteractions(data, { seed: 5, epochs: 12 });
});

describe('recommendFromInteractions (cpu)', () => {
  it('reports every candidate and a leave-last-out evaluation', () => {
    const { report } = first;
    expect(report.candidates.map((c) => c.name)).toEqual([
      'popularity',
      'item_knn',
      'rp3beta',
      'ease',
      'ials',
      'ensemble',
    ]);
    const ensemble = report.candidates.find((c) => c.name === 'ensemble')!;
    expect(ensemble.components).toHaveLength(2);
    expect([0.3, 0.5, 0.7]).toContain(ensemble.params!.weight);
    expect(report.users).toBe(200);
    expect(report.items).toBeLessThanOrEqual(150);
    expect(report.evaluatedUsers).toBe(200);
    expect(report.backend).toBe('cpu');
    for (const c of report.candidates) {
      expect(c.hr10).toBeGreaterThanOrEqual(c.ndcg10);
      expect(c.coverage).toBeGreaterThan(0);
    }
    // The leader, or a simpler model within one standard error of it.
    const best = Math.max(...report.candidates.map((c) => c.ndcg10));
    const chosen = report.candidates.find((c) => c.name === report.chosen)!;
    expect(chosen.ndcg10).toBeGreaterThan(best - 0.05);
    expect(report.selection).toMatch(/chosen/);
    for (const c of report.candidates.filter((c) => c.name !== 'popularity'))
      expect(c.configurations).toBeGreaterThanOrEqual(1);
    expect(report.params).toEqual(chosen.params);
  });

  it('every personalised candidate beats popularity on clustered data', () => {
    const byName = Object.fromEntries(first.report.candidates.map((c) => [c.name, c]));
    for (const name of ['item_knn', 'rp3beta', 'ease', 'ials', 'ensemble'])
      expect(byName[name]!.ndcg10).toBeGreaterThan(byName.popularity!.ndcg10 * 1.2);
  });

  it("explains each recommendation with an item from the user's own history", () => {
    const history = new Map<string, Set<string>>();
    data.users.forEach((u, r) => {
      if (!history.has(u)) history.set(u, new Set());
      history.get(u)!.add(data.items[r]!);
    });
    let explained = 0;
    for (const { user, items } of first.recommendations) {
      for (const { because } of items) {
        if (because === undefined) continue;
        explained += 1;
        expect(history.get(user)!.has(because)).toBe(true);
      }
    }
    expect(explained).toBeGreaterThan(first.recommendations.length * 5);
  });

  it('never recommends an item the user interacted with, k per user, best first', () => {
    const seen = new Map<string, Set<string>>();
    data.users.forEach((u, r) => {
      if (!seen.has(u)) seen.set(u, new Set());
      seen.get(u)!.add(data.items[r]!);
    });
    expect(first.recommendations).toHaveLength(200);
    for (const { user, items } of first.recommendations) {
      expect(items).toHaveLength(10);
      for (const { item } of items) expect(seen.get(user)!.has(item)).toBe(false);
      for (let r = 1; r < items.length; r += 1)
        expect(items[r]!.score).toBeLessThanOrEqual(items[r - 1]!.score);
    }
  });

  it('gives cold users the most popular items and every item similar items', () => {
    const counts = new Map<string, number>();
    for (const item of data.items) counts.set(item, (counts.get(item) ?? 0) + 1);
    const top = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]![0];
    expect(first.popular).toHaveLength(10);
    expect(first.popular[0]!.item).toBe(top);
    expect(first.similarItems).toHaveLength(first.report.items);
    for (const { item, similar } of first.similarItems) {
      expect(similar.length).toBe(10);
      expect(similar.some((s) => s.item === item)).toBe(false);
    }
  });

  it('is deterministic under a seed and frees every tensor', async () => {
    const before = tf.memory().numTensors;
    const again = await recommendFromInteractions(data, { seed: 5, epochs: 12 });
    expect(tf.memory().numTensors).toBe(before);
    expect(again.recommendations).toEqual(first.recommendations);
    expect(again.similarItems).toEqual(first.similarItems);
    expect(again.report.candidates.map(({ fitMs: _, ...c }) => c)).toEqual(
      first.report.candidates.map(({ fitMs: _, ...c }) => c),
    );
  });

  it('serves item-kNN when it wins without MF, with co-occurrence similar items', async () => {
    const knn = await recommendFromInteractions(data, {
      candidates: ['popularity', 'item_knn'],
      k: 5,
      similarK: 0,
    });
    expect(knn.report.chosen).toBe('item_knn');
    expect(knn.recommendations.every((r) => r.items.length === 5)).toBe(true);
    expect(knn.similarItems.every((s) => s.similar.length === 0)).toBe(true);
    const withSimilar = await recommendFromInteractions(data, {
      candidates: ['popularity', 'item_knn'],
    });
    expect(withSimilar.similarItems[0]!.similar.length).toBeGreaterThan(0);
  });

  it('serves the blend when asked, refitting both of its models', async () => {
    const before = tf.memory().numTensors;
    const blended = await recommendFromInteractions(data, {
      candidates: ['ials', 'ease', 'ensemble'],
      seed: 5,
    });
    expect(tf.memory().numTensors).toBe(before);
    const ensemble = blended.report.candidates.find((c) => c.name === 'ensemble')!;
    expect(ensemble.components!.sort()).toEqual(['ease', 'ials']);
    expect(blended.recommendations[0]!.items).toHaveLength(10);
  });

  it('reports progress that only moves forward, from 0 to 1', async () => {
    const values: number[] = [];
    await recommendFromInteractions(data, {
      candidates: ['popularity', 'item_knn', 'ease', 'ials'],
      onProgress: (p) => values.push(p.progress ?? -1),
    });
    expect(values[0]).toBe(0);
    expect(values.at(-1)).toBe(1);
    for (let i = 1; i < values.length; i += 1)
      expect(values[i]).toBeGreaterThanOrEqual(values[i - 1]!);
  });

  it('reports MF progress per epoch', async () => {
    const phases: string[] = [];
    const epochs: number[] = [];
    await recommendFromInteractions(data, {
      epochs: 2,
      candidates: ['popularity', 'mf'],
      onProgress: (p) => {
        phases.push(p.phase);
        if (p.phase === 'validate:mf' && p.epoch !== undefined) {
          epochs.push(p.epoch);
          expect(p.loss).toBeGreaterThan(0);
          expect(p.valNdcg10).toBeGreaterThanOrEqual(0);
        }
      },
    });
    expect(epochs).toEqual([1, 2]);
    expect(phases[0]).toBe('prepare');
    expect(phases.at(-1)).toBe('done');
  });

  it('stops at the next epoch when cancelled, freeing its tensors', async () => {
    const before = tf.memory().numTensors;
    const controller = new AbortController();
    const run = recommendFromInteractions(data, {
      candidates: ['popularity', 'mf'],
      signal: controller.signal,
      onProgress: (p) => {
        if (p.epoch === 1) controller.abort(new Error('cancelled by user'));
      },
    });
    await expect(run).rejects.toThrow('cancelled by user');
    expect(tf.memory().numTensors).toBe(before);
  });

  it('throws RecommendInputError with a fix-it message', async () => {
    await expect(
      recommendFromInteractions({ users: ['a', 'a'], items: ['x', 'y'] }),
    ).rejects.toThrow(RecommendInputError);
    await expect(
      recommendFromInteractions({ users: ['a', 'a'], items: ['x', 'y'] }),
    ).rejects.toThrow(/at least 5 such users/);
    await expect(recommendFromInteractions(data, { k: 0 })).rejects.toThrow(
      /Option "k" must be an integer/,
    );
  });
});
