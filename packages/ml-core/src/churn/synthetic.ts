/**
 * Seeded generators of realistic churn data for tests and the benchmark (never tuned against
 * public churn datasets): a customer table with non-linear effects, interactions, informative
 * and random missing values, noisy and irrelevant columns; and an event log in which churners
 * taper off before they stop.
 */
import { createRandom, type Random } from '../common/random';
import type { ChurnEvents, ChurnTable } from './types';

const DAY_MS = 86_400_000;

function poisson(random: Random, mean: number): number {
  if (mean <= 0) return 0;
  if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * random.normal()));
  const limit = Math.exp(-mean);
  let k = 0;
  let p = random.uniform();
  while (p > limit) {
    k += 1;
    p *= random.uniform();
  }
  return k;
}

function pick<T>(random: Random, items: readonly T[], weights?: readonly number[]): T {
  if (!weights) return items[random.int(items.length)] as T;
  const total = weights.reduce((a, b) => a + b, 0);
  let u = random.uniform() * total;
  for (let i = 0; i < items.length; i += 1) {
    u -= weights[i] as number;
    if (u <= 0) return items[i] as T;
  }
  return items[items.length - 1] as T;
}

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

export interface SyntheticCustomerOptions {
  rows: number;
  seed?: number;
  /** Target share of churners (the intercept is solved for it). Default 0.22. */
  churnRate?: number;
  /** Multiplies the signal (0 = labels independent of the features). Default 1. */
  signal?: number;
}

export interface SyntheticCustomers {
  /** 32 columns: `customer_id`, `churned` (yes/no) and 30 attributes. */
  table: ChurnTable;
  /** True P(churn) of each row. */
  probability: number[];
  labels: number[];
}

/**
 * A customers table: tenure whose (log-shaped) effect depends on the contract (month-to-month
 * customers settle in, two-year ones barely change; one-year ones churn at renewal), contract ×
 * price and price × support-ticket interactions, support tickets × low satisfaction, an
 * inactivity threshold, U-shaped age, non-monotone product count, a high-cardinality city with
 * hidden per-city risk, an irrelevant high-cardinality promo code, informative missingness (no
 * satisfaction answer, never logged in), currency / thousands / percent formatting, dates, and
 * irrelevant and noisy columns.
 */
