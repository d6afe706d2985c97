import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../test/tf-backend';
import {
  churnFeaturesFromEvents,
  churnFromEvents,
  churnLabelsAt,
  DAY_MS,
  indexEvents,
  labelledCutoffs,
} from './churn-from-events';
import { ChurnInputError } from './errors';
import { syntheticEventLog } from './synthetic';
import type { ChurnEvents } from './types';

beforeAll(async () => {
  await selectBackend({ prefer: 'cpu' });
});

const log = syntheticEventLog({ users: 400, events: 12_000, days: 240, seed: 5 }).events;

function append(
  events: ChurnEvents,
  extra: { user: string; time: number; name: string }[],
): ChurnEvents {
  return {
    userIds: [...events.userIds, ...extra.map((e) => e.user)],
    times: [...events.times, ...extra.map((e) => e.time)],
    eventNames: [...(events.eventNames ?? []), ...extra.map((e) => e.name)],
    values: [...(events.values ?? []), ...extra.map(() => 999)],
    items: [...(events.items ?? []), ...extra.map(() => 'future_item')],
  };
}

function featuresByUser(events: ChurnEvents, cutoff: number): Map<string, number[]> {
  const index = indexEvents(events);
  const features = churnFeaturesFromEvents(index, cutoff, 30, [
    'login',
    'view',
    'purchase',
    'support',
  ]);
  const out = new Map<string, number[]>();
  features.userIndices.forEach((u, r) => {
    out.set(
      index.users[u] as string,
      features.columns.map((c) => (c.numbers as Float64Array)[r] as number),
    );
  });
  return out;
}

describe('event-mode features and labels', () => {
  const index = indexEvents(log);
  const cutoff = index.lastTime - 60 * DAY_MS;

  it('features at a cutoff ignore every event after it (no leakage)', () => {
    const before = featuresByUser(log, cutoff);
    expect(before.size).toBeGreaterThan(50);
    // Events one millisecond after the cutoff, inside the label window, and far in the future —
    // for existing users, with new event names, and for a user who only appears later.
    const users = [...before.keys()].slice(0, 60);
    const extra = users.flatMap((user, k) => [
      { user, time: cutoff + 1, name: 'support' },
      { user, time: cutoff + (k % 29) * DAY_MS + 1000, name: 'purchase' },
      { user, time: cutoff + 400 * DAY_MS, name: 'brand_new_event' },
    ]);
    extra.push({ user: 'newcomer', time: cutoff + 5 * DAY_MS, name: 'login' });
    const after = featuresByUser(append(log, extra), cutoff);
    expect([...after.keys()]).toEqual([...before.keys()]);
    for (const [user, values] of before) expect(after.get(user)).toEqual(values);
  });

  it('default event-type mix is chosen from events up to the cutoff only', () => {
    const extra = Array.from({ length: 5000 }, (_, k) => ({
      user: log.userIds[k % 50] as string,
      time: cutoff + (1 + (k % 100)) * DAY_MS,
      name: 'future_only',
    }));
    const base = churnFeaturesFromEvents(index, cutoff, 30);
    const withFuture = churnFeaturesFromEvents(indexEvents(append(log, extra)), cutoff, 30);
    expect(withFuture.columns.map((c) => c.name)).toEqual(base.columns.map((c) => c.name));
    expect(base.columns.some((c) => c.name.includes('future_only'))).toBe(false);
  });

  it('labels look only at (cutoff, cutoff + N]', () => {
    const events: ChurnEvents = {
      userIds: ['a', 'a', 'b', 'b', 'c', 'c', 'd'],
      times: [0, 10, 0, 10 + 30 * DAY_MS, 0, 10 + 30 * DAY_MS + 1, 10].map((t) => t + 100 * DAY_MS),
      eventNames: ['x', 'x', 'x', 'x', 'x', 'x', 'x'],
    };
    const small = indexEvents(events);
    const c = 100 * DAY_MS + 10;
    const features = churnFeaturesFromEvents(small, c, 30);
    const users = Array.from(features.userIndices, (u) => small.users[u]);
    const labels = churnLabelsAt(small, features.userIndices, c, 30);
    // a: nothing after C → churn; b: event exactly at C + 30d → retained;
    // c: first event after C + 30d → churn; d: event at C itself belongs to the features, not the label.
    expect(Object.fromEntries(users.map((u, i) => [u, labels[i]]))).toEqual({
      a: 1,
      b: 0,
      c: 1,
      d: 1,
    });
  });

  it('labelled cutoffs are a window apart and leave history before the first', () => {
    const cutoffs = labelledCutoffs(index, 30, 7);
    expect(cutoffs.length).toBeGreaterThanOrEqual(2);
    for (let k = 1; k < cutoffs.length; k += 1) {
      expect((cutoffs[k] as number) - (cutoffs[k - 1] as number)).toBe(30 * DAY_MS);
    }
    expect(cutoffs[cutoffs.length - 1]).toBe(index.lastTime - 30 * DAY_MS);
    expect((cutoffs[0] as number) - index.firstTime).toBeGreaterThanOrEqual(30 * DAY_MS);
  });
});

