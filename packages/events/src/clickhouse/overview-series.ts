// Day, week and month points of the overview from its tallies and the events and revenue per day.
import type { ActivityPoint, Grain } from '@foresight/db';
import { dayOfNumber, periodOf } from './analytics-query';
import { ACTIVE, FIRST, MAU_CHANGE, PERIOD_ACTIVE, type Tally } from './overview-tallies';

interface DayCounts {
  active: number;
  first: number;
  events: number;
  revenue: number;
  /** Users active within the 28 days ending that day. */
  mau: number;
}

export interface Activity {
  /** Active days, oldest first. */
  days: { day: string; counts: DayCounts }[];
  /** Users active per week or month (empty for days). */
  periodActive: Map<string, number>;
}

/** Day counts from the per-user tallies and the per-day events and revenue. */
export function activityOf(
  tallies: Tally[],
  days: { day: string; events: number; revenue: number }[],
): Activity {
  const counts = new Map<string, DayCounts>(
    days.map((d) => [d.day, { active: 0, first: 0, events: d.events, revenue: d.revenue, mau: 0 }]),
  );
  const on = (day: string): DayCounts => {
    let c = counts.get(day);
    if (!c) counts.set(day, (c = { active: 0, first: 0, events: 0, revenue: 0, mau: 0 }));
    return c;
  };
  // Coverage changes come in day order: their running sum is the users covered from that day on.
  const running: { day: string; users: number }[] = [];
  const periodActive = new Map<string, number>();
  for (const t of tallies) {
    if (t.kind > PERIOD_ACTIVE) continue;
    const day = dayOfNumber(Number(t.key));
    if (t.kind === ACTIVE) on(day).active = t.n;
    else if (t.kind === FIRST) on(day).first = t.n;
    else if (t.kind === PERIOD_ACTIVE) periodActive.set(day, t.n);
    else if (t.kind === MAU_CHANGE)
      running.push({ day, users: (running.at(-1)?.users ?? 0) + t.n });
  }
  // Both in day order: the MAU of a day is the running sum at the last change on or before it.
  let next = 0;
  let mau = 0;
  const active = [...counts.keys()].sort().map((day) => {
    while (next < running.length && running[next]!.day <= day) mau = running[next++]!.users;
    return { day, counts: { ...counts.get(day)!, mau } };
  });
  return { days: active, periodActive };
}

function dayPoint(day: string, c: DayCounts): ActivityPoint {
  return {
    period: day,
    activeUsers: c.active,
    newUsers: c.first,
    returningUsers: c.active - c.first,
    events: c.events,
    revenue: c.revenue,
    stickiness: c.mau > 0 ? c.active / c.mau : null,
  };
}

/**
 * Points per period: actives, first-timers, events and revenue; stickiness is DAU/MAU for a day,
 * and for a week or month its active days' average DAU over the MAU of its last active day.
 */
export function seriesOf(grain: Grain, a: Activity): ActivityPoint[] {
  if (grain === 'day') return a.days.map((d) => dayPoint(d.day, d.counts));
  const periods = new Map<
    string,
    { point: ActivityPoint; dauSum: number; activeDays: number; mau: number }
  >();
  for (const { day, counts: c } of a.days) {
    const period = periodOf(grain, day);
    let p = periods.get(period);
    if (!p) {
      const point: ActivityPoint = {
        period,
        activeUsers: a.periodActive.get(period) ?? 0,
        newUsers: 0,
        returningUsers: 0,
        events: 0,
        revenue: 0,
        stickiness: null,
      };
      periods.set(period, (p = { point, dauSum: 0, activeDays: 0, mau: 0 }));
    }
    p.point.newUsers += c.first;
    p.point.events += c.events;
    p.point.revenue += c.revenue;
    p.dauSum += c.active;
    p.activeDays += 1;
    p.mau = c.mau; // days come oldest first: the period's last active day wins
  }
  return [...periods.values()].map(({ point, dauSum, activeDays, mau }) => ({
    ...point,
    returningUsers: point.activeUsers - point.newUsers,
    stickiness: mau > 0 ? dauSum / activeDays / mau : null,
  }));
}
