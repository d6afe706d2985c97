import { MONTHS, monthStart } from './calendar';
import { Random } from './random';

export const FINANCIALS_HEADER =
  'month,revenue,payroll,hosting,marketing,software,office,cash_balance';
export const EXPENSE_COLUMNS = ['payroll', 'hosting', 'marketing', 'software', 'office'] as const;

/** Months of runway the sample company has at the end of its history. */
export const TARGET_RUNWAY_MONTHS = 12;

export interface FinancialPeriod {
  month: string;
  revenue: number;
  payroll: number;
  hosting: number;
  marketing: number;
  software: number;
  office: number;
  cash: number;
}

/**
 * A SaaS startup's monthly P&L over the sample months: revenue compounding ~5%/month, payroll
 * stepping up with hires, hosting scaling with revenue, marketing with campaigns; one fundraise.
 * The opening cash is chosen so the final cash balance is ~12 months of the last quarter's
 * average net burn.
 */
export function financialPeriods(seed: number): FinancialPeriod[] {
  const random = new Random(seed);
  const rows: Omit<FinancialPeriod, 'cash'>[] = [];
  let mrr = 38_000;
  let payroll = 140_000;
  for (let m = 0; m < MONTHS; m++) {
    mrr *= 1 + 0.048 - 0.012 * (m / MONTHS) + 0.012 * random.gaussian();
    if (m % 3 === 2) payroll += 12_000 + 4_000 * random.next(); // a hire a quarter
    const december = monthStart(m).slice(5, 7) === '12';
    const revenue = mrr * (1 + 0.02 * random.gaussian()) * (december ? 0.95 : 1);
    rows.push({
      month: monthStart(m),
      revenue,
      payroll: payroll * (1 + 0.01 * random.gaussian()),
      hosting: 6_000 + 0.07 * revenue * (1 + 0.05 * random.gaussian()),
      marketing: (25_000 + 0.12 * revenue) * (1 + 0.15 * random.gaussian()),
      software: 4_500 + 180 * m + 300 * random.next(),
      office: 9_000 + (m >= 12 ? 3_000 : 0),
    });
  }
  const net = rows.map(
    (r) => r.revenue - r.payroll - r.hosting - r.marketing - r.software - r.office,
  );
  const lastBurn = -(net.at(-1)! + net.at(-2)! + net.at(-3)!) / 3;
  const raise = { month: 9, amount: 3_000_000 };
  let cash = TARGET_RUNWAY_MONTHS * lastBurn - net.reduce((a, b) => a + b, 0) - raise.amount;
  return rows.map((r, m) => {
    cash += net[m]! + (m === raise.month ? raise.amount : 0);
    return { ...r, cash };
  });
}

export function* financialsLines(seed: number): Generator<string> {
  yield FINANCIALS_HEADER;
  for (const p of financialPeriods(seed)) {
    const cells = [p.revenue, p.payroll, p.hosting, p.marketing, p.software, p.office, p.cash];
    yield [p.month, ...cells.map((v) => v.toFixed(2))].join(',');
  }
}
