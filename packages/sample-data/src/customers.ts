import { Random } from './random';

export const CUSTOMERS_HEADER =
  'customer_id,plan,seats,tenure_months,monthly_spend,support_tickets,last_login_days,nps,churned';

const PLANS = [
  { name: 'starter', price: 19, seats: 3, weight: 0.45, churn: 0.5 },
  { name: 'team', price: 35, seats: 9, weight: 0.33, churn: 0 },
  { name: 'business', price: 59, seats: 25, weight: 0.17, churn: -0.4 },
  { name: 'enterprise', price: 89, seats: 80, weight: 0.05, churn: -1.1 },
] as const;

/** The churn model the labels are drawn from (so a classifier has something real to learn). */
export function churnLogit(c: {
  plan: string;
  seats: number;
  tenureMonths: number;
  supportTickets: number;
  lastLoginDays: number;
  nps: number | null;
}): number {
  const plan = PLANS.find((p) => p.name === c.plan)?.churn ?? 0;
  return (
    -2.1 +
    plan +
    0.055 * c.lastLoginDays -
    0.045 * c.tenureMonths +
    0.32 * c.supportTickets -
    0.22 * Math.log1p(c.seats) -
    (c.nps === null ? 0 : 0.16 * (c.nps - 7)) +
    (c.lastLoginDays > 21 && c.supportTickets >= 3 ? 1.2 : 0)
  );
}

/** One row per customer account, with a yes/no churn label from `churnLogit`. */
export function* customersLines(seed: number, customers: number): Generator<string> {
  const random = new Random(seed);
  yield CUSTOMERS_HEADER;
  for (let i = 0; i < customers; i++) {
    let u = random.next();
    let plan: (typeof PLANS)[number] = PLANS[0];
    for (const p of PLANS) {
      plan = p;
      if (u < p.weight) break;
      u -= p.weight;
    }
    const seats = Math.max(1, Math.round(plan.seats * Math.exp(0.5 * random.gaussian())));
    const tenureMonths = 1 + Math.floor(-Math.log(1 - random.next()) * 14);
    const engagement = random.gaussian();
    const lastLoginDays = Math.min(
      90,
      Math.floor(-Math.log(1 - random.next()) * 6 * Math.exp(-0.7 * engagement)),
    );
    const supportTickets = random.poisson(1.2 * Math.exp(0.3 * random.gaussian()));
    const nps = random.chance(0.05)
      ? null
      : Math.max(
          0,
          Math.min(
            10,
            Math.round(7.5 + 1.4 * engagement - 0.4 * supportTickets + random.gaussian()),
          ),
        );
    const discount = seats >= 50 ? 0.8 : seats >= 20 ? 0.9 : 1;
    const monthlySpend = seats * plan.price * discount * (1 + 0.03 * random.gaussian());
    const logit = churnLogit({
      plan: plan.name,
      seats,
      tenureMonths,
      supportTickets,
      lastLoginDays,
      nps,
    });
    const churned = random.next() < 1 / (1 + Math.exp(-logit));
    yield [
      `cus_${String(i + 1).padStart(6, '0')}`,
      plan.name,
      seats,
      tenureMonths,
      monthlySpend.toFixed(2),
      supportTickets,
      lastLoginDays,
      nps ?? '',
      churned ? 'yes' : 'no',
    ].join(',');
  }
}
