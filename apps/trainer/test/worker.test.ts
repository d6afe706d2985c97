import {
  createCustomersDataset,
  createEventsDataset,
  createFinancialsDataset,
  latestChurn,
  latestRecommendations,
  recommendationsForUser,
  createJob,
  createMarketDataset,
  getJob,
  latestForecast,
  latestForecastDecomposition,
  latestRisk,
  type MarketRow,
} from '@foresight/db';
import { createTestDatabase, seedOrganization, type TestDatabase } from '@foresight/db/testing';
import { selectBackend } from '../src/backend';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorker, type Worker } from '../src/worker';

let t: TestDatabase;
let worker: Worker;
const logs: string[] = [];

beforeAll(async () => {
  t = await createTestDatabase();
  const backend = await selectBackend({ prefer: 'wasm' });
  worker = await startWorker({
    databaseUrl: t.url,
    db: t.db,
    backend: backend.backend,
    concurrency: 1,
    log: (l) => logs.push(l),
    epochs: 15,
  });
});
afterAll(async () => {
  await worker.stop();
  await t.drop();
});

function monthlyRows(series: string, months: number, base: number): MarketRow[] {
  return Array.from({ length: months }, (_, i) => ({
    series,
    date: new Date(Date.UTC(2018, i, 1)).toISOString().slice(0, 10),
    value: base + 2 * i + 10 * Math.sin((2 * Math.PI * i) / 12),
  }));
}

async function enqueueForecast(organizationId: string, datasetId: string) {
  const job = await createJob(t.db, {
    organizationId,
    datasetId,
    task: 'forecast',
    params: {},
    userId: null,
  });
  await worker.queue.send('trainForecast', { jobId: job.id });
  return job.id;
}

async function enqueueRisk(organizationId: string, datasetId: string) {
  const job = await createJob(t.db, {
    organizationId,
    datasetId,
    task: 'risk',
    params: {},
    userId: null,
  });
  await worker.queue.send('trainRisk', { jobId: job.id });
  return job.id;
}

/** 30 months of a burning startup: revenue growing 5%/month, rising costs, cash from a balance. */
function financialRows() {
  let cash = 3_000_000;
  return Array.from({ length: 30 }, (_, m) => {
    const revenue = 20_000 * 1.05 ** m * (1 + 0.03 * Math.sin(m * 1.7));
    const expenses = 150_000 + 1_000 * m + 4_000 * Math.cos(m * 2.3);
    cash += revenue - expenses;
    return {
      date: new Date(Date.UTC(2022, m, 1)).toISOString().slice(0, 10),
      revenue,
      expenses,
      cash,
    };
  });
}

