/**
 * Seeded generator of synthetic startups for the runway benchmark: 24 observed months and 36
 * future months of revenue, expenses and cash from one run of the same process, so the realised
 * runway is known.
 *
 * - Revenue: compound growth with log-normal noise; the monthly growth rate is drawn per company
 *   (60% growing 2–10%, 20% flat ±1%, 20% declining 1–5%), decays a little each month and drifts
 *   as a random walk.
 * - Expenses: payroll (headcount × cost per head; hires arrive in steps, more often while growth is
 *   high; declining companies sometimes lay off; small raises), marketing proportional-ish to
 *   revenue, cost of revenue, and overhead that now and then steps up — each with its own noise.
 * - Cash: the balance now is set so that cash runs out at the target runway (drawn from 6–48
 *   months) on the true future where the company keeps burning (later, or never, when its burn
 *   falls or it turns profitable); companies that never burn get 3–12 months of costs. Past
 *   balances are rebuilt backwards; half of the companies raised a round in one of the past
 *   months (a jump in the balance column).
 */
import { createRandom, type Random } from '../src/common/random';
import type { FinancialHistory } from '../src/risk/types';

export const OBSERVED_MONTHS = 24;
export const FUTURE_MONTHS = 36;

export type GrowthProfile = 'growing' | 'flat' | 'declining';

export interface Startup {
  id: string;
  profile: GrowthProfile;
  /** Runway the cash was set for, in months (cash runs out then or later, or never). */
  targetRunway: number;
  history: FinancialHistory;
  /** The observed months' cost lines (they sum to history.expenses), for `--lines`. */
  costLines: { name: string; values: number[] }[];
  /** The 36 months after the history, from the same process. */
  future: { revenue: number[]; expenses: number[] };
  currentCash: number;
}

const uniform = (random: Random, low: number, high: number): number =>
  low + (high - low) * random.uniform();
const logUniform = (random: Random, low: number, high: number): number =>
  Math.exp(uniform(random, Math.log(low), Math.log(high)));

function drawProfile(random: Random): { profile: GrowthProfile; growth: number } {
  const u = random.uniform();
  if (u < 0.6) return { profile: 'growing', growth: uniform(random, 0.02, 0.1) };
  if (u < 0.8) return { profile: 'flat', growth: uniform(random, -0.01, 0.01) };
  return { profile: 'declining', growth: -uniform(random, 0.01, 0.05) };
}

/** Monthly revenue and the growth rate behind each month. */
function revenuePath(
  random: Random,
  months: number,
  start: number,
  growth0: number,
): { revenue: number[]; growth: number[] } {
  const decay = uniform(random, 0.97, 1);
  const drift = uniform(random, 0.002, 0.006);
  const noise = uniform(random, 0.02, 0.1);
  let log = Math.log(start);
  let g = growth0;
  const revenue: number[] = [];
  const growth: number[] = [];
  for (let t = 0; t < months; t += 1) {
    g = decay * g + drift * random.normal();
    log += g;
    growth.push(g);
    revenue.push(Math.exp(log + noise * random.normal()));
  }
  return { revenue, growth };
}

/** Monthly payroll: headcount steps up with hires (more while growing), sometimes down. */
function payrollPath(random: Random, growth: readonly number[], heads0: number, perHead0: number) {
  let heads = heads0;
  let perHead = perHead0;
  return growth.map((g) => {
    if (random.uniform() < Math.min(0.5, Math.max(0.03, 0.08 + 2 * g))) {
      heads += 1 + random.int(Math.max(1, Math.round(heads * 0.1)));
    }
    if (g < -0.01 && random.uniform() < 0.04) heads = Math.max(2, Math.round(heads * 0.85));
    perHead *= 1.003;
    return heads * perHead * (1 + 0.01 * random.normal());
  });
}

function expensePath(
  random: Random,
  revenue: readonly number[],
  growth: readonly number[],
  team: { heads0: number; perHead: number },
) {
  const { heads0, perHead } = team;
  const payroll = payrollPath(random, growth, heads0, perHead);
  const marketingShare = uniform(random, 0.1, 0.6);
  const cogsShare = uniform(random, 0.05, 0.25);
  let overhead = uniform(random, 0.1, 0.3) * heads0 * perHead;
  const lines: Record<CostLine, number[]> = { payroll, marketing: [], cogs: [], overhead: [] };
  const total = revenue.map((r, t) => {
    if (random.uniform() < 0.02) overhead *= 1.5;
    const marketing = marketingShare * r * Math.exp(0.2 * random.normal());
    const cogs = cogsShare * r * Math.exp(0.05 * random.normal());
    const office = overhead * (1 + 0.05 * random.normal());
    lines.marketing.push(marketing);
    lines.cogs.push(cogs);
    lines.overhead.push(office);
    return (payroll[t] as number) + marketing + cogs + office;
  });
  return { total, lines };
}