export function syntheticCustomerTable(options: SyntheticCustomerOptions): SyntheticCustomers {
  const random = createRandom(options.seed ?? 1);
  const n = options.rows;
  const signal = options.signal ?? 1;
  const cityRisk = Array.from({ length: 300 }, () => 0.6 * random.normal());
  const cityWeights = cityRisk.map((_, k) => 1 / (k + 3));
  const cities = cityRisk.map((_, k) => `city_${String(k).padStart(3, '0')}`);
  const managers = Array.from({ length: 40 }, (_, k) => `mgr_${k}`);
  const reference = Date.UTC(2026, 9, 1);
  const cols: Record<string, (string | null)[]> = {};
  const names = [
    'customer_id',
    'churned',
    'tenure_months',
    'monthly_charges',
    'total_charges',
    'contract',
    'payment_method',
    'internet_service',
    'region',
    'city',
    'plan_tier',
    'support_tickets_90d',
    'satisfaction',
    'last_login_days',
    'logins_30d',
    'avg_session_minutes',
    'num_products',
    'has_partner',
    'paperless_billing',
    'signup_date',
    'age',
    'discount_pct',
    'nps_score',
    'device',
    'referral_source',
    'late_payments_12m',
    'noise_score',
    'noise_index',
    'noise_segment',
    'account_manager',
    'promo_code',
    'noise_ratio',
  ];
  for (const name of names) cols[name] = [];
  const push = (name: string, value: string | null): void => {
    (cols[name] as (string | null)[]).push(value);
  };
  const logits: number[] = [];
  for (let i = 0; i < n; i += 1) {
    const engagement = random.normal();
    const tenure = Math.min(
      72,
      Math.floor(random.uniform() < 0.3 ? random.uniform() * 6 : random.uniform() * 72),
    );
    const contract = pick(random, ['Month-to-month', 'One year', 'Two year'], [0.5, 0.28, 0.22]);
    const internet = pick(random, ['DSL', 'Fiber optic', 'None'], [0.35, 0.45, 0.2]);
    const plan = pick(random, ['basic', 'standard', 'premium'], [0.5, 0.35, 0.15]);
    const monthly = Math.max(
      15,
      20 +
        (internet === 'Fiber optic' ? 45 : internet === 'DSL' ? 25 : 0) +
        (plan === 'premium' ? 25 : plan === 'standard' ? 10 : 0) +
        12 * random.normal(),
    );
    const cityIndex = cities.indexOf(pick(random, cities, cityWeights));
    const satisfaction = Math.min(
      5,
      Math.max(1, Math.round(3.3 + 0.8 * engagement + 0.9 * random.normal())),
    );
    const tickets = poisson(
      random,
      Math.exp(0.2 - 0.4 * engagement + (satisfaction <= 2 ? 0.6 : 0)),
    );
    const lastLogin = Math.floor(
      random.uniform() < 0.05
        ? 30 + 60 * random.uniform()
        : -Math.log(random.uniform() + 1e-9) * 8 * Math.exp(-0.6 * engagement),
    );
    const logins = poisson(random, Math.exp(2 + 0.7 * engagement));
    const session = Math.exp(2.5 + 0.3 * engagement + 0.5 * random.normal());
    const products = 1 + Math.min(4, poisson(random, 0.9));
    const age = Math.round(Math.min(85, Math.max(18, 44 + 14 * random.normal())));
    const discount = pick(random, [0, 0, 0, 5, 10, 15, 20, 30]);
    const late = poisson(random, 0.5 + (random.uniform() < 0.1 ? 2 : 0));
    const satisfactionMissing = random.uniform() < 0.12 + 0.1 * (engagement < -0.5 ? 1 : 0);
    const paperless = random.uniform() < 0.6;
    // Some customers never logged in: no last-login value, and more likely to leave.
    const neverLoggedIn = random.uniform() < 0.04 + 0.06 * (engagement < -1 ? 1 : 0);

    let f = 0;
    // Tenure matters by contract: month-to-month customers settle in, two-year ones barely move,
    // one-year ones churn in the two months before each renewal.
    if (contract === 'Month-to-month') f += 0.9 - 1.6 * Math.log1p(tenure / 4);
    else if (contract === 'One year')
      f += -0.9 * Math.log1p(tenure / 6) + (tenure % 12 >= 10 ? 0.9 : 0);
    else f += -1.1 - 0.3 * Math.log1p(tenure / 12);
    if (contract === 'Month-to-month' && monthly > 80) f += 1.0;
    if (internet === 'Fiber optic' && monthly > 90) f += 0.5;
    f += satisfaction <= 2 ? 0.45 * Math.min(tickets, 5) : 0.05 * tickets;
    // Expensive plans with repeated support trouble.
    if (monthly > 75 && tickets >= 2) f += 0.3 * Math.min(tickets, 5);
    f += neverLoggedIn ? 1.2 : lastLogin > 21 ? 1.6 : 0;
    f += -0.35 * Math.log1p(logins);
    f += 0.55 * ((age - 45) / 15) ** 2;
    f += products === 1 ? 0.4 : products >= 4 ? 0.9 : 0;
    if (discount >= 20 && tenure < 8) f += 0.8;
    f += 0.3 * Math.min(late, 4);
    f += cityRisk[cityIndex] as number;
    f += satisfactionMissing ? 0.4 : 0;
    f += paperless ? 0.2 : 0;
    logits.push(signal * f);

    push('customer_id', `C${String(i + 1).padStart(6, '0')}`);
    push('churned', null);
    push('tenure_months', String(tenure));
    push('monthly_charges', random.uniform() < 0.5 ? `$${monthly.toFixed(2)}` : monthly.toFixed(2));
    const total = tenure * monthly * (1 + 0.05 * random.normal());
    push(
      'total_charges',
      tenure === 0 || random.uniform() < 0.02
        ? ''
        : total.toLocaleString('en-US', { maximumFractionDigits: 2 }),
    );
    push('contract', contract);
    push(
      'payment_method',
      pick(random, ['Electronic check', 'Mailed check', 'Bank transfer', 'Credit card']),
    );
    push('internet_service', internet);
    push(
      'region',
      pick(random, ['north', 'south', 'east', 'west', 'central', 'coast', 'mountain', 'islands']),
    );
    push('city', cities[cityIndex] as string);
    push('plan_tier', plan);
    push('support_tickets_90d', String(tickets));
    push(
      'satisfaction',
      satisfactionMissing ? (random.uniform() < 0.5 ? null : 'NA') : String(satisfaction),
    );
    push('last_login_days', neverLoggedIn ? '' : String(lastLogin));
    push('logins_30d', String(logins));
    push('avg_session_minutes', random.uniform() < 0.03 ? '' : session.toFixed(1));
    push('num_products', String(products));
    push('has_partner', random.uniform() < 0.45 ? 'Yes' : 'No');
    push('paperless_billing', paperless ? 'TRUE' : 'FALSE');
    const signup = reference - (tenure * 30.4 + 15 * random.uniform()) * DAY_MS;
    push('signup_date', new Date(signup).toISOString().slice(0, 10));
    push('age', random.uniform() < 0.05 ? null : String(age));
    push('discount_pct', `${discount}%`);
    const nps = Math.min(10, Math.max(0, Math.round(2 * satisfaction - 1 + 1.5 * random.normal())));
    push('nps_score', random.uniform() < 0.3 ? null : String(nps));
    push('device', pick(random, ['ios', 'android', 'web', 'desktop'], [0.35, 0.35, 0.2, 0.1]));
    push(
      'referral_source',
      pick(random, ['search', 'friend', 'ads', 'social', 'partner', 'other']),
    );
    push('late_payments_12m', String(late));
    push('noise_score', (50 + 10 * random.normal()).toFixed(2));
    push('noise_index', String(random.int(1000)));
    push('noise_segment', pick(random, ['A', 'B', 'C', 'D', 'E']));
    push('account_manager', pick(random, managers));
    push('promo_code', `P${String(random.int(500)).padStart(3, '0')}`);
    const ratio = random.uniform() < 0.15 ? null : (0.5 + 0.5 * random.normal()).toFixed(3);
    push('noise_ratio', ratio);
  }
  // Intercept for the target churn rate (bisection on the mean probability).
  const target = options.churnRate ?? 0.22;
  let lo = -20;
  let hi = 20;
  for (let k = 0; k < 60; k += 1) {
    const mid = (lo + hi) / 2;
    const mean = logits.reduce((s, z) => s + sigmoid(z + mid), 0) / n;
    if (mean < target) lo = mid;
    else hi = mid;
  }
  const probability = logits.map((z) => sigmoid(z + lo));
  const labels = probability.map((p) => (random.uniform() < p ? 1 : 0));
  cols.churned = labels.map((y) => (y === 1 ? 'Yes' : 'No'));
  return {
    table: { columns: names.map((name) => ({ name, values: cols[name] as (string | null)[] })) },
    probability,
    labels,
  };
}

