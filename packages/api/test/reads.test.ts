// The read procedures services page and filter with: churn.latest's cursor pages by risk, and
// forecasts.latest's series and date filters (with the decomposition served on its own).
import { saveChurnResult, saveForecastResult, type ChurnMetrics } from '@foresight/db';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  importCsv,
  labelledCustomersCsv,
  marketRoles,
  sampleCsv,
  signedInCaller,
  useTestApi,
} from './helpers';

const api = useTestApi();

type Caller = Awaited<ReturnType<typeof signedInCaller>>['caller'];

async function jobOf(caller: Caller, jobIds: string[], task: string): Promise<string> {
  for (const id of jobIds) if ((await caller.jobs.byId({ id })).task === task) return id;
  throw new Error(`no ${task} job queued`);
}

const churnMetrics: ChurnMetrics = {
  mode: 'table',
  chosen: 'mlp',
  trainMs: 1,
  candidates: [{ name: 'mlp', rocAuc: 0.8, rocAucSe: 0.01, prAuc: 0.5, logLoss: 0.4, fitMs: 1 }],
  calibration: [],
  importance: [{ feature: 'plan', importance: 1 }],
  features: [{ name: 'plan', type: 'categorical' }],
  threshold: { value: 0.5, precision: 1, recall: 1, f1: 1 },
  rows: { train: 1, validation: 1, scored: 23 },
  positiveRate: 0.5,
};

describe('churn.latest cursor pages', () => {
  const SCORES = 23;
  let caller: Caller;
  let datasetId: string;
  beforeAll(async () => {
    ({ caller } = await signedInCaller(api.t, api.queue, 'churn-pages'));
    const customers = await importCsv(caller, labelledCustomersCsv(), {
      kind: 'customers',
      roles: { id: 'id', label: 'churned' },
      types: { churned: 'boolean' },
    });
    datasetId = customers.datasetId;
    await saveChurnResult(api.t.db, {
      jobId: await jobOf(caller, customers.result.jobIds, 'churn'),
      backend: 'cpu',
      chosen: 'mlp',
      metrics: churnMetrics,
      params: {},
      // Distinct scores, stored out of order: the ranking is by score.
      scores: Array.from({ length: SCORES }, (_, i) => ({
        id: `c${(i * 7) % SCORES}`,
        score: ((i * 7) % SCORES) / 100,
        // Odd rows as models stored them before drivers had words; even rows with value and text.
        drivers:
          i % 2 === 1
            ? [{ feature: 'plan', contribution: i / 10 }]
            : [
                {
                  feature: 'days_inactive',
                  contribution: i / 10,
                  value: 41,
                  typical: 6,
                  text: 'inactive: 41 days (typical 6)',
                },
                {
                  feature: 'plan',
                  contribution: i / 20,
                  value: 'free',
                  typical: 'pro',
                  text: 'plan: free (most customers: pro)',
                },
              ],
      })),
    });
  });

  async function walk(order?: 'highest' | 'lowest', limit = 5) {
    const pages = [];
    let cursor: string | null = null;
    do {
      const { churn } = await caller.churn.latest({ datasetId, limit, cursor, order });
      pages.push(churn!.scores.items);
      expect(churn!.total).toBe(SCORES);
      cursor = churn!.scores.nextCursor;
      expect(pages.length).toBeLessThan(20);
    } while (cursor);
    return pages;
  }

  it('walks every score exactly once, highest risk first, and ends with a null cursor', async () => {
    const pages = await walk();
    expect(pages.map((p) => p.length)).toEqual([5, 5, 5, 5, 3]);
    const all = pages.flat();
    expect(all.map((s) => s.rank)).toEqual(Array.from({ length: SCORES }, (_, i) => i + 1));
    expect(new Set(all.map((s) => s.id)).size).toBe(SCORES);
    for (let i = 1; i < all.length; i++)
      expect(all[i]!.score).toBeLessThanOrEqual(all[i - 1]!.score);
    expect(all[0]).toMatchObject({ id: 'c22', score: 0.22 });
    expect(all[0]!.drivers[0]!.feature).toBe('plan');
    expect(all[0]!.drivers[0]!.text).toBeUndefined();
    // Value, typical value and text come through the output schema.
    const worded = all.find((s) => s.drivers[0]?.text);
    expect(worded?.drivers[0]).toEqual({
      feature: 'days_inactive',
      contribution: expect.any(Number),
      value: 41,
      typical: 6,
      text: 'inactive: 41 days (typical 6)',
    });
    // The first page is the default.
    const first = await caller.churn.latest({ datasetId });
    expect(first.churn!.scores.items).toHaveLength(SCORES); // default limit 50 > 23
    expect(first.churn!.scores.nextCursor).toBeNull();
    expect(typeof first.churn!.createdAt).toBe('string');
  });

  it("walks lowest risk first with order 'lowest'", async () => {
    const pages = await walk('lowest', 10);
    expect(pages.map((p) => p.length)).toEqual([10, 10, 3]);
    expect(pages.flat().map((s) => s.rank)).toEqual(
      Array.from({ length: SCORES }, (_, i) => SCORES - i),
    );
  });

  it('gives no next cursor when the page ends exactly at the last score', async () => {
    const { churn } = await caller.churn.latest({ datasetId, limit: SCORES });
    expect(churn!.scores.items).toHaveLength(SCORES);
    expect(churn!.scores.nextCursor).toBeNull();
  });

  it('rejects a malformed cursor, and a cursor of the other order, with BAD_REQUEST', async () => {
    const badRequest = { code: 'BAD_REQUEST' };
    for (const cursor of ['', 'nonsense', '12', Buffer.from('h:0').toString('base64url'), '%%%']) {
      const call = caller.churn.latest({ datasetId, cursor });
      await expect(call).rejects.toMatchObject(badRequest);
      await expect(call).rejects.toThrow(/Invalid cursor/);
    }
    const { churn } = await caller.churn.latest({ datasetId, limit: 5 });
    const cursor = churn!.scores.nextCursor!;
    const other = caller.churn.latest({ datasetId, cursor, order: 'lowest' });
    await expect(other).rejects.toMatchObject(badRequest);
    await expect(other).rejects.toThrow(/belongs to the 'highest' order/);
  });

  it('exports every score, highest risk first', async () => {
    const rows = await caller.churn.export({ datasetId });
    expect(rows.map((r) => r.rank)).toEqual(Array.from({ length: SCORES }, (_, i) => i + 1));
    expect(rows[0]).toMatchObject({ id: 'c22', topDriver: 'plan', drivers: 'plan' });
    expect(rows.find((r) => r.topDriver === 'days_inactive')?.drivers).toBe(
      'inactive: 41 days (typical 6); plan: free (most customers: pro)',
    );
  });
});