export const COST_LINES = ['payroll', 'marketing', 'cogs', 'overhead'] as const;
type CostLine = (typeof COST_LINES)[number];

/**
 * Cash now such that the balance first runs out `target` months ahead on the true future: the most
 * the cumulative burn reaches by then (so it cannot run out sooner), with the burn of the last
 * generated month extended past the future; it runs out later, or never, when the burn then falls
 * or turns into profit. Companies that never burn by `target` get 3–12 months of costs.
 */
function cashForRunway(
  random: Random,
  target: number,
  revenue: readonly number[],
  expenses: readonly number[],
): number {
  const months = revenue.length;
  const burn = (h: number): number =>
    (expenses[Math.min(h, months - 1)] as number) - (revenue[Math.min(h, months - 1)] as number);
  let cumulative = 0;
  let most = 0;
  for (let h = 0; h < Math.floor(target); h += 1) {
    cumulative += burn(h);
    most = Math.max(most, cumulative);
  }
  most = Math.max(most, cumulative + (target - Math.floor(target)) * burn(Math.floor(target)));
  return most > 0 ? most : uniform(random, 3, 12) * (expenses[0] as number);
}

/**
 * End-of-month balances of the history, rebuilt backwards from the current cash. Half of the
 * companies raised a round in one of the past months: the balances before it are lower by it.
 */
function pastBalances(
  random: Random,
  currentCash: number,
  revenue: readonly number[],
  expenses: readonly number[],
): number[] {
  const balances = new Array<number>(revenue.length);
  let balance = currentCash;
  for (let t = revenue.length - 1; t >= 0; t -= 1) {
    balances[t] = balance;
    balance += (expenses[t] as number) - (revenue[t] as number);
  }
  if (random.uniform() < 0.5) {
    const month = 3 + random.int(revenue.length - 6);
    const before = balances.slice(0, month);
    const round = uniform(random, 0.4, 0.8) * Math.max(0, Math.min(...before));
    for (let t = 0; t < month; t += 1) balances[t] = (balances[t] as number) - round;
  }
  return balances;
}

function monthDates(count: number): string[] {
  return Array.from({ length: count }, (_, t) => {
    const year = 2023 + Math.floor(t / 12);
    return `${year}-${String((t % 12) + 1).padStart(2, '0')}-01`;
  });
}

function oneStartup(random: Random, id: string): Startup {
  const months = OBSERVED_MONTHS + FUTURE_MONTHS;
  const { profile, growth } = drawProfile(random);
  const team = {
    heads0: Math.round(logUniform(random, 3, 40)),
    perHead: uniform(random, 7e3, 14e3),
  };
  const start = team.heads0 * team.perHead * uniform(random, 0.1, 0.9);
  const path = revenuePath(random, months, start, growth);
  const { total: expenses, lines } = expensePath(random, path.revenue, path.growth, team);
  const targetRunway = uniform(random, 6, 48);
  const future = {
    revenue: path.revenue.slice(OBSERVED_MONTHS),
    expenses: expenses.slice(OBSERVED_MONTHS),
  };
  const currentCash = cashForRunway(random, targetRunway, future.revenue, future.expenses);
  const revenue = path.revenue.slice(0, OBSERVED_MONTHS);
  const pastExpenses = expenses.slice(0, OBSERVED_MONTHS);
  return {
    id,
    profile,
    targetRunway,
    history: {
      dates: monthDates(OBSERVED_MONTHS),
      revenue,
      expenses: pastExpenses,
      cash: pastBalances(random, currentCash, revenue, pastExpenses),
    },
    costLines: COST_LINES.map((name) => ({ name, values: lines[name].slice(0, OBSERVED_MONTHS) })),
    future,
    currentCash,
  };
}

/** `count` startups; same seed → same companies. */
export function generateStartups(count: number, seed: number): Startup[] {
  const random = createRandom(seed);
  return Array.from({ length: count }, (_, i) => oneStartup(random, `startup-${i + 1}`));
}
