// The progress bar never goes back: the ratio written for a job is non-decreasing over any
// sequence of progress events (ensemble members and backtest folds restart their epochs).
import type { DbHandle } from '@foresight/db';
import { describe, expect, it, vi } from 'vitest';

const written: number[] = [];
vi.mock('@foresight/db', () => ({
  recordJobProgress: vi.fn(async (_db: unknown, _id: string, _p: unknown, ratio: number) => {
    written.push(ratio);
    return { cancelRequested: false };
  }),
}));

const { monotoneProgressRatio, progressRatio, throttledProgress } =
  await import('../src/job-progress');
type TaskProgress = Parameters<typeof progressRatio>[0];

/** What forecastWithBacktest reports: statistical backtests, a 3-member neural backtest, refits. */
function forecastRun(epochs = 10, members = 3, stopAt = 7): TaskProgress[] {
  const events: TaskProgress[] = [];
  for (const kind of ['seasonal_naive', 'drift', 'log_linear', 'ets'])
    events.push({ phase: `backtest:${kind}` });
  events.push({ phase: 'backtest:neural' });
  for (const phase of ['backtest:neural', 'refit:neural']) {
    if (phase === 'refit:neural') {
      for (const kind of ['seasonal_naive', 'drift', 'log_linear', 'ets'])
        events.push({ phase: `refit:${kind}` });
      events.push({ phase });
    }
    for (let member = 1; member <= members; member++) {
      // Early stopping: the second member stops before its last epoch.
      const last = member === 2 ? stopAt : epochs;
      for (let epoch = 1; epoch <= last; epoch++)
        events.push({ phase, epoch, epochs, member, members, loss: 1 / epoch });
    }
  }
  events.push({ phase: 'done' });
  return events;
}

/** What the churn classifier reports. */
function churnRun(): TaskProgress[] {
  const events: TaskProgress[] = [
    { phase: 'features' },
    { phase: 'fit:logistic' },
    { phase: 'fit:gbdt' },
  ];
  for (let epoch = 1; epoch <= 20; epoch++)
    events.push({ phase: 'fit:mlp', epoch, epochs: 20, loss: 1 });
  for (const phase of ['calibrate', 'explain', 'score', 'done']) events.push({ phase });
  return events;
}

const nonDecreasing = (ratios: number[]) => ratios.every((r, i) => i === 0 || r >= ratios[i - 1]!);

describe('progress ratio', () => {
  it('maps each forecast and churn phase in the order the task runs it (no fall between members)', () => {
    for (const run of [forecastRun(), churnRun()]) {
      const ratios = run.map(progressRatio);
      expect(nonDecreasing(ratios), JSON.stringify(ratios)).toBe(true);
      expect(ratios.every((r) => r > 0 && r <= 1)).toBe(true);
      expect(ratios.at(-1)).toBe(0.97);
    }
    // The neural backtest takes most of the bar, member by member.
    const mid = progressRatio({
      phase: 'backtest:neural',
      epoch: 10,
      epochs: 10,
      member: 2,
      members: 3,
    });
    const next = progressRatio({
      phase: 'backtest:neural',
      epoch: 1,
      epochs: 10,
      member: 3,
      members: 3,
    });
    expect(next).toBeGreaterThan(mid);
  });

  it('never goes back, whatever the events (repeated runs, unknown phases, epoch restarts)', () => {
    let seed = 7;
    const rand = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const phases = ['backtest:ets', 'backtest:neural', 'refit:neural', 'fit:mlp', 'done', 'other'];
    const events: TaskProgress[] = [...forecastRun(), ...forecastRun(5, 2, 3), ...churnRun()];
    for (let i = 0; i < 500; i++) {
      events.push({
        phase: phases[Math.floor(rand() * phases.length)]!,
        epoch: 1 + Math.floor(rand() * 10),
        epochs: 10,
        ...(rand() < 0.5 ? { member: 1 + Math.floor(rand() * 3), members: 3 } : {}),
        ...(rand() < 0.2 ? { progress: rand() } : {}),
      });
    }
    const ratioOf = monotoneProgressRatio();
    const ratios = events.map(ratioOf);
    expect(nonDecreasing(ratios)).toBe(true);
    expect(Math.max(...ratios)).toBeLessThanOrEqual(1);
    // Unclamped, the same events do go back: the clamp is what holds.
    expect(nonDecreasing(events.map(progressRatio))).toBe(false);
  });

  it('writes non-decreasing ratios to the job row (recommend reports `progress` itself)', async () => {
    written.length = 0;
    const progress = throttledProgress({} as DbHandle, 'job', 'wasm', () => {}, 0);
    const events: TaskProgress[] = [
      ...forecastRun(),
      { phase: 'training', progress: 0.3 },
      { phase: 'training', progress: 0.1 },
      { phase: 'backtest:neural', epoch: 1, epochs: 10, member: 1, members: 3 },
    ];
    for (const e of events) progress.report(e);
    await progress.flush();
    expect(written.length).toBeGreaterThan(10);
    expect(nonDecreasing(written), JSON.stringify(written)).toBe(true);
  });
});