describe('churnFromEvents', () => {
  const options = { epochs: 4, seed: 3, maxCutoffs: 4 };

  it('trains on a seeded sample of rows past the caps and still scores every active user', async () => {
    const full = await churnFromEvents(log, options);
    const capped = { ...options, maxTrainRows: 300, maxValidationRows: 100 };
    const sampled = await churnFromEvents(log, capped);
    expect(full.report.rows.train).toBeGreaterThan(300);
    expect(full.report.rows.validation).toBeGreaterThan(100);
    expect(sampled.report.rows).toEqual({
      train: 300,
      validation: 100,
      scored: full.report.rows.scored,
    });
    expect(sampled.scores.map((s) => s.id).sort()).toEqual(full.scores.map((s) => s.id).sort());
    // The sample is seeded: the same run gives the same scores.
    expect((await churnFromEvents(log, capped)).scores).toEqual(sampled.scores);
  });

  it('scores users active in the final window, deterministically, without tensor leaks', async () => {
    const before = tf.memory().numTensors;
    const first = await churnFromEvents(log, options);
    expect(tf.memory().numTensors).toBe(before);
    const second = await churnFromEvents(log, options);
    expect(second.scores).toEqual(first.scores);
    expect(second.report.candidates.map((c) => c.rocAuc)).toEqual(
      first.report.candidates.map((c) => c.rocAuc),
    );

    const index = indexEvents(log);
    const active = new Set<string>();
    log.userIds.forEach((u, i) => {
      if ((log.times[i] as number) > index.lastTime - 30 * DAY_MS) active.add(u);
    });
    expect(new Set(first.scores.map((s) => s.id))).toEqual(active);
    const { report } = first;
    expect(report.mode).toBe('events');
    expect(report.windowDays).toBe(30);
    expect(report.cutoff).toBe(new Date(index.lastTime).toISOString());
    expect(report.rows.scored).toBe(active.size);
    expect(report.candidates.map((c) => c.name)).toEqual(['logistic', 'gbdt', 'mlp', 'ensemble']);
    // The chosen model won its last paired comparison (or is the logistic baseline).
    const chosen = report.candidates.find((c) => c.name === report.chosen)!;
    if (chosen.versus) expect(chosen.versus.difference).toBeGreaterThan(1.645 * chosen.versus.se);
    expect(report.features.every((f) => f.type === 'derived')).toBe(true);
    expect(report.importance).toHaveLength(report.features.length);
    for (let i = 1; i < first.scores.length; i += 1) {
      expect(first.scores[i - 1]!.score).toBeGreaterThanOrEqual(first.scores[i]!.score);
    }
  }, 40_000);

  it('stops at the next epoch when cancelled, rejecting with the reason and freeing its tensors', async () => {
    const before = tf.memory().numTensors;
    const controller = new AbortController();
    const epochs: number[] = [];
    const run = churnFromEvents(log, {
      ...options,
      epochs: 50,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.phase !== 'fit:mlp' || p.epoch === undefined) return;
        epochs.push(p.epoch);
        if (p.epoch === 1) controller.abort();
      },
    });
    const error = await run.catch((e: unknown) => e);
    expect(error).toBe(controller.signal.reason);
    expect((error as Error).name).toBe('AbortError');
    expect(epochs).toEqual([1]);
    expect(tf.memory().numTensors).toBe(before);
  }, 20_000);

  it('works with user ids and timestamps only', async () => {
    const bare = { userIds: log.userIds, times: log.times };
    const result = await churnFromEvents(bare, { ...options, windowDays: 14 });
    const names = result.report.features.map((f) => f.name);
    expect(names).toContain('events, last 14 days');
    expect(names.some((n) => n.startsWith('share of') || n.startsWith('value'))).toBe(false);
    expect(result.report.windowDays).toBe(14);
  }, 20_000);

  it('throws ChurnInputError when the history is too short for the window', async () => {
    const short = syntheticEventLog({ users: 50, events: 2000, days: 80, seed: 1 }).events;
    await expect(churnFromEvents(short, { windowDays: 30 })).rejects.toThrow(ChurnInputError);
    await expect(churnFromEvents(short, { windowDays: 30 })).rejects.toThrow(/at least 90 days/);
  });

  it('throws ChurnInputError on bad timestamps and mismatched columns', async () => {
    await expect(churnFromEvents({ userIds: ['a', 'b'], times: [1] })).rejects.toThrow(
      /2 user ids but 1 timestamps/,
    );
    await expect(churnFromEvents({ userIds: ['a'], times: [Number.NaN] })).rejects.toThrow(
      /row 1, timestamp "NaN"/,
    );
  });
});
