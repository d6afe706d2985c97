import { DAYS, DAY_MS, START_MS, isoSecond } from './calendar';
import { Random, Zipf } from './random';

export const EVENTS_HEADER = 'user_id,timestamp,event,item_id,revenue';

export const EVENT_NAMES = [
  'signup',
  'dashboard_view',
  'item_view',
  'report_export',
  'alert_create',
  'purchase',
  'invite_teammate',
  'integration_connect',
] as const;
export type SampleEventName = (typeof EVENT_NAMES)[number];

/** Days after sign-up in which inviting a teammate or connecting an integration counts as early. */
export const EARLY_DAYS = 14;

const CATEGORIES = 6;
const ITEMS_PER_CATEGORY = 40;
export const ITEM_COUNT = CATEGORIES * ITEMS_PER_CATEGORY;

/** Event mix on an ordinary active day (item events need an item; purchases carry revenue). */
const DAILY_MIX: [SampleEventName, number][] = [
  ['dashboard_view', 0.44],
  ['item_view', 0.28],
  ['report_export', 0.12],
  ['alert_create', 0.07],
  ['purchase', 0.05],
  ['invite_teammate', 0.025],
  ['integration_connect', 0.015],
];

export const itemId = (index: number) => `sku-${String(index + 1).padStart(4, '0')}`;

/** Optional knobs of the log's shape; the defaults give the sample's log. */
export interface EventsLogOptions {
  /** Days the log spans from the sample's start (default: the whole sample period, `DAYS`). */
  days?: number;
  /** Items in each of the 6 categories (default 40: `ITEM_COUNT` = 240 items). */
  itemsPerCategory?: number;
}

interface Catalog {
  prices: number[];
  /** Items of each category, most popular first. */
  byCategory: number[][];
  /** All items, most popular first. */
  byPopularity: number[];
}

function catalog(random: Random, count: number): Catalog {
  const prices = Array.from({ length: count }, () => 5 * (1 + random.int(24)) - 0.01);
  const order = Array.from({ length: count }, (_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = random.int(i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const byCategory = Array.from({ length: CATEGORIES }, (_, c) =>
    order.filter((item) => item % CATEGORIES === c),
  );
  return { prices, byCategory, byPopularity: order };
}

/** Sign-up days, rising over time (the rate at the end is ~3× the start), sorted. */
function signupDays(random: Random, users: number, span: number): number[] {
  const g = Math.log(3) / span;
  const days = Array.from({ length: users }, () =>
    Math.min(span - 1, Math.floor(Math.log(1 + random.next() * (Math.exp(g * span) - 1)) / g)),
  );
  return days.sort((a, b) => a - b);
}

/** A time of day in ms: business hours with a long tail. */
function timeOfDay(random: Random): number {
  const hour = Math.min(23.99, Math.max(0, 14 + 3.8 * random.gaussian()));
  return Math.floor(hour * 3_600_000);
}

/**
 * Product event logs of `users` users over the sample period, one user after another (users in
 * sign-up order, each user's events in time order). Users sign up at a rising rate; their activity
 * fades with age and stops when they churn; inviting a teammate or connecting an integration early
 * lowers the churn hazard a lot (so feature adoption is associated with retention); items have a
 * Zipf popularity skew and each user leans to one category; purchases carry revenue. Generated as
 * it is read (a user's events at a time), so any size streams in constant memory besides one
 * number per user; `options` shorten the period or widen the catalogue for larger logs.
 */
export function* eventsLines(
  seed: number,
  users: number,
  options: EventsLogOptions = {},
): Generator<string> {
  const span = Math.max(1, Math.min(DAYS, Math.round(options.days ?? DAYS)));
  const perCategory = Math.max(1, Math.round(options.itemsPerCategory ?? ITEMS_PER_CATEGORY));
  const random = new Random(seed);
  const items = catalog(new Random(seed ^ 0x5eed), CATEGORIES * perCategory);
  const globalZipf = new Zipf(CATEGORIES * perCategory, 1.05);
  const categoryZipf = new Zipf(perCategory, 0.9);
  const mixTotal = DAILY_MIX.reduce((a, [, w]) => a + w, 0);
  const pickEvent = (): SampleEventName => {
    let u = random.next() * mixTotal;
    for (const [name, w] of DAILY_MIX) {
      if (u < w) return name;
      u -= w;
    }
    return 'dashboard_view';
  };
  yield EVENTS_HEADER;
  const signups = signupDays(random, users, span);
  for (let u = 0; u < users; u++) {
    const user = `u_${String(u + 1).padStart(6, '0')}`;
    const start = signups[u]!;
    const engagement = Math.exp(0.45 * random.gaussian());
    const category = random.int(CATEGORIES);
    const invites = random.chance(Math.min(0.6, 0.22 * engagement));
    const integrates = random.chance(Math.min(0.5, 0.17 * engagement));
    const inviteDay = invites ? start + random.int(EARLY_DAYS) : -1;
    const integrateDay = integrates ? start + 1 + random.int(EARLY_DAYS - 1) : -1;
    // Daily churn hazard; some users bounce after the first day.
    const hazard =
      0.03 * (invites ? 0.3 : 1) * (integrates ? 0.45 : 1) * Math.exp(-0.25 * Math.log(engagement));
    const bounce = random.chance(0.1);
    const lifetime = bounce ? 1 : Math.ceil(Math.log(1 - random.next()) / Math.log(1 - hazard));
    const lastDay = Math.min(span - 1, start + lifetime);
    let lastViewed = -1;
    const pickItem = () => {
      if (random.chance(0.72)) {
        return items.byCategory[category]![categoryZipf.sample(random.next())]!;
      }
      return items.byPopularity[globalZipf.sample(random.next())]!;
    };
    for (let day = start; day <= lastDay; day++) {
      const age = day - start;
      const fading = Math.min(1, (lastDay - day + 1) / 14);
      const pActive =
        day === start || day === inviteDay || day === integrateDay
          ? 1
          : 0.13 *
            engagement *
            (0.5 + 0.5 * Math.exp(-age / 45)) *
            (lastDay < span - 1 ? fading : 1);
      if (!random.chance(pActive)) continue;
      const names: SampleEventName[] = [];
      if (day === start) names.push('signup');
      if (day === inviteDay) names.push('invite_teammate');
      if (day === integrateDay) names.push('integration_connect');
      const n = 1 + random.poisson(0.8 * engagement);
      for (let e = 0; e < n; e++) {
        const name = pickEvent();
        // Early adoption is decided above; later ones are ordinary use.
        if ((name === 'invite_teammate' || name === 'integration_connect') && age < EARLY_DAYS) {
          names.push('dashboard_view');
        } else names.push(name);
      }
      const times = names.map(() => timeOfDay(random)).sort((a, b) => a - b);
      if (day === start) names.sort((a, b) => (a === 'signup' ? -1 : b === 'signup' ? 1 : 0));
      const dayMs = START_MS + day * DAY_MS;
      for (let e = 0; e < names.length; e++) {
        const name = names[e]!;
        let item = '';
        let revenue = '';
        if (name === 'item_view') {
          lastViewed = pickItem();
          item = itemId(lastViewed);
        } else if (name === 'purchase') {
          const bought = lastViewed >= 0 && random.chance(0.6) ? lastViewed : pickItem();
          item = itemId(bought);
          const quantity = random.chance(0.85) ? 1 : 2 + random.int(3);
          revenue = (items.prices[bought]! * quantity).toFixed(2);
        }
        yield `${user},${isoSecond(dayMs + times[e]! + e)},${name},${item},${revenue}`;
      }
    }
  }
}
