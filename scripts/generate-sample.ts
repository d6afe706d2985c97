// Writes the example files (seeded, so they are reproducible), used by the README's walkthrough
// and the e2e test:
// - examples/market-sample.csv: daily revenue for two regions over 18 months with a trend,
//   weekly seasonality and noise;
// - examples/financials-sample.csv: 36 months of a SaaS startup's revenue, costs and cash
//   balance, ending with about a year of runway.
//
// With `--startup <dir> [--users N] [--customers N] [--seed S]` it writes the "Try with sample
// data" startup instead (packages/sample-data: the same files the app loads), leaving examples/
// alone. The example files keep their own generator below: e2e specs depend on their content.
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { sampleDatasets } from '@foresight/sample-data';

const { values: args } = parseArgs({
  options: {
    startup: { type: 'string' },
    users: { type: 'string' },
    customers: { type: 'string' },
    seed: { type: 'string' },
  },
});
if (args.startup !== undefined) {
  const dir = path.resolve(args.startup);
  mkdirSync(dir, { recursive: true });
  const number = (v: string | undefined) => (v === undefined ? undefined : Number(v));
  for (const dataset of sampleDatasets({
    seed: number(args.seed),
    users: number(args.users),
    customers: number(args.customers),
  })) {
    const file = path.join(dir, dataset.fileName);
    await pipeline(dataset.chunks(), createWriteStream(file));
    console.log(`wrote ${dataset.kind} sample to ${path.relative(process.cwd(), file)}`);
  }
  process.exit(0);
}

function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = mulberry32(2024);
const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
const weekly = [0.82, 1.05, 1.08, 1.1, 1.12, 1.0, 0.83]; // Sun..Sat
const regions = [
  { name: 'north', level: 1200, growth: 1.6 },
  { name: 'south', level: 700, growth: 0.9 },
];
const days = 548;
const start = Date.UTC(2024, 0, 1);
const lines = ['date,region,revenue'];
for (let i = 0; i < days; i++) {
  const date = new Date(start + i * 86_400_000);
  for (const r of regions) {
    const value = (r.level + r.growth * i) * weekly[date.getUTCDay()]! * (1 + 0.04 * gaussian());
    lines.push(`${date.toISOString().slice(0, 10)},${r.name},${value.toFixed(2)}`);
  }
}
const examples = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../examples');
writeFileSync(path.join(examples, 'market-sample.csv'), lines.join('\n') + '\n');
console.log(`wrote ${lines.length - 1} rows to examples/market-sample.csv`);

// Financials: revenue compounding ~4%/month, payroll stepping up with hires, hosting and marketing.
const months = 36;
const periods: {
  date: string;
  revenue: number;
  payroll: number;
  hosting: number;
  marketing: number;
}[] = [];
let mrr = 18_000;
let payroll = 95_000;
for (let m = 0; m < months; m++) {
  mrr *= 1 + 0.04 + 0.02 * gaussian();
  if (m % 4 === 3) payroll += 15_000; // a hire every four months
  const revenue = mrr * (1 + 0.03 * gaussian()) * (m % 12 === 11 ? 0.93 : 1); // December dip
  const hosting = 4_000 + 0.08 * revenue * (1 + 0.05 * gaussian());
  const marketing = 22_000 + 0.15 * revenue * (1 + 0.2 * gaussian());
  const date = new Date(Date.UTC(2023, m, 1)).toISOString().slice(0, 10);
  periods.push({ date, revenue, payroll: payroll * (1 + 0.01 * gaussian()), hosting, marketing });
}
const net = periods.map((p) => p.revenue - p.payroll - p.hosting - p.marketing);
const lastBurn = -(net.at(-1)! + net.at(-2)! + net.at(-3)!) / 3;
// Choose the opening balance (with one fundraise) so the company ends with ~12 months of runway.
const raise = { month: 14, amount: 2_500_000 };
let cash = 12 * lastBurn - net.reduce((a, b) => a + b, 0) - raise.amount;
const fin = ['month,revenue,payroll,hosting,marketing,cash_balance'];
periods.forEach((p, m) => {
  cash += net[m]! + (m === raise.month ? raise.amount : 0);
  const cells = [p.revenue, p.payroll, p.hosting, p.marketing, cash].map((v) => v.toFixed(2));
  fin.push([p.date, ...cells].join(','));
});
writeFileSync(path.join(examples, 'financials-sample.csv'), fin.join('\n') + '\n');
console.log(
  `wrote ${months} months to examples/financials-sample.csv ` +
    `(burn ${lastBurn.toFixed(0)}/month over the last 3, cash ${cash.toFixed(0)})`,
);