describe('forecasts.latest filters and forecasts.decomposition', () => {
  let caller: Caller;
  let datasetId: string;
  const dates = ['2023-02-01', '2023-02-02', '2023-02-03', '2023-02-04'];
  beforeAll(async () => {
    ({ caller } = await signedInCaller(api.t, api.queue, 'forecast-filters'));
    const market = await importCsv(caller, sampleCsv, { kind: 'market', roles: marketRoles });
    datasetId = market.datasetId;
    const anomaly = {
      date: '2023-01-10',
      value: 1,
      expected: 2,
      lower: 1.5,
      upper: 2.5,
      score: -3,
      excess: 0.5,
      direction: 'below' as const,
    };
    await saveForecastResult(api.t.db, {
      jobId: await jobOf(caller, market.result.jobIds, 'forecast'),
      chosen: 'ets',
      backend: 'cpu',
      params: {},
      metrics: {
        frequency: 'daily',
        horizon: 4,
        holdoutHorizon: 4,
        seasonality: 7,
        candidates: [{ name: 'ets', label: 'ETS', mase: 0.8, smape: 5, coverage80: 0.8, fitMs: 1 }],
        perSeries: [
          { series: 'north', mase: { ets: 0.7 } },
          { series: 'south', mase: { ets: 0.9 } },
        ],
        decomposition: ['north', 'south'].map((series) => ({
          series,
          dates: ['2023-01-30', '2023-01-31'],
          trend: [1, 2],
          seasonal: [0.5, -0.5],
        })),
        anomalies: [
          { series: 'north', ...anomaly },
          { series: 'south', ...anomaly },
        ],
        trainMs: 1,
      },
      points: ['north', 'south'].flatMap((series, s) =>
        dates.map((date, i) => ({ series, date, p10: s + i, p50: s + i + 1, p90: s + i + 2 })),
      ),
    });
  });

  it('returns every series and point without filters, without the decomposition', async () => {
    const { forecast } = await caller.forecasts.latest({ datasetId });
    expect(forecast!.series.map((s) => s.series)).toEqual(['north', 'south']);
    expect(forecast!.series[0]!.points).toEqual(
      dates.map((date, i) => ({ date, p10: i, p50: i + 1, p90: i + 2 })),
    );
    expect(forecast!.metrics!.perSeries).toHaveLength(2);
    expect(forecast!.metrics).not.toHaveProperty('decomposition');
    expect(typeof forecast!.createdAt).toBe('string');
  });

  it('lists jobs (and the latest job beside results) without their per-epoch curve', async () => {
    const { latestJob } = await caller.forecasts.latest({ datasetId });
    expect(latestJob).toMatchObject({ task: 'forecast' });
    expect(latestJob).not.toHaveProperty('curve');
    const { items } = await caller.jobs.all({ datasetId });
    expect(items.length).toBeGreaterThan(0);
    for (const job of items) expect(job).not.toHaveProperty('curve');
    expect((await caller.jobs.byId({ id: latestJob!.id })).curve).toEqual(expect.any(Array));
  });

  it('keeps only the asked series (unknown ones are absent), with their per-series metrics', async () => {
    const { forecast } = await caller.forecasts.latest({
      datasetId,
      series: ['south', 'nowhere'],
    });
    expect(forecast!.series.map((s) => s.series)).toEqual(['south']);
    expect(forecast!.series[0]!.points).toHaveLength(4);
    expect(forecast!.metrics!.perSeries.map((s) => s.series)).toEqual(['south']);
    expect(forecast!.metrics!.anomalies.map((a) => a.series)).toEqual(['south']);
    // The leaderboard is about the model, not a series.
    expect(forecast!.metrics!.candidates).toHaveLength(1);
    const none = await caller.forecasts.latest({ datasetId, series: ['nowhere'] });
    expect(none.forecast!.series).toEqual([]);
    // A filtered read leaves later unfiltered reads whole.
    expect(
      (await caller.forecasts.latest({ datasetId })).forecast!.metrics!.perSeries,
    ).toHaveLength(2);
  });

  it('keeps only the points between from and to, inclusive', async () => {
    const { forecast } = await caller.forecasts.latest({
      datasetId,
      series: ['north'],
      from: '2023-02-02',
      to: '2023-02-03',
    });
    expect(forecast!.series).toEqual([
      {
        series: 'north',
        points: [
          { date: '2023-02-02', p10: 1, p50: 2, p90: 3 },
          { date: '2023-02-03', p10: 2, p50: 3, p90: 4 },
        ],
      },
    ]);
    const open = await caller.forecasts.latest({ datasetId, from: '2023-02-04' });
    expect(open.forecast!.series.map((s) => s.points.map((p) => p.date))).toEqual([
      ['2023-02-04'],
      ['2023-02-04'],
    ]);
    const before = await caller.forecasts.latest({ datasetId, to: '2023-01-31' });
    expect(before.forecast!.series).toEqual([]);
  });

  it('rejects from after to, and dates that are not YYYY-MM-DD', async () => {
    const reversed = caller.forecasts.latest({ datasetId, from: '2023-02-03', to: '2023-02-02' });
    await expect(reversed).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(reversed).rejects.toThrow(/`from` must be on or before `to`/);
    for (const from of ['2023-2-3', '2023-02-30', 'yesterday']) {
      await expect(caller.forecasts.latest({ datasetId, from })).rejects.toMatchObject({
        code: 'BAD_REQUEST',
      });
    }
  });

  it('serves the decomposition on its own, optionally for some series', async () => {
    const { forecast } = await caller.forecasts.latest({ datasetId });
    const all = await caller.forecasts.decomposition({ datasetId });
    expect(all!.modelId).toBe(forecast!.modelId);
    expect(all!.series.map((s) => s.series)).toEqual(['north', 'south']);
    expect(all!.series[0]).toEqual({
      series: 'north',
      dates: ['2023-01-30', '2023-01-31'],
      trend: [1, 2],
      seasonal: [0.5, -0.5],
    });
    const south = await caller.forecasts.decomposition({ datasetId, series: ['south'] });
    expect(south!.series.map((s) => s.series)).toEqual(['south']);
  });

  it('gives null before the first model', async () => {
    const { caller: other } = await signedInCaller(api.t, api.queue, 'forecast-none');
    const market = await importCsv(other, sampleCsv, { kind: 'market', roles: marketRoles });
    expect((await other.forecasts.latest({ datasetId: market.datasetId })).forecast).toBeNull();
    expect(await other.forecasts.decomposition({ datasetId: market.datasetId })).toBeNull();
  });
});