export interface SyntheticEventOptions {
  users: number;
  /** Approximate number of events. */
  events: number;
  /** Days of history. Default 365. */
  days?: number;
  seed?: number;
  /** First day (epoch ms). Default 2025-10-01. */
  start?: number;
}

export interface SyntheticEventLog {
  events: ChurnEvents;
  /**
   * Time each user stopped (epoch ms), or null when they had not churned by the end. A user who
   * came back later (a win-back) keeps the time of their first stop.
   */
  churnTimes: Map<string, number | null>;
}

const EVENT_TYPES = ['login', 'view', 'search', 'purchase', 'share', 'export', 'support'] as const;

/** Usage segments: share of users, activity level, item breadth, spend, events per session, weekday profile (Mon…Sun). */
const SEGMENTS = [
  {
    weight: 0.15,
    rate: 3,
    breadth: 30,
    buyer: 1.4,
    session: 1.5,
    hazard: 0.6,
    weekdays: [1.2, 1.25, 1.25, 1.2, 1.05, 0.55, 0.5],
  },
  {
    weight: 0.4,
    rate: 1,
    breadth: 12,
    buyer: 1,
    session: 1.2,
    hazard: 1,
    weekdays: [1.15, 1.15, 1.1, 1.1, 1, 0.75, 0.75],
  },
  {
    weight: 0.3,
    rate: 0.5,
    breadth: 5,
    buyer: 0.7,
    session: 1.2,
    hazard: 1.5,
    weekdays: [0.8, 0.8, 0.85, 0.9, 1.05, 1.3, 1.3],
  },
  {
    weight: 0.15,
    rate: 0.6,
    breadth: 8,
    buyer: 1.2,
    session: 1.2,
    hazard: 1.2,
    weekdays: [0.55, 0.6, 0.6, 0.65, 1, 1.8, 1.8],
  },
] as const;

/** Mean days between a churn decision and the last event (0 = abrupt stop). */
const TAPER_DAYS = [0, 14, 30, 50] as const;
const ITEMS = 300;

