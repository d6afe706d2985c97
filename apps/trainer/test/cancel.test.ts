import type { EventLog, FinancialsHistory, SeriesHistory } from '@foresight/db';
import {
  syntheticCustomerTable,
  syntheticEventLog,
  syntheticInteractions,
} from '@foresight/ml-core';
import { selectBackend } from '../src/backend';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { runChurnPipeline } from '../src/churn-pipeline';
import { runForecastPipeline } from '../src/forecast-pipeline';
import { runRecommendPipeline } from '../src/recommend-pipeline';
import { runRiskPipeline } from '../src/risk-pipeline';

beforeAll(async () => {
  await selectBackend({ prefer: 'cpu' });
});

interface Progress {
  phase: string;
  epoch?: number;
}

/**
 * Runs `start` with a signal aborted (no reason: a DOMException named AbortError) from the
 * progress callback after the first training epoch; checks the run rejects with the signal's
 * reason, stopped at that epoch boundary, and freed every tensor it made.
 */
async function expectCancelledAfterFirstEpoch(
  start: (options: { signal: AbortSignal; onProgress: (p: Progress) => void }) => Promise<unknown>,
) {
  const before = tf.memory().numTensors;
  const controller = new AbortController();
  const epochs: Progress[] = [];
  const error = await start({
    signal: controller.signal,
    onProgress: (p) => {
      if (p.epoch === undefined) return;
      epochs.push(p);
      if (!controller.signal.aborted) controller.abort();
    },
  }).catch((e: unknown) => e);
  expect(error).toBe(controller.signal.reason);
  expect(error).toBeInstanceOf(Error);
  expect((error as Error).name).toBe('AbortError');
  // Stopped at the next epoch boundary: no epoch ran after the one that cancelled.
  expect(epochs).toHaveLength(1);
  expect(epochs[0]!.epoch).toBe(1);
  expect(tf.memory().numTensors).toBe(before);
  return epochs[0]!;
}

function monthly(series: string, months: number, base: number): SeriesHistory {
  const dates: string[] = [];
  const values: number[] = [];
  for (let i = 0; i < months; i++) {
    dates.push(new Date(Date.UTC(2018, i, 1)).toISOString().slice(0, 10));
    values.push(base + 2 * i + 10 * Math.sin((2 * Math.PI * i) / 12));
  }
  return { series, dates, values };
}

/** Months of a burning startup: revenue growing 5%/month, rising costs, cash from a balance. */
function financials(months: number): FinancialsHistory {
  const history: FinancialsHistory = {
    dates: [],
    revenue: [],
    expenses: [],
    cash: [],
    startingCash: null,
    expenseLines: null,
  };
  let cash = 3_000_000;
  for (let m = 0; m < months; m++) {
    const revenue = 20_000 * 1.05 ** m * (1 + 0.03 * Math.sin(m * 1.7));
    const expenses = 150_000 + 1_000 * m + 4_000 * Math.cos(m * 2.3);
    cash += revenue - expenses;
    history.dates.push(new Date(Date.UTC(2022, m, 1)).toISOString().slice(0, 10));
    history.revenue.push(revenue);
    history.expenses.push(expenses);
    history.cash!.push(cash);
  }
  return history;
}

describe('cancelling a training run', () => {
  it('forecast: stops the backtest at the next epoch and frees its tensors', async () => {
    const history = [monthly('north', 60, 100), monthly('south', 60, 40)];
    const first = await expectCancelledAfterFirstEpoch((cancel) =>
      runForecastPipeline(history, { epochs: 30, ...cancel }),
    );
    expect(first.phase).toBe('backtest:neural');
  });

  it('risk: stops the revenue/expense forecast at the next epoch and frees its tensors', async () => {
    const first = await expectCancelledAfterFirstEpoch((cancel) =>
      runRiskPipeline(financials(60), { horizon: 6, epochs: 30, paths: 200, ...cancel }),
    );
    expect(first.phase).toBe('backtest:neural');
  });

  it('churn (table): stops the MLP at the next epoch and frees its tensors', async () => {
    const { table } = syntheticCustomerTable({ rows: 600, seed: 2 });
    const first = await expectCancelledAfterFirstEpoch((cancel) =>
      runChurnPipeline(
        {
          kind: 'table',
          train: table.columns,
          predict: null,
          idColumn: 'customer_id',
          labelColumn: 'churned',
        },
        { epochs: 30, ...cancel },
      ),
    );
    expect(first.phase).toBe('fit:mlp');
  });

  it('churn (events): stops the MLP at the next epoch and frees its tensors', async () => {
    const { events } = syntheticEventLog({ users: 300, events: 9_000, days: 240, seed: 5 });
    const log: EventLog = {
      userIds: events.userIds,
      times: events.times,
      eventNames: events.eventNames ?? events.userIds.map(() => null),
      itemIds: events.items ?? events.userIds.map(() => null),
      values: events.values ?? events.userIds.map(() => null),
    };
    const first = await expectCancelledAfterFirstEpoch((cancel) =>
      runChurnPipeline({ kind: 'events', log }, { epochs: 30, ...cancel }),
    );
    expect(first.phase).toBe('fit:mlp');
  });

  it('recommend: stops at the next fit once cancelled, keeping its tensors freed', async () => {
    const data = syntheticInteractions({
      interactions: 6000,
      users: 200,
      items: 150,
      clusters: 6,
      seed: 3,
    });
    const log = {
      userIds: data.users,
      itemIds: data.items,
      times: data.times!.map((t) => t ?? 0),
    };
    const before = tf.memory().numTensors;
    const controller = new AbortController();
    const phases: string[] = [];
    const error = await runRecommendPipeline(log, {
      signal: controller.signal,
      onProgress: (p) => {
        phases.push(p.phase);
        // Cancel once EASE (its inverse runs on the tf backend) starts tuning.
        if (p.phase === 'validate:ease' && !controller.signal.aborted) controller.abort();
      },
    }).catch((e: unknown) => e);
    expect(error).toBe(controller.signal.reason);
    expect((error as Error).name).toBe('AbortError');
    // Nothing after EASE's tuning started: no ALS, no refit, no results.
    expect(phases.filter((p) => p !== 'validate:ease').at(-1)).toBe('validate:rp3beta');
    expect(phases.some((p) => p.startsWith('refit:') || p === 'validate:ials')).toBe(false);
    expect(tf.memory().numTensors).toBe(before);
  });
});
