// Behaviour analytics in SQL, checked against an independent in-test computation over a small
// event log: daily/weekly activity, new vs returning, rolling WAU/MAU, retention cohorts,
// feature adoption vs retention, and funnels.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  analyticsFeatures,
  analyticsFunnel,
  analyticsOverview,
  analyticsRetention,
  createEventsDataset,
  createMarketDataset,
  refreshAnalytics,
} from '../src';
import {
  createTestDatabase,
  sampleBehaviourLog,
  seedOrganization,
  type TestDatabase,
} from '../src/testing';

let t: TestDatabase;
let org: { organizationId: string; userId: string };
let datasetId: string;

const DAY = 86_400_000;
const FEATURES = ['open', 'share', 'export', 'invite'];

const rows = sampleBehaviourLog();
const dayOf = (iso: string) => iso.slice(0, 10);
const ms = (day: string) => Date.parse(`${day}T00:00:00Z`);
const addDays = (day: string, n: number) => new Date(ms(day) + n * DAY).toISOString().slice(0, 10);
const monday = (day: string) => addDays(day, -((new Date(ms(day)).getUTCDay() + 6) % 7));

// ---- the independent computation ----
const activeDays = new Map<string, Set<string>>(); // user → days
for (const r of rows) {
  const set = activeDays.get(r.userId) ?? new Set<string>();
  set.add(dayOf(r.occurredAt));
  activeDays.set(r.userId, set);
}
const firstDay = new Map([...activeDays].map(([u, d]) => [u, [...d].sort()[0]!]));
const lastDay = new Map([...activeDays].map(([u, d]) => [u, [...d].sort().at(-1)!]));
const allDays = [...new Set(rows.map((r) => dayOf(r.occurredAt)))].sort();
const activeOn = (day: string) => [...activeDays].filter(([, d]) => d.has(day)).map(([u]) => u);
const activeBetween = (from: string, to: string) =>
  [...activeDays].filter(([, d]) => [...d].some((x) => x >= from && x <= to)).map(([u]) => u);

beforeAll(async () => {
  t = await createTestDatabase();
  org = await seedOrganization(t.db, 'analytics');
  ({ id: datasetId } = await createEventsDataset(t.db, {
    ...org,
    name: 'log',
    sourceFileName: null,
    mapping: {},
    rows,
  }));
  await refreshAnalytics(t.db, datasetId);
});
afterAll(async () => {
  await t.drop();
});