/**
 * An event log: users join over time (some before the log starts), each in a usage segment
 * (power, regular, casual, weekend) with its own level, session size, item breadth, spend and
 * weekday profile (plus a per-user jitter, and a year-end holiday dip). Engagement drifts week to
 * week (AR(1)); it sets the activity level, the feature mix (share/export/search for engaged
 * users) and the daily churn hazard, which is higher early in tenure for users whose onboarding
 * went badly (they are quieter in their first weeks) and for single-item users. A churn decision
 * is followed by a disengagement taper (abrupt for some, up to ~2 months for others) in which
 * activity, purchases, spend and item breadth shrink and, for frustrated users, support events
 * grow. Noise: day-to-day overdispersion, breaks of days to weeks by users who do not churn (some
 * longer than the label window), and win-backs (a few churners return months later).
 */
export function syntheticEventLog(options: SyntheticEventOptions): SyntheticEventLog {
  const random = createRandom(options.seed ?? 7);
  const days = options.days ?? 365;
  const start = options.start ?? Date.UTC(2025, 9, 1);
  const itemWeights = Array.from({ length: ITEMS }, (_, k) => 1 / (k + 5));
  const itemTotal = itemWeights.reduce((a, b) => a + b, 0);
  const popularItem = (): number => {
    let u = random.uniform() * itemTotal;
    for (let k = 0; k < ITEMS; k += 1) {
      u -= itemWeights[k] as number;
      if (u <= 0) return k;
    }
    return ITEMS - 1;
  };
  // Weekday (0 = Monday) and season (year-end holidays, a quieter August) of each day.
  const weekdayOf = new Int8Array(days);
  const seasonOf = new Float64Array(days);
  for (let day = 0; day < days; day += 1) {
    const date = new Date(start + day * DAY_MS);
    weekdayOf[day] = (date.getUTCDay() + 6) % 7;
    const month = date.getUTCMonth();
    const dayOfMonth = date.getUTCDate();
    seasonOf[day] =
      (month === 11 && dayOfMonth >= 22) || (month === 0 && dayOfMonth <= 2)
        ? 0.55
        : month === 7
          ? 0.85
          : 1;
  }

  interface User {
    id: string;
    segment: (typeof SEGMENTS)[number];
    weekdays: number[];
    join: number;
    /** First stop (day, fractional) or null. */
    stop: number | null;
    /** Day the churn decision was taken (stop − taper). */
    decision: number | null;
    returns: number | null;
    frustrated: boolean;
    items: number[];
    /** Expected events per day (before scaling), 0 outside activity. */
    intensity: Float64Array;
    /** Engagement per day (for the event mix). */
    engagement: Float32Array;
    typeWeights: number[];
  }
  const users: User[] = [];
  const segmentWeights = SEGMENTS.map((s) => s.weight);
  for (let u = 0; u < options.users; u += 1) {
    const segment = pick(random, SEGMENTS, segmentWeights);
    const join = Math.floor(-200 + (days + 170) * random.uniform());
    const level = segment.rate * Math.exp(0.7 * random.normal());
    const onboarding = random.normal();
    const weekdays = segment.weekdays.map((w) => w * Math.exp(0.2 * random.normal()));
    const breadth = Math.max(1, Math.round(segment.breadth * Math.exp(0.6 * random.normal())));
    const items = Array.from({ length: breadth }, () => popularItem());
    const narrow = breadth <= 2 ? 1.6 : 1;
    const baseHazard = 0.0045 * segment.hazard * narrow * (random.uniform() < 0.15 ? 2.2 : 1);
    const taperMean = pick(random, TAPER_DAYS, [0.15, 0.35, 0.35, 0.15]);
    const frustrated = random.uniform() < 0.45;
    const typeWeights = [
      0.5,
      0.25 * Math.exp(0.3 * random.normal()),
      0.08 * Math.exp(0.5 * random.normal()),
      0.07 * segment.buyer * Math.exp(0.5 * random.normal()),
      0.04 * Math.exp(0.7 * random.normal()),
      0.03 * Math.exp(0.7 * random.normal()),
      0.03 * Math.exp(0.5 * random.normal()),
    ];

    const first = Math.max(join, -200);
    const span = days - first;
    const intensity = new Float64Array(days);
    const engagementByDay = new Float32Array(days);
    let engagement = 0.8 * random.normal();
    let decision: number | null = null;
    let stop: number | null = null;
    let returns: number | null = null;
    let taper = 0;
    let onBreak = 0;
    for (let t = 0; t < span; t += 1) {
      const day = first + t;
      if (t % 7 === 0) engagement = 0.9 * engagement + 0.35 * random.normal();
      const tenure = day - join;
      if (decision === null) {
        const early = tenure < 60 ? 2.2 * Math.exp(-0.8 * onboarding) : 1;
        const hazard = baseHazard * Math.exp(-0.8 * engagement) * early;
        if (random.uniform() < hazard) {
          decision = day;
          taper = taperMean === 0 ? 0 : taperMean * (0.4 + 1.2 * random.uniform());
          stop = day + taper;
          if (random.uniform() < 0.08) returns = stop + 45 + 105 * random.uniform();
        }
      }
      if (onBreak > 0) onBreak -= 1;
      else if (random.uniform() < 0.8 / 365)
        onBreak = Math.ceil(-12 * Math.log(random.uniform() + 1e-12));
      if (day < 0) continue;
      engagementByDay[day] = engagement;
      let rate = level * Math.exp(0.5 * engagement);
      if (tenure < 30) rate *= 1.6 * Math.exp(0.5 * onboarding);
      if (stop !== null && day >= stop) {
        if (returns === null || day < returns) continue;
        rate *= 0.6;
      }
      if (decision !== null && stop !== null && day >= decision && day < stop) {
        rate *= 0.1 + 0.9 * ((stop - day) / Math.max(taper, 1)) ** 1.5;
      }
      if (onBreak > 0) rate *= 0.03;
      rate *= (weekdays[weekdayOf[day] as number] as number) * (seasonOf[day] as number);
      rate *= Math.exp(0.45 * random.normal() - 0.1);
      intensity[day] = rate;
    }
    users.push({
      id: `u${String(u + 1).padStart(5, '0')}`,
      segment,
      weekdays,
      join,
      stop: stop !== null && stop < days ? stop : null,
      decision,
      returns,
      frustrated,
      items,
      intensity,
      engagement: engagementByDay,
      typeWeights,
    });
  }
  let expected = 0;
  for (const user of users)
    for (let day = 0; day < days; day += 1) expected += user.intensity[day] as number;
  const scale = options.events / Math.max(expected, 1);

  const userIds: string[] = [];
  const times: number[] = [];
  const eventNames: (string | null)[] = [];
  const values: (number | null)[] = [];
  const items: (string | null)[] = [];
  const churnTimes = new Map<string, number | null>();
  for (const user of users) {
    churnTimes.set(user.id, user.stop === null ? null : start + user.stop * DAY_MS);
    const session = user.segment.session;
    for (let day = 0; day < days; day += 1) {
      const rate = scale * (user.intensity[day] as number);
      if (rate <= 0) continue;
      // Sessions: a day is active with probability 1 − e^(−rate/session); active days hold ~session events.
      const sessions = poisson(random, rate / session);
      if (sessions === 0) continue;
      const count = sessions + poisson(random, sessions * (session - 1));
      const leaving =
        user.decision !== null && user.stop !== null && day >= user.decision && day < user.stop + 1
          ? Math.min(1, (day - user.decision + 1) / Math.max(user.stop - user.decision, 1))
          : 0;
      const engaged = user.engagement[day] as number;
      const weights = user.typeWeights.map((w, k) => {
        const type = EVENT_TYPES[k];
        if (type === 'share' || type === 'export' || type === 'search')
          return w * Math.exp(0.5 * engaged) * (1 - 0.7 * leaving);
        if (type === 'purchase') return w * (1 - 0.75 * leaving);
        if (type === 'support') return w * (1 + (user.frustrated ? 5 : 0.5) * leaving);
        return w;
      });
      const sessionStart = day + 0.25 + 0.6 * random.uniform();
      for (let k = 0; k < count; k += 1) {
        const type = pick(random, EVENT_TYPES, weights);
        userIds.push(user.id);
        times.push(
          start + Math.min(sessionStart + 0.02 * k + 0.05 * random.uniform(), day + 0.999) * DAY_MS,
        );
        eventNames.push(type);
        values.push(
          type === 'purchase'
            ? Math.round(
                100 *
                  Math.exp(3 + 0.6 * random.normal()) *
                  user.segment.buyer *
                  (1 - 0.5 * leaving),
              ) / 100
            : null,
        );
        let item: string | null = null;
        if (type === 'view' || type === 'purchase' || type === 'search') {
          const own =
            leaving > 0
              ? user.items.slice(0, Math.max(1, Math.ceil(user.items.length * (1 - leaving))))
              : user.items;
          item = `item_${random.uniform() < 0.8 ? (own[random.int(own.length)] as number) : popularItem()}`;
        }
        items.push(item);
      }
    }
  }
  return { events: { userIds, times, eventNames, values, items }, churnTimes };
}
