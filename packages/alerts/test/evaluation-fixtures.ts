// Planted data for alert evaluation tests, stored with the db functions the importer and the
// trainer use: market, financials, events and customers datasets; forecast, risk and churn models.
import {
  createAlertRule,
  createCustomersDataset,
  createEventsDataset,
  createFinancialsDataset,
  createJob,
  createMarketDataset,
  refreshAnalytics,
  saveChurnResult,
  saveForecastResult,
  saveRiskResult,
  type AlertRuleRecord,
  type ChurnMetrics,
  type DbHandle,
  type ForecastPointInput,
  type LoadTarget,
  type MarketRow,
  type NewAlertRule,
  type RiskMetrics,
} from '@foresight/db';
import type { JobName, JobPayload, JobSender } from '@foresight/queue';

/** A JobSender that records what was sent. */
export function recordingQueue(): JobSender & {
  sent: { name: JobName; payload: unknown }[];
  of<N extends JobName>(name: N): JobPayload<N>[];
} {
  const sent: { name: JobName; payload: unknown }[] = [];
  return {
    sent,
    send(name, payload) {
      sent.push({ name, payload });
      return Promise.resolve(`job-${sent.length}`);
    },
    of<N extends JobName>(name: N) {
      return sent.filter((s) => s.name === name).map((s) => s.payload as JobPayload<N>);
    },
  };
}

/** Seeded uniform numbers (mulberry32) and standard normals (Box–Muller). */
export function seededNoise(seed: number) {
  let state = seed >>> 0;
  const uniform = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = () => {
    let u = 0;
    while (u === 0) u = uniform();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * uniform());
  };
  return { uniform, normal };
}

/** ISO dates of the first of `count` consecutive months from `start` (YYYY-MM). */
export function months(start: string, count: number): string[] {
  const [y, m] = start.split('-').map(Number) as [number, number];
  return Array.from({ length: count }, (_, i) => {
    const d = new Date(Date.UTC(y, m - 1 + i, 1));
    return d.toISOString().slice(0, 10);
  });
}

/** ISO dates of `count` consecutive days from `start` (YYYY-MM-DD). */
export function days(start: string, count: number): string[] {
  const first = Date.parse(`${start}T00:00:00Z`);
  return Array.from({ length: count }, (_, i) =>
    new Date(first + i * 86_400_000).toISOString().slice(0, 10),
  );
}

/** A growing monthly metric with noise: 1,000 + 20 a month ± ~30. */
export function monthlyMetric(count: number, seed = 1): number[] {
  const noise = seededNoise(seed);
  return Array.from({ length: count }, (_, i) => 1000 + 20 * i + 30 * noise.normal());
}

export async function marketDataset(
  db: DbHandle,
  org: { organizationId: string; userId: string },
  series: Record<string, { dates: string[]; values: number[] }>,
  target?: LoadTarget,
): Promise<string> {
  const rows: MarketRow[] = Object.entries(series).flatMap(([name, s]) =>
    s.dates.map((date, i) => ({ series: name, date, value: s.values[i]! })),
  );
  const { id } = await createMarketDataset(db, {
    organizationId: org.organizationId,
    userId: org.userId,
    name: 'Metrics',
    sourceFileName: 'metrics.csv',
    mapping: { date: 'month', value: 'value', series: 'series' },
    rows,
    ...(target ? { target } : {}),
  });
  return id;
}

/** A queued training job of the dataset (what a trainer saves its result against). */
async function jobFor(
  db: DbHandle,
  org: { organizationId: string },
  datasetId: string,
  task: 'forecast' | 'risk' | 'churn',
): Promise<string> {
  const job = await createJob(db, {
    organizationId: org.organizationId,
    datasetId,
    task,
    params: {},
    userId: null,
  });
  return job.id;
}

export async function saveForecast(
  db: DbHandle,
  org: { organizationId: string },
  datasetId: string,
  points: ForecastPointInput[],
): Promise<string> {
  const { modelId } = await saveForecastResult(db, {
    jobId: await jobFor(db, org, datasetId, 'forecast'),
    chosen: 'ets',
    backend: 'cpu',
    params: {},
    metrics: {
      frequency: 'month',
      horizon: points.length,
      holdoutHorizon: 3,
      seasonality: 12,
      candidates: [],
      perSeries: [],
      trainMs: 1,
    },
    points,
  });
  return modelId;
}

export async function financialsDataset(
  db: DbHandle,
  org: { organizationId: string; userId: string },
): Promise<string> {
  const dates = months('2024-01', 12);
  const { id } = await createFinancialsDataset(db, {
    organizationId: org.organizationId,
    userId: org.userId,
    name: 'Financials',
    sourceFileName: 'pnl.csv',
    mapping: {
      date: 'month',
      revenue: 'revenue',
      expenses: ['costs'],
      cash: 'cash',
      startingCash: null,
    },
    rows: dates.map((date, i) => ({
      date,
      revenue: 50_000 + 1000 * i,
      expenses: 90_000,
      cash: 600_000 - 40_000 * i,
    })),
  });
  return id;
}

/**
 * A stored risk assessment with the given median runway (null: beyond the horizon) and
 * P(cash out within m months) = min(1, m · perMonth).
 */
