import { detectCsv, type ColumnType, type DataKind } from '@foresight/ingest';
import { describe, expect, it } from 'vitest';
import {
  DAYS,
  DAY_MS,
  EARLY_DAYS,
  END_MS,
  MONTHS,
  SAMPLE_SUMMARY,
  SAMPLE_END,
  SAMPLE_START,
  ITEM_COUNT,
  START_MS,
  collect,
  eventsLines,
  financialPeriods,
  sampleDatasets,
  type AnySampleDataset,
} from '../src';

const USERS = 2_000;
const CUSTOMERS = 3_000;
const datasets = sampleDatasets({ seed: 7, users: USERS, customers: CUSTOMERS });
const byKind = <K extends DataKind>(kind: K) =>
  datasets.find((d) => d.kind === kind) as Extract<AnySampleDataset, { kind: K }>;

const texts = new Map<DataKind, string>();
async function text(kind: DataKind): Promise<string> {
  if (!texts.has(kind)) texts.set(kind, await collect(byKind(kind).chunks()));
  return texts.get(kind)!;
}
async function rows(kind: DataKind): Promise<string[][]> {
  const lines = (await text(kind)).trimEnd().split('\n');
  return lines.slice(1).map((l) => l.split(','));
}

describe('sampleDatasets', () => {
  it('returns the four kinds with their roles', () => {
    expect(datasets.map((d) => d.kind)).toEqual(['market', 'events', 'financials', 'customers']);
    expect(new Set(datasets.map((d) => d.fileName)).size).toBe(4);
  });

  it('is deterministic under a seed, and the seed matters', async () => {
    for (const kind of ['market', 'events', 'financials', 'customers'] as const) {
      const again = sampleDatasets({ seed: 7, users: USERS, customers: CUSTOMERS }).find(
        (d) => d.kind === kind,
      )!;
      expect(await collect(again.chunks()), kind).toBe(await text(kind));
      // A second read of the same dataset is identical too.
      expect(await collect(byKind(kind).chunks()), kind).toBe(await text(kind));
      const other = sampleDatasets({ seed: 8, users: USERS, customers: CUSTOMERS }).find(
        (d) => d.kind === kind,
      )!;
      expect(await collect(other.chunks()), kind).not.toBe(await text(kind));
    }
  });

  it('streams in chunks that end at line ends', async () => {
    let n = 0;
    for await (const chunk of byKind('events').chunks()) {
      expect(chunk.endsWith('\n')).toBe(true);
      expect(chunk.length).toBeLessThan(80 * 1024);
      n++;
    }
    expect(n).toBeGreaterThan(5);
  });

  it('market: one row per day over 24 months, three series with trend and weekly seasonality', async () => {
    const r = await rows('market');
    expect(DAYS).toBeGreaterThanOrEqual(18 * 30);
    expect(r.length).toBe(DAYS);
    expect(r[0]![0]).toBe(SAMPLE_START);
    expect(r.at(-1)![0]).toBe(SAMPLE_END);
    const col = (i: number) => r.map((row) => Number(row[i]));
    for (const i of [1, 2, 3]) {
      const values = col(i);
      const first = values.slice(0, 90).reduce((a, b) => a + b) / 90;
      const last = values.slice(-90).reduce((a, b) => a + b) / 90;
      expect(last / first, `series ${i} grows`).toBeGreaterThan(1.5);
    }
    // Sessions: weekends well below weekdays.
    const sessions = col(2);
    const weekday = (i: number) => new Date(START_MS + i * DAY_MS).getUTCDay();
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const weekend = mean(sessions.filter((_, i) => [0, 6].includes(weekday(i))));
    const midweek = mean(sessions.filter((_, i) => [2, 3].includes(weekday(i))));
    expect(weekend / midweek).toBeLessThan(0.75);
  });

  it('the summary the sample card shows is what the files hold (months, market series)', async () => {
    const r = await rows('market');
    const months = new Set(r.map((row) => row[0]!.slice(0, 7)));
    expect(SAMPLE_SUMMARY.months).toBe(months.size);
    expect(SAMPLE_SUMMARY.months).toBe(MONTHS);
    expect(new Set((await rows('financials')).map((row) => row[0]!.slice(0, 7))).size).toBe(
      SAMPLE_SUMMARY.months,
    );
    const header = (await text('market')).split('\n', 1)[0]!.split(',');
    expect(SAMPLE_SUMMARY.marketSeries).toEqual(header.slice(1));
  });

  it('financials: monthly periods ending with about a year of runway', async () => {
    const r = await rows('financials');
    expect(r.length).toBe(MONTHS);
    expect(r[0]![0]).toBe('2024-11-01');
    expect(r.at(-1)![0]).toBe('2026-10-01');
    const num = r.map((row) => row.slice(1).map(Number));
    const revenue = num.map((v) => v[0]!);
    expect(revenue.at(-1)! / revenue[0]!).toBeGreaterThan(1.8);
    const burn = num.map((v) => v.slice(1, 6).reduce((a, b) => a + b) - v[0]!);
    const lastBurn = (burn.at(-1)! + burn.at(-2)! + burn.at(-3)!) / 3;
    const cash = num.at(-1)![6]!;
    expect(lastBurn).toBeGreaterThan(0);
    expect(cash / lastBurn).toBeGreaterThan(11);
    expect(cash / lastBurn).toBeLessThan(13);
    // The balance column is consistent with the flows (apart from one fundraise).
    const jumps = num
      .slice(1)
      .map((v, m) => v[6]! - num[m]![6]! + burn[m + 1]!)
      .filter((d) => Math.abs(d) > 1);
    expect(jumps.length).toBe(1);
    expect(cash).toBeGreaterThan(0);
    expect(financialPeriods(7).every((p) => p.cash > 0)).toBe(true);
  });

  it('customers: one row per customer, unique ids, a learnable churn label at a plausible rate', async () => {
    const r = await rows('customers');
    expect(r.length).toBe(CUSTOMERS);
    expect(new Set(r.map((row) => row[0])).size).toBe(CUSTOMERS);
    const churned = r.filter((row) => row[8] === 'yes');
    expect(r.every((row) => row[8] === 'yes' || row[8] === 'no')).toBe(true);
    const rate = churned.length / r.length;
    expect(rate).toBeGreaterThan(0.1);
    expect(rate).toBeLessThan(0.4);
    // Recency separates churners from the rest.
    const mean = (xs: string[][], i: number) =>
      xs.reduce((a, row) => a + Number(row[i]), 0) / xs.length;
    const stayed = r.filter((row) => row[8] === 'no');
    expect(mean(churned, 6)).toBeGreaterThan(1.5 * mean(stayed, 6));
  });

  it('events: users, dates, items with a popularity skew, revenue on purchases', async () => {
    const r = await rows('events');
    expect(r.length).toBeGreaterThan(USERS * 8);
    const users = new Set(r.map((row) => row[0]));
    expect(users.size).toBe(USERS);
    const times = r.map((row) => Date.parse(row[1]!));
    expect(Math.min(...times)).toBeGreaterThanOrEqual(START_MS);
    expect(Math.max(...times)).toBeLessThan(END_MS + DAY_MS);
    expect(Math.max(...times)).toBeGreaterThan(END_MS - 7 * DAY_MS);
    const purchases = r.filter((row) => row[2] === 'purchase');
    expect(purchases.length).toBeGreaterThan(100);
    expect(purchases.every((row) => Number(row[4]) > 0 && /^sku-\d{4}$/.test(row[3]!))).toBe(true);
    expect(r.filter((row) => row[2] !== 'purchase').every((row) => row[4] === '')).toBe(true);
    const counts = new Map<string, number>();
    for (const row of r) if (row[3]) counts.set(row[3], (counts.get(row[3]) ?? 0) + 1);
    const sorted = [...counts.values()].sort((a, b) => b - a);
    const top10 = sorted.slice(0, 10).reduce((a, b) => a + b, 0);
    const total = sorted.reduce((a, b) => a + b, 0);
    expect(top10 / total, 'the top 10 items take a large share').toBeGreaterThan(0.15);
    // Sign-ups are spread over the whole period, rising.
    const signups = r.filter((row) => row[2] === 'signup').map((row) => Date.parse(row[1]!));
    expect(signups.length).toBe(USERS);
    const firstHalf = signups.filter((t) => t < (START_MS + END_MS) / 2).length;
    expect(firstHalf / USERS).toBeGreaterThan(0.25);
    expect(firstHalf / USERS).toBeLessThan(0.5);
  });

  it('events: early teammate invites and integrations go with better retention', async () => {
    const r = await rows('events');
    const users = new Map<
      string,
      { start: number; last: number; invite: boolean; integrate: boolean }
    >();
    for (const [user, ts, event] of r) {
      const t = Date.parse(ts!);
      let u = users.get(user!);
      if (!u) users.set(user!, (u = { start: t, last: t, invite: false, integrate: false }));
      u.last = Math.max(u.last, t);
      const early = t - u.start < EARLY_DAYS * DAY_MS;
      if (early && event === 'invite_teammate') u.invite = true;
      if (early && event === 'integration_connect') u.integrate = true;
    }
    const eligible = [...users.values()].filter((u) => u.start < END_MS - 150 * DAY_MS);
    const retained = (xs: typeof eligible) =>
      xs.filter((u) => u.last - u.start >= 90 * DAY_MS).length / xs.length;
    for (const feature of ['invite', 'integrate'] as const) {
      const adopters = eligible.filter((u) => u[feature]);
      const others = eligible.filter((u) => !u[feature]);
      expect(adopters.length).toBeGreaterThan(50);
      expect(retained(adopters), feature).toBeGreaterThan(retained(others) + 0.1);
    }
  });

  it('events: a shorter period and a wider catalogue on request (the scale benchmark), the same log by default', () => {
    const text = (g: Iterable<string>) => [...g].join('\n');
    expect(text(eventsLines(11, 300, {}))).toBe(text(eventsLines(11, 300)));
    const lines = [...eventsLines(11, 3_000, { days: 365, itemsPerCategory: 200 })].slice(1);
    const rows = lines.map((l) => l.split(','));
    expect(Math.max(...rows.map((row) => Date.parse(row[1]!)))).toBeLessThan(
      START_MS + 366 * DAY_MS,
    );
    const items = new Set(rows.map((row) => row[3]).filter(Boolean));
    expect(items.size).toBeGreaterThan(ITEM_COUNT);
    expect(rows.every((row) => !row[3] || Number(row[3].slice(4)) <= 1_200)).toBe(true);
    expect(rows.filter((row) => row[2] === 'purchase').every((row) => Number(row[4]) > 0)).toBe(
      true,
    );
  });

  it('every file passes the real detector with the expected types and proposed roles', async () => {
    const expected: Record<DataKind, Record<string, ColumnType>> = {
      market: { date: 'date', signups: 'integer', web_sessions: 'integer', mrr: 'decimal' },
      events: {
        user_id: 'identifier',
        timestamp: 'datetime',
        event: 'categorical',
        item_id: 'identifier',
        revenue: 'decimal',
      },
      financials: {
        month: 'date',
        revenue: 'decimal',
        payroll: 'decimal',
        hosting: 'decimal',
        marketing: 'decimal',
        software: 'decimal',
        office: 'decimal',
        cash_balance: 'decimal',
      },
      customers: {
        customer_id: 'identifier',
        plan: 'categorical',
        seats: 'integer',
        tenure_months: 'integer',
        monthly_spend: 'decimal',
        support_tickets: 'integer',
        last_login_days: 'integer',
        nps: 'integer',
        churned: 'boolean',
      },
    };
    for (const d of datasets) {
      const full = Buffer.from(await text(d.kind));
      const head = full.subarray(0, 1024 * 1024);
      const detection = detectCsv(head, { isComplete: head.length === full.length });
      expect(detection.hasHeader, d.kind).toBe(true);
      expect(detection.delimiter, d.kind).toBe(',');
      expect(detection.warnings, d.kind).toEqual([]);
      expect(Object.fromEntries(detection.columns.map((c) => [c.name, c.type])), d.kind).toEqual(
        expected[d.kind],
      );
      expect(
        detection.columns.flatMap((c) => c.warnings),
        d.kind,
      ).toEqual([]);
      expect(detection.kindGuess, d.kind).toBe(d.kind);
      expect(detection.proposals[d.kind], d.kind).toEqual(d.roles);
    }
  });
});