describe('behaviour analytics', () => {
  it('counts daily active, new and returning users, events, revenue and rolling WAU/MAU', async () => {
    const o = await analyticsOverview(t.db, org.organizationId, datasetId, { grain: 'day' });
    expect(o.status).toBe('ready');
    expect(o.range).toEqual({ from: allDays[0], to: allDays.at(-1) });
    expect(o.series.map((p) => p.period)).toEqual(allDays);
    for (const p of o.series) {
      const active = activeOn(p.period);
      const isNew = active.filter((u) => firstDay.get(u) === p.period);
      const dayRows = rows.filter((r) => dayOf(r.occurredAt) === p.period);
      const mau = activeBetween(addDays(p.period, -27), p.period).length;
      expect(p, p.period).toMatchObject({
        activeUsers: active.length,
        newUsers: isNew.length,
        returningUsers: active.length - isNew.length,
        events: dayRows.length,
      });
      expect(p.revenue).toBeCloseTo(
        dayRows.reduce((s, r) => s + (r.value ?? 0), 0),
        6,
      );
      expect(p.stickiness).toBeCloseTo(active.length / mau, 9);
    }
    const { rows: rolling } = await t.db.pool.query<{ period: string; wau: number; mau: number }>(
      `SELECT period::text, wau, mau FROM analytics_activity WHERE dataset_id = $1 AND grain = 'day' ORDER BY period`,
      [datasetId],
    );
    for (const r of rolling) {
      expect(r.wau, r.period).toBe(activeBetween(addDays(r.period, -6), r.period).length);
      expect(r.mau, r.period).toBe(activeBetween(addDays(r.period, -27), r.period).length);
    }
    expect(o.totals).toMatchObject({ users: activeDays.size, events: rows.length });
  });

  it('counts weekly actives and, per event, event volume and first uses', async () => {
    const o = await analyticsOverview(t.db, org.organizationId, datasetId, { grain: 'week' });
    const weeks = [...new Set(allDays.map(monday))].sort();
    expect(o.series.map((p) => p.period)).toEqual(weeks);
    for (const p of o.series) {
      const active = activeBetween(p.period, addDays(p.period, 6));
      expect(p.activeUsers, p.period).toBe(active.length);
      expect(p.newUsers, p.period).toBe(
        active.filter((u) => monday(firstDay.get(u)!) === p.period).length,
      );
    }
    for (const v of o.eventVolume) {
      expect(v.events).toBe(rows.filter((r) => r.eventName === v.event).length);
      expect(v.users).toBe(
        new Set(rows.filter((r) => r.eventName === v.event).map((r) => r.userId)).size,
      );
    }
    const shares = await analyticsOverview(t.db, org.organizationId, datasetId, {
      grain: 'day',
      event: 'share',
    });
    for (const p of shares.series) {
      const onDay = rows.filter((r) => r.eventName === 'share' && dayOf(r.occurredAt) === p.period);
      expect(p.activeUsers).toBe(new Set(onDay.map((r) => r.userId)).size);
      expect(p.stickiness).toBeNull();
    }
    // A custom range reads the per-user distribution from the events themselves.
    const from = allDays[10]!;
    const to = allDays[30]!;
    const ranged = await analyticsOverview(t.db, org.organizationId, datasetId, { from, to });
    const perUser = new Map<string, number>();
    for (const r of rows) {
      const d = dayOf(r.occurredAt);
      if (d >= from && d <= to) perUser.set(r.userId, (perUser.get(r.userId) ?? 0) + 1);
    }
    expect(ranged.totals.users).toBe(perUser.size);
    const oneEvent = [...perUser.values()].filter((n) => n === 1).length;
    expect(ranged.activityDistribution[0]).toEqual({ bucket: '1', users: oneEvent });
    expect(ranged.series.every((p) => p.period >= from && p.period <= to)).toBe(true);
  });

  it('totals respect the event filter: users, events and revenue of that event only', async () => {
    const expected = (event: string, from = '0000', to = '9999') => {
      const hits = rows.filter(
        (r) => r.eventName === event && dayOf(r.occurredAt) >= from && dayOf(r.occurredAt) <= to,
      );
      const perUser = new Map<string, number>();
      for (const r of hits) perUser.set(r.userId, (perUser.get(r.userId) ?? 0) + 1);
      return {
        users: perUser.size,
        events: hits.length,
        revenue: hits.reduce((s, r) => s + (r.value ?? 0), 0),
        once: [...perUser.values()].filter((n) => n === 1).length,
      };
    };
    for (const event of ['share', 'export', 'invite']) {
      const whole = await analyticsOverview(t.db, org.organizationId, datasetId, { event });
      const want = expected(event);
      // The fixture makes every filter a strict subset, so an unfiltered total would fail here.
      expect(want.events).toBeLessThan(rows.length);
      expect(whole.totals.users, event).toBe(want.users);
      expect(whole.totals.events, event).toBe(want.events);
      expect(whole.totals.revenue, event).toBeCloseTo(want.revenue, 6);
      expect(whole.activityDistribution[0], event).toEqual({ bucket: '1', users: want.once });

      const from = allDays[10]!;
      const to = allDays[30]!;
      const ranged = await analyticsOverview(t.db, org.organizationId, datasetId, {
        event,
        from,
        to,
      });
      const inRange = expected(event, from, to);
      expect(ranged.totals.users, `${event} ${from}…${to}`).toBe(inRange.users);
      expect(ranged.totals.events, `${event} ${from}…${to}`).toBe(inRange.events);
      expect(ranged.totals.revenue).toBeCloseTo(inRange.revenue, 6);
      expect(ranged.activityDistribution.reduce((s, b) => s + b.users, 0)).toBe(inRange.users);
    }
  });

  it('builds weekly and monthly retention cohorts', async () => {
    for (const grain of ['week', 'month'] as const) {
      const periodOf = (day: string) => (grain === 'week' ? monday(day) : `${day.slice(0, 7)}-01`);
      const distance = (from: string, to: string) =>
        grain === 'week'
          ? Math.round((ms(to) - ms(from)) / (7 * DAY))
          : (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 +
            Number(to.slice(5, 7)) -
            Number(from.slice(5, 7));
      const { cohorts } = await analyticsRetention(t.db, org.organizationId, datasetId, grain);
      const expectedCohorts = [...new Set([...firstDay.values()].map(periodOf))].sort();
      expect(cohorts.map((c) => c.cohort)).toEqual(expectedCohorts);
      for (const c of cohorts) {
        const members = [...firstDay].filter(([, d]) => periodOf(d) === c.cohort).map(([u]) => u);
        expect(c.size).toBe(members.length);
        c.retained.forEach((share, k) => {
          const active = members.filter((u) =>
            [...activeDays.get(u)!].some((d) => distance(c.cohort, periodOf(d)) === k),
          ).length;
          expect(share, `${grain} ${c.cohort} +${k}`).toBeCloseTo(active / members.length, 9);
        });
        expect(c.retained[0]).toBe(1);
      }
    }
  });

  it('compares 30-day retention of each feature’s adopters and non-adopters', async () => {
    const end = [...lastDay.values()].sort().at(-1)!;
    const eligible = [...firstDay].filter(([, d]) => d <= addDays(end, -30)).map(([u]) => u);
    const retained = (u: string) => lastDay.get(u)! >= addDays(firstDay.get(u)!, 30);
    const result = await analyticsFeatures(t.db, org.organizationId, datasetId, 30);
    expect(result.eligibleUsers).toBe(eligible.length);
    expect(result.features.map((f) => f.event).sort()).toEqual(FEATURES.slice().sort());
    for (const f of result.features) {
      const adopters = eligible.filter((u) =>
        rows.some(
          (r) =>
            r.userId === u &&
            r.eventName === f.event &&
            dayOf(r.occurredAt) < addDays(firstDay.get(u)!, 30),
        ),
      );
      const others = eligible.filter((u) => !adopters.includes(u));
      const p1 = adopters.filter(retained).length / adopters.length;
      const p0 = others.length ? others.filter(retained).length / others.length : 0;
      expect(f.adopters, f.event).toBe(adopters.length);
      expect(f.adopterRetention, f.event).toBeCloseTo(p1, 9);
      expect(f.nonAdopterRetention, f.event).toBeCloseTo(p0, 9);
      expect(f.difference).toBeCloseTo(p1 - p0, 9);
      expect(f.ci95[0]).toBeLessThanOrEqual(f.difference);
      expect(f.ci95[1]).toBeGreaterThanOrEqual(f.difference);
    }
    // The precomputed 30-day figures equal the ones computed on request.
    await t.db.pool.query('DELETE FROM analytics_features WHERE dataset_id = $1', [datasetId]);
    expect(await analyticsFeatures(t.db, org.organizationId, datasetId, 30)).toEqual(result);
    await refreshAnalytics(t.db, datasetId);
    // Sorted by the difference, largest first (features everyone used have nothing to compare).
    expect(result.features.find((f) => f.event === 'open')?.comparable).toBe(false);
    const diffs = result.features.filter((f) => f.comparable).map((f) => f.difference);
    expect(diffs).toEqual([...diffs].sort((a, b) => b - a));
  });

  it('counts an ordered funnel over first uses, with median hours between steps', async () => {
    const firstUse = (u: string, e: string) =>
      rows
        .filter((r) => r.userId === u && r.eventName === e)
        .map((r) => Date.parse(r.occurredAt))
        .sort((a, b) => a - b)[0];
    const steps = ['open', 'share', 'export'];
    const result = await analyticsFunnel(t.db, org.organizationId, datasetId, steps);
    let reached = [...activeDays.keys()].filter((u) => firstUse(u, 'open') !== undefined);
    expect(result.steps[0]).toMatchObject({
      event: 'open',
      users: reached.length,
      conversionFromPrevious: null,
    });
    for (let k = 1; k < steps.length; k++) {
      const next = reached.filter((u) => {
        const t0 = firstUse(u, steps[k - 1]!);
        const t1 = firstUse(u, steps[k]!);
        return t0 !== undefined && t1 !== undefined && t1 >= t0;
      });
      const hours = next
        .map((u) => (firstUse(u, steps[k]!)! - firstUse(u, steps[k - 1]!)!) / 3_600_000)
        .sort((a, b) => a - b);
      const median =
        hours.length % 2
          ? hours[(hours.length - 1) / 2]!
          : (hours[hours.length / 2 - 1]! + hours[hours.length / 2]!) / 2;
      expect(result.steps[k]!.users, steps[k]).toBe(next.length);
      expect(result.steps[k]!.conversionFromPrevious).toBeCloseTo(next.length / reached.length, 9);
      expect(result.steps[k]!.medianHoursFromPrevious).toBeCloseTo(median, 6);
      reached = next;
    }
    // Within one day of the first step: fewer or equal users.
    const within = await analyticsFunnel(t.db, org.organizationId, datasetId, steps, 1);
    expect(within.steps[2]!.users).toBeLessThanOrEqual(result.steps[2]!.users);
  });

  it('counts each period’s first users of an event and the whole-range distribution, as stored by the refresh', async () => {
    const bucketOf = (n: number) => Math.min(6, Math.floor(Math.log2(n)));
    const buckets = (counts: Iterable<number>) => {
      const users = [0, 0, 0, 0, 0, 0, 0];
      for (const n of counts) users[bucketOf(n)]!++;
      return users;
    };
    const perUser = (event?: string) => {
      const n = new Map<string, number>();
      for (const r of rows)
        if (!event || r.eventName === event) n.set(r.userId, (n.get(r.userId) ?? 0) + 1);
      return n.values();
    };
    const all = await analyticsOverview(t.db, org.organizationId, datasetId);
    expect(all.activityDistribution.map((b) => b.users)).toEqual(buckets(perUser()));
    for (const event of FEATURES) {
      const firstDayOf = new Map<string, string>();
      for (const r of rows)
        if (r.eventName === event) {
          const d = dayOf(r.occurredAt);
          if (!firstDayOf.has(r.userId) || d < firstDayOf.get(r.userId)!)
            firstDayOf.set(r.userId, d);
        }
      for (const grain of ['day', 'week'] as const) {
        const periodOf = (d: string) => (grain === 'day' ? d : monday(d));
        const o = await analyticsOverview(t.db, org.organizationId, datasetId, { grain, event });
        expect(o.series.length, `${event} ${grain}`).toBeGreaterThan(0);
        for (const p of o.series) {
          const first = [...firstDayOf.values()].filter((d) => periodOf(d) === p.period).length;
          expect(p.newUsers, `${event} ${grain} ${p.period}`).toBe(first);
          expect(p.returningUsers).toBe(p.activeUsers - first);
        }
      }
      const whole = await analyticsOverview(t.db, org.organizationId, datasetId, { event });
      expect(
        whole.activityDistribution.map((b) => b.users),
        event,
      ).toEqual(buckets(perUser(event)));
    }
  });

  it('counts funnels within a window, with repeated, unknown and single steps, exactly', async () => {
    const firsts = new Map<string, Map<string, number>>(); // user → event → first time
    for (const r of rows) {
      if (!r.eventName) continue;
      const user = firsts.get(r.userId) ?? new Map<string, number>();
      const at = Date.parse(r.occurredAt);
      if (!user.has(r.eventName) || at < user.get(r.eventName)!) user.set(r.eventName, at);
      firsts.set(r.userId, user);
    }
    const median = (xs: number[]) => {
      const s = [...xs].sort((a, b) => a - b);
      if (!s.length) return null;
      return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
    };
    const expected = (steps: string[], withinDays?: number) => {
      let reached = [...firsts].filter(([, f]) => f.has(steps[0]!)).map(([, f]) => f);
      const out = [{ users: reached.length, median: null as number | null }];
      for (let k = 1; k < steps.length; k++) {
        const next = reached.filter((f) => {
          const [t0, prev, at] = [f.get(steps[0]!)!, f.get(steps[k - 1]!)!, f.get(steps[k]!)];
          return at !== undefined && at >= prev && (!withinDays || at <= t0 + withinDays * DAY);
        });
        out.push({
          users: next.length,
          median: median(next.map((f) => (f.get(steps[k]!)! - f.get(steps[k - 1]!)!) / 3_600_000)),
        });
        reached = next;
      }
      return out;
    };
    const cases: [string[], number?][] = [
      [['open', 'share', 'export'], 7],
      [['open', 'invite', 'share'], 1],
      [['share', 'open']],
      [['open', 'open', 'share']],
      [['open', 'never-done', 'share']],
      [['invite']],
    ];
    for (const [steps, within] of cases) {
      const { steps: got } = await analyticsFunnel(
        t.db,
        org.organizationId,
        datasetId,
        steps,
        within,
      );
      const want = expected(steps, within);
      expect(
        got.map((s) => s.users),
        steps.join('→'),
      ).toEqual(want.map((w) => w.users));
      got.forEach((s, k) => {
        if (want[k]!.median === null) expect(s.medianHoursFromPrevious).toBeNull();
        else
          expect(s.medianHoursFromPrevious, `${steps.join('→')} ${k}`).toBeCloseTo(
            want[k]!.median!,
            9,
          );
      });
    }
    expect(expected(['open', 'share', 'export'], 7)[2]!.users).toBeGreaterThan(0);
  });

  it('says "computing" until the aggregates exist, and refuses other kinds of data', async () => {
    const { id } = await createEventsDataset(t.db, {
      ...org,
      name: 'fresh',
      sourceFileName: null,
      mapping: {},
      rows: rows.slice(0, 5),
    });
    expect((await analyticsOverview(t.db, org.organizationId, id)).status).toBe('computing');
    await refreshAnalytics(t.db, id);
    expect((await analyticsOverview(t.db, org.organizationId, id)).status).toBe('ready');
    const market = await createMarketDataset(t.db, {
      ...org,
      name: 'm',
      sourceFileName: null,
      mapping: {},
      rows: [{ series: 's', date: '2024-01-01', value: 1 }],
    });
    await expect(analyticsOverview(t.db, org.organizationId, market.id)).rejects.toThrow(
      /needs an events dataset/,
    );
    const other = await seedOrganization(t.db, 'other');
    await expect(analyticsOverview(t.db, other.organizationId, datasetId)).rejects.toThrow(
      /not found/,
    );
  });
});