// Customers: 800 SaaS accounts; churn depends non-linearly on usage, tenure, tickets and plan.
const plans = ['free', 'starter', 'pro', 'enterprise'];
const countries = ['US', 'UK', 'DE', 'FR', 'IN', 'BR'];
const customerLines = [
  'customer_id,plan,seats,monthly_spend,tenure_months,logins_last_30d,support_tickets,country,churned',
];
for (let i = 0; i < 800; i++) {
  const plan = plans[Math.floor(random() ** 1.5 * plans.length)]!;
  const seats = Math.max(
    1,
    Math.round((plan === 'enterprise' ? 40 : plan === 'pro' ? 12 : 3) * (0.5 + random())),
  );
  const spend = seats * (plan === 'free' ? 0 : plan === 'starter' ? 15 : plan === 'pro' ? 39 : 79);
  const tenure = Math.floor(1 + random() * 48);
  const logins = Math.max(0, Math.round(25 * random() ** 0.7 + 3 * gaussian()));
  const tickets = Math.floor(-Math.log(1 - random()) * 1.5);
  const logit =
    1.2 -
    0.12 * logins +
    0.45 * tickets -
    0.04 * tenure +
    (plan === 'free' ? 0.9 : plan === 'enterprise' ? -0.8 : 0) +
    (logins < 4 && tickets > 2 ? 1.5 : 0);
  const churned = random() < 1 / (1 + Math.exp(-logit));
  const country = countries[Math.floor(random() * countries.length)]!;
  customerLines.push(
    [
      `C${String(1000 + i)}`,
      plan,
      seats,
      spend.toFixed(2),
      tenure,
      logins,
      random() < 0.03 ? '' : tickets,
      country,
      churned ? 'yes' : 'no',
    ].join(','),
  );
}
writeFileSync(path.join(examples, 'customers-sample.csv'), customerLines.join('\n') + '\n');
console.log(`wrote ${customerLines.length - 1} customers to examples/customers-sample.csv`);

// Events: 400 users over 150 days using product features and report templates; users in taste
// clusters, some go quiet.
// 12 product features and 28 report templates; users fall into four taste clusters of 10 items.
const features = [
  'dashboard',
  'reports',
  'export',
  'alerts',
  'api',
  'billing',
  'team',
  'integrations',
  'forecasts',
  'churn',
  'search',
  'mobile',
  ...Array.from({ length: 28 }, (_, i) => `template-${String(i + 1).padStart(2, '0')}`),
];
const clusters = [0, 1, 2, 3].map((c) =>
  Array.from({ length: 10 }, (_, j) => (c * 10 + j * 3) % features.length),
);
const eventLines = ['user_id,timestamp,event,feature,value'];
const startMs = Date.UTC(2025, 0, 1);
for (let u = 0; u < 400; u++) {
  const cluster = clusters[u % clusters.length]!;
  const joined = Math.floor(random() * 60);
  const quitsAt = random() < 0.3 ? joined + 20 + Math.floor(random() * 100) : 999;
  const rate = 0.3 + random() * 1.2;
  for (let day = joined; day < 150; day++) {
    const fading = day > quitsAt - 20 ? Math.max(0, (quitsAt - day) / 20) : 1;
    if (day >= quitsAt || random() > rate * fading * 0.35) continue;
    const n = 1 + Math.floor(random() * 3);
    for (let e = 0; e < n; e++) {
      const feature =
        features[
          random() < 0.8
            ? cluster[Math.floor(random() * cluster.length)]!
            : Math.floor(random() * features.length)
        ]!;
      const t = new Date(startMs + day * 86_400_000 + Math.floor(random() * 86_400_000));
      const purchase = feature === 'billing' && random() < 0.3;
      eventLines.push(
        [
          `U${String(u).padStart(4, '0')}`,
          t.toISOString(),
          purchase ? 'purchase' : 'use',
          feature,
          purchase ? (20 + random() * 80).toFixed(2) : '',
        ].join(','),
      );
    }
  }
}
writeFileSync(path.join(examples, 'events-sample.csv'), eventLines.join('\n') + '\n');
console.log(`wrote ${eventLines.length - 1} events to examples/events-sample.csv`);
