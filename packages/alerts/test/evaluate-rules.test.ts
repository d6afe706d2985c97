// Each rule kind on planted data (fires, with the numbers that fired it) and on control data
// (stays silent), evaluated against a real database.
import type { AlertRuleRecord } from '@foresight/db';
import { createTestDatabase, seedOrganization, type TestDatabase } from '@foresight/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateRule, isSkipped, ZRuleSpec, type Evaluation } from '../src';
import {
  customersDataset,
  eventsDataset,
  financialsDataset,
  marketDataset,
  monthlyMetric,
  months,
  rule,
  saveChurn,
  saveForecast,
  saveRisk,
  seededNoise,
} from './evaluation-fixtures';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.drop();
});

async function evaluate(r: AlertRuleRecord): Promise<Evaluation> {
  const outcome = await evaluateRule(
    t.db,
    r,
    ZRuleSpec.parse({ kind: r.kind, subject: r.subject, params: r.params }),
  );
  if (isSkipped(outcome)) throw new Error(`skipped: ${outcome.skipped}`);
  return outcome;
}

describe('metric_anomaly', () => {
  const dates = months('2022-01', 36);
  const history = monthlyMetric(36, 7);
  // Control: the newest value on the trend line; planted: 300 above it (~10 noise sds).
  const control = [...history.slice(0, -1), 1000 + 20 * 35];
  const spiked = [...history.slice(0, -1), 1000 + 20 * 35 + 300];

  it('fires when the newest point of a market series leaves its calibrated band', async () => {
    const org = await seedOrganization(t.db, 'anomaly');
    const datasetId = await marketDataset(t.db, org, {
      Revenue: { dates, values: spiked },
      Signups: { dates, values: control },
    });
    const subject = (series: string) => ({ source: 'market', series });
    const params = { coverage: 0.9, direction: 'both' };
    const fired = await evaluate(
      await rule(t.db, org, {
        kind: 'metric_anomaly',
        datasetId,
        subject: subject('Revenue'),
        params,
      }),
    );
    expect(fired.fire).toMatchObject({
      periodKey: 'Revenue:2024-12-01',
      values: { date: '2024-12-01', value: spiked.at(-1), outside: 'above', coverage: 0.9 },
    });
    expect(fired.fire!.summary).toMatch(
      /^Revenue was 2,000 on 2024-12-01, above its usual range of 1,\d{3}–1,\d{3} \(the 90% band/,
    );
    expect(fired.state.text).toMatch(
      /^Latest 2,000 on 2024-12-01, above its usual range .* held \d+% of the last 25 points/,
    );

    const silent = await evaluate(
      await rule(t.db, org, {
        kind: 'metric_anomaly',
        datasetId,
        subject: subject('Signups'),
        params,
      }),
    );
    expect(silent.fire).toBeNull();
    expect(silent.state.text).toMatch(/^Latest 1,700 on 2024-12-01, within its usual range/);

    // A rule that watches falls only does not fire on a rise.
    const down = await evaluate(
      await rule(t.db, org, {
        kind: 'metric_anomaly',
        datasetId,
        subject: subject('Revenue'),
        params: { coverage: 0.9, direction: 'down' },
      }),
    );
    expect(down.fire).toBeNull();
  });

  it('waits for a minimum history', async () => {
    const org = await seedOrganization(t.db, 'short');
    const datasetId = await marketDataset(t.db, org, {
      Revenue: { dates: dates.slice(0, 8), values: [...history.slice(0, 7), 5000] },
    });
    const r = await rule(t.db, org, {
      kind: 'metric_anomaly',
      datasetId,
      subject: { source: 'market', series: 'Revenue' },
      params: { coverage: 0.95, direction: 'both' },
    });
    const e = await evaluate(r);
    expect(e.fire).toBeNull();
    expect(e.state.text).toBe(
      '8 points so far; a 95% band needs at least 21 to judge the newest one.',
    );
  });

  it('watches daily active users of an event log, with its weekly rhythm', async () => {
    const noise = seededNoise(3);
    // 10 weeks: ~40 actives on weekdays, ~15 at weekends.
    const actives = Array.from({ length: 70 }, (_, d) =>
      Math.round((d % 7 >= 5 ? 15 : 40) + 3 * noise.normal()),
    );
    const org = await seedOrganization(t.db, 'behaviour');
    const normal = await eventsDataset(t.db, org, '2024-03-04', actives);
    const spiked = await eventsDataset(t.db, org, '2024-03-04', [...actives.slice(0, -1), 90]);
    const params = { coverage: 0.95, direction: 'up' };
    const subject = { source: 'behaviour', metric: 'active_users' };

    const quiet = await evaluate(
      await rule(t.db, org, { kind: 'metric_anomaly', datasetId: normal, subject, params }),
    );
    expect(quiet.fire).toBeNull();
    expect(quiet.state.text).toMatch(
      /^Latest \d+ active users on 2024-05-12, within its usual range/,
    );

    const fired = await evaluate(
      await rule(t.db, org, { kind: 'metric_anomaly', datasetId: spiked, subject, params }),
    );
    expect(fired.fire).toMatchObject({
      periodKey: 'active_users:2024-05-12',
      values: { value: 90, outside: 'above' },
    });
    expect(fired.fire!.summary).toMatch(
      /^Daily active users was 90 active users on 2024-05-12, above/,
    );

    const volume = await evaluate(
      await rule(t.db, org, {
        kind: 'metric_anomaly',
        datasetId: spiked,
        subject: { source: 'behaviour', metric: 'event_volume' },
        params,
      }),
    );
    expect(volume.fire).toMatchObject({
      periodKey: 'event_volume:2024-05-12',
      values: { value: 180 },
    });
  });
});

describe('forecast_breach', () => {
  const trainDates = months('2023-01', 24);
  const train = monthlyMetric(24, 11);
  const forecastDates = months('2025-01', 6);
  const points = forecastDates.map((date) => ({
    series: 'Revenue',
    date,
    p10: 1400,
    p50: 1500,
    p90: 1600,
  }));

  async function setUp(actuals: number[]) {
    const org = await seedOrganization(t.db, 'breach');
    const datasetId = await marketDataset(t.db, org, {
      Revenue: { dates: trainDates, values: train },
    });
    await saveForecast(t.db, org, datasetId, points);
    // The next upload appends actuals for the forecast's first months.
    await marketDataset(
      t.db,
      org,
      { Revenue: { dates: forecastDates.slice(0, actuals.length), values: actuals } },
      { mode: 'append', datasetId },
    );
    const r = await rule(t.db, org, {
      kind: 'forecast_breach',
      datasetId,
      subject: { series: 'Revenue' },
      params: { consecutive: 2 },
    });
    return { org, datasetId, r };
  }

  it('fires when the last k actuals are all outside p10–p90, judged by the forecast made before them', async () => {
    const { org, datasetId, r } = await setUp([1500, 1700, 1750]);
    const e = await evaluate(r);
    expect(e.fire).toMatchObject({
      periodKey: 'Revenue:2025-03-01',
      values: { actual: 1750, p10: 1400, p90: 1600, outsideInARow: 2, periods: 3, version: 1 },
    });
    expect(e.fire!.summary).toBe(
      "Revenue was outside its forecast's p10–p90 range 2 periods in a row: 1,750 on 2025-03-01, above the forecast 1,400–1,600 (forecast v1).",
    );
    // A retrain on those actuals forecasts from April on: the alert still judges March by v1.
    await saveForecast(
      t.db,
      org,
      datasetId,
      months('2025-04', 6).map((date) => ({
        series: 'Revenue',
        date,
        p10: 1650,
        p50: 1750,
        p90: 1850,
      })),
    );
    const after = await evaluate(r);
    expect(after.fire).toMatchObject({ periodKey: 'Revenue:2025-03-01', values: { version: 1 } });
  });

  it('stays silent inside the range or with fewer than k periods outside', async () => {
    const inside = await evaluate((await setUp([1450, 1550, 1590])).r);
    expect(inside.fire).toBeNull();
    expect(inside.state.text).toBe(
      '3 periods of actuals since forecast v1: latest 1,590 on 2025-03-01 against p10–p90 1,400–1,600; 0 in a row outside (alert at 2).',
    );
    const once = await evaluate((await setUp([1500, 1550, 1300])).r);
    expect(once.fire).toBeNull();
    expect(once.state.values).toMatchObject({ outsideInARow: 1 });
  });

  it('waits while no actual has arrived since the forecast', async () => {
    const org = await seedOrganization(t.db, 'breach-wait');
    const datasetId = await marketDataset(t.db, org, {
      Revenue: { dates: trainDates, values: train },
    });
    const r = await rule(t.db, org, {
      kind: 'forecast_breach',
      datasetId,
      subject: { series: 'Revenue' },
      params: { consecutive: 1 },
    });
    expect((await evaluate(r)).state.text).toMatch(/^No forecast yet/);
    await saveForecast(t.db, org, datasetId, points);
    const e = await evaluate(r);
    expect(e.fire).toBeNull();
    expect(e.state.text).toBe(
      'Waiting for actuals: forecast v1 starts at 2025-01-01; the data ends at 2024-12-01.',
    );
  });
});

describe('runway', () => {
  it('fires on P(cash out within N months) above the line, or the median runway below N months', async () => {
    const org = await seedOrganization(t.db, 'runway');
    const datasetId = await financialsDataset(t.db, org);
    // P(out within 12 months) = 0.36; median runway 7.2 months.
    const modelId = await saveRisk(t.db, org, datasetId, { p50: 7.2, perMonth: 0.03 });
    const check = async (params: object) =>
      evaluate(await rule(t.db, org, { kind: 'runway', datasetId, subject: {}, params }));

    const p = await check({ when: 'cash_out_probability', months: 12, probability: 0.2 });
    expect(p.fire).toMatchObject({ periodKey: modelId, values: { probability: 0.36, months: 12 } });
    expect(p.fire!.summary).toBe(
      'The chance of running out of cash within 12 months is 36% in the assessment as of 2024-12-01, above your 20% line (median runway 7.2 months).',
    );
    expect(
      (await check({ when: 'cash_out_probability', months: 12, probability: 0.5 })).fire,
    ).toBeNull();

    const median = await check({ when: 'median_runway_below', months: 9 });
    expect(median.fire).toMatchObject({ periodKey: modelId, values: { runwayP50: 7.2 } });
    expect(median.fire!.summary).toMatch(
      /^Median runway is 7.2 months in the assessment as of 2024-12-01, below your 9-month line/,
    );
    expect((await check({ when: 'median_runway_below', months: 6 })).fire).toBeNull();

    const beyond = await check({ when: 'cash_out_probability', months: 24, probability: 0.2 });
    expect(beyond.fire).toBeNull();
    expect(beyond.state.text).toMatch(/simulates 18 months, not 24/);
  });

  it('does not fire on a median runway beyond the horizon', async () => {
    const org = await seedOrganization(t.db, 'runway-long');
    const datasetId = await financialsDataset(t.db, org);
    await saveRisk(t.db, org, datasetId, { p50: null, perMonth: 0.001 });
    const e = await evaluate(
      await rule(t.db, org, {
        kind: 'runway',
        datasetId,
        subject: {},
        params: { when: 'median_runway_below', months: 12 },
      }),
    );
    expect(e.fire).toBeNull();
    expect(e.state.text).toBe(
      'Median runway more than 18 months as of 2024-12-01 (alert below 12 months).',
    );
  });
});

describe('churn_growth', () => {
  it('fires when customers above the alert threshold grow by more than the percent since the last run', async () => {
    const org = await seedOrganization(t.db, 'churn');
    const datasetId = await customersDataset(t.db, org, 50);
    const r = (percent: number) =>
      rule(t.db, org, { kind: 'churn_growth', datasetId, subject: {}, params: { percent } });
    const twenty = await r(20);
    const fifty = await r(50);

    await saveChurn(t.db, org, datasetId, { count: 50, atRisk: 10 });
    const first = await evaluate(twenty);
    expect(first.fire).toBeNull();
    expect(first.state.text).toBe(
      '10 customers at risk (score ≥ 50%) of 50 in churn model v1; the next run is compared with it.',
    );

    const latest = await saveChurn(t.db, org, datasetId, { count: 50, atRisk: 14 });
    const fired = await evaluate(twenty);
    expect(fired.fire).toMatchObject({
      periodKey: latest,
      values: { atRisk: 14, previousAtRisk: 10, growthPercent: 40 },
    });
    expect(fired.fire!.summary).toBe(
      'Customers at high churn risk rose 40% since the previous run: 14 now against 10 (score ≥ 50%).',
    );
    const quiet = await evaluate(fifty);
    expect(quiet.fire).toBeNull();
    expect(quiet.state.text).toBe(
      '14 customers at risk (score ≥ 50%) in churn model v2, +40% from 10 in v1 (alert above +50%).',
    );
  });
});

describe('threshold', () => {
  it('fires on the crossing, not while the value stays on that side', async () => {
    const org = await seedOrganization(t.db, 'threshold');
    const dates = months('2024-01', 4);
    const datasetId = await marketDataset(t.db, org, {
      Crossing: { dates, values: [900, 920, 950, 1204] },
      Staying: { dates, values: [1100, 1150, 1180, 1204] },
      Falling: { dates, values: [1100, 1150, 1180, 990.5] },
    });
    const check = async (series: string, direction: 'above' | 'below') =>
      evaluate(
        await rule(t.db, org, {
          kind: 'threshold',
          datasetId,
          subject: { source: 'market', series },
          params: { value: 1000, direction },
        }),
      );
    const crossed = await check('Crossing', 'above');
    expect(crossed.fire).toEqual({
      periodKey: 'Crossing:2024-04-01',
      summary: 'Crossing rose above 1,000 on 2024-04-01: 1,204, from 950 on 2024-03-01.',
      values: {
        subject: 'Crossing',
        date: '2024-04-01',
        value: 1204,
        previousDate: '2024-03-01',
        previous: 950,
        line: 1000,
        direction: 'above',
      },
    });
    const staying = await check('Staying', 'above');
    expect(staying.fire).toBeNull();
    expect(staying.state.text).toBe(
      'Latest 1,204 on 2024-04-01, above 1,000 (previous 1,180 on 2024-03-01).',
    );
    expect((await check('Falling', 'below')).fire).toMatchObject({
      periodKey: 'Falling:2024-04-01',
      summary: 'Falling fell below 1,000 on 2024-04-01: 990.5, from 1,180 on 2024-03-01.',
    });
    expect((await check('Crossing', 'below')).fire).toBeNull();
  });
});