export async function saveRisk(
  db: DbHandle,
  org: { organizationId: string },
  datasetId: string,
  assessment: { p50: number | null; perMonth: number; horizon?: number },
): Promise<string> {
  const horizon = assessment.horizon ?? 18;
  const dates = months('2025-01', horizon);
  const metrics: RiskMetrics = {
    asOf: '2024-12-01',
    currentCash: 160_000,
    horizon,
    paths: 2000,
    fan: dates.map((date, i) => ({ month: i + 1, date, p10: 0, p50: 100, p90: 200 })),
    runway: {
      p10: assessment.p50 === null ? null : assessment.p50 * 0.7,
      p50: assessment.p50,
      p90: null,
      shareBeyondHorizon: 0.3,
      horizon,
    },
    probabilityCashOut: dates.map((_, i) => ({
      month: i + 1,
      p: Math.min(1, (i + 1) * assessment.perMonth),
    })),
    summary: {},
    constantBurn: { monthlyBurn: 40_000, runwayMonths: 4 },
    forecast: { dates, revenue: dates.map(() => 0), expenses: dates.map(() => 0) },
    history: { dates: [], revenue: [], expenses: [], cash: [] },
    backtest: [],
    sampling: { method: 'block', blockLength: 3, origins: 1, steps: 1 },
    anomalies: [],
    trainMs: 1,
  };
  const errorModel = { p50: dates.map(() => 0), residuals: [dates.map(() => 0)] };
  const { modelId } = await saveRiskResult(db, {
    jobId: await jobFor(db, org, datasetId, 'risk'),
    backend: 'cpu',
    chosen: 'ets',
    metrics,
    params: {
      input: { currentCash: 160_000, revenue: errorModel, expenses: errorModel },
      paths: 2000,
      horizon,
      seed: 1,
      dates,
    },
  });
  return modelId;
}

export async function customersDataset(
  db: DbHandle,
  org: { organizationId: string; userId: string },
  count: number,
): Promise<string> {
  const { id } = await createCustomersDataset(db, {
    organizationId: org.organizationId,
    userId: org.userId,
    name: 'Customers',
    sourceFileName: 'customers.csv',
    mapping: { id: 'id', label: 'churned', columns: ['id', 'churned'] },
    rows: Array.from({ length: count }, (_, i) => ({
      recordId: `c${i}`,
      attributes: { id: `c${i}`, churned: 'no' },
    })),
  });
  return id;
}

const churnMetrics = (threshold: number): ChurnMetrics => ({
  mode: 'table',
  chosen: 'gbdt',
  trainMs: 1,
  candidates: [{ name: 'gbdt', rocAuc: 0.8, rocAucSe: 0.01, prAuc: 0.5, logLoss: 0.4, fitMs: 1 }],
  calibration: [],
  threshold: { value: threshold, precision: 0.6, recall: 0.6, f1: 0.6 },
  importance: [],
  features: [],
  rows: { train: 1, validation: 1, scored: 1 },
  positiveRate: 0.2,
});

/** A churn model scoring `count` customers, `atRisk` of them at 0.8 and the rest at 0.1. */
export async function saveChurn(
  db: DbHandle,
  org: { organizationId: string },
  datasetId: string,
  scores: { count: number; atRisk: number; threshold?: number },
): Promise<string> {
  const { modelId } = await saveChurnResult(db, {
    jobId: await jobFor(db, org, datasetId, 'churn'),
    backend: 'cpu',
    chosen: 'gbdt',
    metrics: churnMetrics(scores.threshold ?? 0.5),
    params: {},
    scores: Array.from({ length: scores.count }, (_, i) => ({
      id: `c${i}`,
      score: i < scores.atRisk ? 0.8 : 0.1,
      drivers: [],
    })),
  });
  return modelId;
}

/**
 * An events dataset with `actives[d]` users active on day d (two events each), its behaviour
 * aggregates rebuilt.
 */
export async function eventsDataset(
  db: DbHandle,
  org: { organizationId: string; userId: string },
  start: string,
  actives: number[],
): Promise<string> {
  const dates = days(start, actives.length);
  const rows = dates.flatMap((date, d) =>
    Array.from({ length: actives[d]! }, (_, u) =>
      [9, 15].map((hour) => ({
        userId: `u${u}`,
        occurredAt: `${date}T${String(hour).padStart(2, '0')}:00:00.000Z`,
        eventName: 'open',
        itemId: null,
        value: null,
      })),
    ).flat(),
  );
  const { id } = await createEventsDataset(db, {
    organizationId: org.organizationId,
    userId: org.userId,
    name: 'App events',
    sourceFileName: 'events.csv',
    mapping: { user: 'user', time: 'time', event: 'event', item: null, value: null },
    rows,
  });
  await refreshAnalytics(db, id);
  return id;
}

export function rule(
  db: DbHandle,
  org: { organizationId: string; userId: string },
  input: Omit<NewAlertRule, 'email' | 'name'> & { email?: boolean; name?: string },
): Promise<AlertRuleRecord> {
  return createAlertRule(db, org.organizationId, org.userId, {
    name: input.name ?? `${input.kind} rule`,
    email: input.email ?? false,
    ...input,
  });
}
