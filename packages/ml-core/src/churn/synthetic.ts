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
  /** Time each user stopped (epoch ms), or null when they had not churned by the end. */
  churnTimes: Map<string, number | null>;
}

const EVENT_TYPES = ['login', 'view', 'purchase', 'support'] as const;

/**
 * An event log: users join over time (some before the log starts) with heterogeneous activity
 * rates and weekly seasonality; each has a latent satisfaction that sets a churn hazard. In the 4–6
 * weeks before churning, activity tapers off, purchases thin out and support tickets grow; after
 * it, nothing. Low-frequency users give natural label noise.
 */
export function syntheticEventLog(options: SyntheticEventOptions): SyntheticEventLog {
  const random = createRandom(options.seed ?? 7);
  const days = options.days ?? 365;
  const start = options.start ?? Date.UTC(2025, 9, 1);
  interface User {
    id: string;
    join: number;
    churn: number | null;
    rate: number;
    taper: number;
    buyer: number;
  }
  const users: User[] = [];
  for (let u = 0; u < options.users; u += 1) {
    const satisfaction = random.normal();
    const join = Math.floor(-200 + (days + 170) * random.uniform());
    const hazard = 0.008 * Math.exp(-0.9 * satisfaction) * (random.uniform() < 0.15 ? 2.5 : 1);
    const lifetime = -Math.log(random.uniform() + 1e-12) / hazard;
    const churnDay = join + lifetime;
    users.push({
      id: `u${String(u + 1).padStart(5, '0')}`,
      join,
      churn: churnDay < days ? churnDay : null,
      rate: Math.exp(0.9 * random.normal() + 0.3 * satisfaction),
      taper: 20 + 25 * random.uniform(),
      buyer: Math.exp(0.8 * random.normal()),
    });
  }
  const dayRate = (user: User, day: number): number => {
    if (day < Math.max(user.join, 0)) return 0;
    if (user.churn !== null && day >= user.churn) return 0;
    let rate = user.rate * (day % 7 === 5 || day % 7 === 6 ? 0.7 : 1);
    if (day - user.join < 14) rate *= 1.6; // onboarding burst
    if (user.churn !== null && user.churn - day < user.taper)
      rate *= 0.15 + 0.85 * ((user.churn - day) / user.taper);
    return rate;
  };
  let expected = 0;
  for (const user of users) for (let day = 0; day < days; day += 1) expected += dayRate(user, day);
  const scale = options.events / Math.max(expected, 1);

  const userIds: string[] = [];
  const times: number[] = [];
  const eventNames: (string | null)[] = [];
  const values: (number | null)[] = [];
  const items: (string | null)[] = [];
  const churnTimes = new Map<string, number | null>();
  for (const user of users) {
    churnTimes.set(user.id, user.churn === null ? null : start + user.churn * DAY_MS);
    for (let day = 0; day < days; day += 1) {
      const count = poisson(random, scale * dayRate(user, day));
      const nearChurn = user.churn !== null && user.churn - day < user.taper;
      for (let k = 0; k < count; k += 1) {
        const type = pick(
          random,
          EVENT_TYPES,
          nearChurn ? [0.6, 0.25, 0.03, 0.12] : [0.58, 0.27, 0.1 * Math.min(user.buyer, 2), 0.04],
        );
        userIds.push(user.id);
        times.push(start + (day + random.uniform()) * DAY_MS);
        eventNames.push(type);
        values.push(
          type === 'purchase'
            ? Math.round(100 * Math.exp(3 + 0.6 * random.normal()) * user.buyer) / 100
            : null,
        );
        items.push(
          type === 'view' || type === 'purchase'
            ? `item_${Math.floor(300 * random.uniform() ** 2)}`
            : null,
        );
      }
    }
  }
  return { events: { userIds, times, eventNames, values, items }, churnTimes };
}