async function waitForJob(organizationId: string, jobId: string, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = await getJob(t.db, organizationId, jobId);
    if (job.status === 'succeeded' || job.status === 'failed' || job.status === 'cancelled')
      return job;
    if (Date.now() > deadline)
      throw new Error(`job still ${job.status} after ${timeoutMs} ms: ${logs.join('\n')}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('trainer worker', () => {
  it('takes a queued forecast job, trains, and writes model, leaderboard and forecast points', async () => {
    const org = await seedOrganization(t.db, 'trainer');
    const rows = [...monthlyRows('north', 60, 100), ...monthlyRows('south', 60, 40)];
    const { id: datasetId } = await createMarketDataset(t.db, {
      organizationId: org.organizationId,
      userId: org.userId,
      name: 'm',
      sourceFileName: null,
      mapping: { date: 'date', value: 'value', series: 'series' },
      rows,
    });
    const tensorsBefore = tf.memory().numTensors;
    const jobId = await enqueueForecast(org.organizationId, datasetId);
    const job = await waitForJob(org.organizationId, jobId);

    expect(job.status).toBe('succeeded');
    expect(job.attempts).toBe(1);
    expect(job.progressRatio).toBe(1);
    expect(job.startedAt).not.toBeNull();
    expect(job.finishedAt).not.toBeNull();
    expect(tf.memory().numTensors).toBe(tensorsBefore);

    const forecast = await latestForecast(t.db, org.organizationId, datasetId);
    expect(forecast).not.toBeNull();
    expect(forecast!.version).toBe(1);
    expect(forecast!.metrics?.frequency).toBe('monthly');
    expect(forecast!.metrics?.candidates.map((c) => c.name).sort()).toEqual([
      'drift',
      'ensemble',
      'ets',
      'log_linear',
      'neural',
      'seasonal_naive',
    ]);
    expect(forecast!.metrics?.calibration?.residuals).toBeGreaterThan(0);
    expect(forecast!.metrics?.calibration?.nominal).toBe(0.8);
    expect(forecast!.metrics?.calibration?.measured).toBeGreaterThan(0);
    const decomposition = await latestForecastDecomposition(t.db, org.organizationId, datasetId);
    expect(decomposition!.series.map((d) => d.series)).toEqual(['north', 'south']);
    expect(forecast!.series.map((s) => s.series)).toEqual(['north', 'south']);
    for (const s of forecast!.series) {
      expect(s.points).toHaveLength(12);
      expect(s.points[0]!.date).toBe('2023-01-01');
      expect(s.points.at(-1)!.date).toBe('2023-12-01');
      for (const p of s.points) {
        expect(p.p10).toBeLessThanOrEqual(p.p50);
        expect(p.p50).toBeLessThanOrEqual(p.p90);
      }
    }
  });

  it('fails a job whose data is too short with a reason a founder can act on, writing no model', async () => {
    const org = await seedOrganization(t.db, 'short');
    const { id: datasetId } = await createMarketDataset(t.db, {
      organizationId: org.organizationId,
      userId: org.userId,
      name: 'tiny',
      sourceFileName: null,
      mapping: { date: 'date', value: 'value', series: null },
      rows: monthlyRows('value', 4, 10),
    });
    const jobId = await enqueueForecast(org.organizationId, datasetId);
    const job = await waitForJob(org.organizationId, jobId);
    expect(job.status).toBe('failed');
    expect(job.error).toMatch(/value/);
    expect(job.error).toMatch(/\d+ points|too short|needs/i);
    expect(await latestForecast(t.db, org.organizationId, datasetId)).toBeNull();
  });

  it('runs a risk job: runway fan, cash-out probabilities, anomalies and what-if inputs are stored', async () => {
    const org = await seedOrganization(t.db, 'risk');
    const { id: datasetId } = await createFinancialsDataset(t.db, {
      organizationId: org.organizationId,
      userId: org.userId,
      name: 'fin',
      sourceFileName: null,
      mapping: {
        date: 'month',
        revenue: 'revenue',
        expenses: ['costs'],
        cash: 'cash',
        startingCash: null,
      },
      rows: financialRows(),
    });
    const tensorsBefore = tf.memory().numTensors;
    const jobId = await enqueueRisk(org.organizationId, datasetId);
    const job = await waitForJob(org.organizationId, jobId);
    expect(job.status, job.error ?? '').toBe('succeeded');
    expect(tf.memory().numTensors).toBe(tensorsBefore);

    const risk = await latestRisk(t.db, org.organizationId, datasetId);
    expect(risk).not.toBeNull();
    const m = risk!.metrics;
    expect(m.asOf).toBe('2024-06-01');
    expect(m.fan).toHaveLength(18);
    expect(m.fan[0]!.date).toBe('2024-07-01');
    for (const f of m.fan) expect(f.p10).toBeLessThanOrEqual(f.p90);
    expect(m.probabilityCashOut).toHaveLength(18);
    for (let i = 1; i < m.probabilityCashOut.length; i++) {
      expect(m.probabilityCashOut[i]!.p).toBeGreaterThanOrEqual(m.probabilityCashOut[i - 1]!.p);
    }
    expect(m.constantBurn.monthlyBurn).toBeGreaterThan(0);
    expect(m.history.cash).toHaveLength(30);
    expect(risk!.params.input.revenue.p50.length).toBeGreaterThanOrEqual(18);
    expect(m.backtest.map((b: { series: string }) => b.series).sort()).toEqual([
      'expenses',
      'revenue',
    ]);
  });

  it('fails a risk job on financials that are not monthly, with the reason', async () => {
    const org = await seedOrganization(t.db, 'weekly');
    let cash = 1e6;
    const rows = Array.from({ length: 30 }, (_, w) => ({
      date: new Date(Date.UTC(2024, 0, 1 + 7 * w)).toISOString().slice(0, 10),
      revenue: 1000,
      expenses: 2000,
      cash: (cash -= 1000),
    }));
    const { id: datasetId } = await createFinancialsDataset(t.db, {
      organizationId: org.organizationId,
      userId: org.userId,
      name: 'weekly',
      sourceFileName: null,
      mapping: { date: 'week', revenue: 'r', expenses: ['e'], cash: 'c', startingCash: null },
      rows,
    });
    const job = await waitForJob(
      org.organizationId,
      await enqueueRisk(org.organizationId, datasetId),
    );
    expect(job.status).toBe('failed');
    expect(job.error).toMatch(/one row per month/);
  });

  async function enqueue(task: 'churn' | 'recommend', organizationId: string, datasetId: string) {
    const job = await createJob(t.db, {
      organizationId,
      datasetId,
      task,
      params: {},
      userId: null,
    });
    await worker.queue.send(task === 'churn' ? 'trainChurn' : 'trainRecommend', { jobId: job.id });
    return job.id;
  }

  it('runs a churn job on a labelled customer table and ranks only customers still active', async () => {
    const org = await seedOrganization(t.db, 'churn');
    const rows = Array.from({ length: 300 }, (_, i) => {
      const logins = (i * 7) % 30;
      const churned = logins < 9 ? 'yes' : 'no';
      return {
        recordId: `c${i}`,
        attributes: { id: `c${i}`, plan: ['free', 'pro'][i % 2]!, logins: String(logins), churned },
      };
    });
    const { id: datasetId } = await createCustomersDataset(t.db, {
      organizationId: org.organizationId,
      userId: org.userId,
      name: 'cust',
      sourceFileName: null,
      mapping: { id: 'id', label: 'churned', columns: ['id', 'plan', 'logins', 'churned'] },
      rows,
    });
    const tensorsBefore = tf.memory().numTensors;
    const job = await waitForJob(
      org.organizationId,
      await enqueue('churn', org.organizationId, datasetId),
    );
    expect(job.status, job.error ?? '').toBe('succeeded');
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    const churn = await latestChurn(t.db, org.organizationId, datasetId, { limit: 500 });
    const churnedIds = new Set(
      rows.filter((r) => r.attributes.churned === 'yes').map((r) => r.recordId),
    );
    expect(churn!.total).toBe(300 - churnedIds.size);
    expect(churn!.scores.some((s) => churnedIds.has(s.id))).toBe(false);
    expect(churn!.metrics.candidates.map((c) => c.name).sort()).toEqual([
      'ensemble',
      'gbdt',
      'logistic',
      'mlp',
    ]);
    expect(churn!.metrics.importance[0]!.feature).toMatch(/logins/);
  });

  it('runs a recommend job: every user gets unseen items, unknown users get popular ones', async () => {
    const org = await seedOrganization(t.db, 'recs');
    const rows = [];
    for (let u = 0; u < 60; u++) {
      const taste = u % 3;
      for (let k = 0; k < 6; k++) {
        const item = `i${taste * 5 + ((u + k) % 5)}`;
        rows.push({
          userId: `u${u}`,
          occurredAt: new Date(Date.UTC(2024, 0, 1 + k, u % 24)).toISOString(),
          eventName: 'use',
          itemId: item,
          value: null,
        });
      }
    }
    const { id: datasetId } = await createEventsDataset(t.db, {
      organizationId: org.organizationId,
      userId: org.userId,
      name: 'log',
      sourceFileName: null,
      mapping: { user: 'u', time: 't', event: 'e', item: 'i', value: null },
      rows,
    });
    const tensorsBefore = tf.memory().numTensors;
    const job = await waitForJob(
      org.organizationId,
      await enqueue('recommend', org.organizationId, datasetId),
    );
    expect(job.status, job.error ?? '').toBe('succeeded');
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    const model = await latestRecommendations(t.db, org.organizationId, datasetId);
    const candidates = model!.metrics.candidates;
    expect(candidates.map((c) => c.name)).toEqual(
      expect.arrayContaining(['item_knn', 'popularity']),
    );
    // Each candidate is stored with its human name; none is left as an identifier.
    expect(candidates.find((c) => c.name === 'item_knn')?.label).toBe('Item-kNN (co-usage)');
    for (const c of candidates) expect(c.label).not.toMatch(/^[a-z0-9_]+$/);
    const recs = await recommendationsForUser(t.db, org.organizationId, datasetId, 'u0');
    const seen = new Set(rows.filter((r) => r.userId === 'u0').map((r) => r.itemId));
    expect(recs!.coldStart).toBe(false);
    expect(recs!.items.length).toBeGreaterThan(0);
    expect(recs!.items.some((it) => seen.has(it.item))).toBe(false);
    // "Because you used X", where stored, names one of the user's own items.
    for (const it of recs!.items) if (it.because) expect(seen.has(it.because)).toBe(true);
    expect(
      (await recommendationsForUser(t.db, org.organizationId, datasetId, 'stranger'))!.coldStart,
    ).toBe(true);
  });
});
