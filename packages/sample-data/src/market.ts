import { DAYS, DAY_MS, START_MS, isoDay } from './calendar';
import { Random } from './random';

/** Monday..Sunday multipliers are indexed by getUTCDay (Sunday = 0): a B2B product, quiet weekends. */
const WEEKLY = [0.62, 1.08, 1.12, 1.1, 1.06, 0.98, 0.66];

/** Yearly shape: quiet August and late December, busy January and September. */
function yearly(ms: number): number {
  const d = new Date(ms);
  const dayOfYear = (ms - Date.UTC(d.getUTCFullYear(), 0, 1)) / DAY_MS;
  const phase = (2 * Math.PI * dayOfYear) / 365.25;
  let factor = 1 + 0.08 * Math.cos(phase) + 0.05 * Math.cos(2 * phase);
  if (d.getUTCMonth() === 7) factor *= 0.9; // August
  if (d.getUTCMonth() === 11 && d.getUTCDate() >= 20) factor *= 0.7; // holidays
  return factor;
}

/** Known one-off events in the data (an anomaly detector should find these). */
export const MARKET_ANOMALIES = [
  {
    date: '2025-09-16',
    series: 'web_sessions',
    factor: 2.9,
    note: 'launch day on a tech news site',
  },
  { date: '2025-09-16', series: 'signups', factor: 2.2, note: 'launch day on a tech news site' },
  { date: '2026-03-04', series: 'signups', factor: 0.2, note: 'sign-up form outage' },
  { date: '2026-06-10', series: 'web_sessions', factor: 0.35, note: 'tracking script broken' },
] as const;

export const MARKET_HEADER = 'date,signups,web_sessions,mrr';

/**
 * Daily product metrics: sign-ups, web sessions (counts) and MRR (currency), each a growth
 * trend × weekly × yearly seasonality × noise, plus the anomalies above.
 */
export function* marketLines(seed: number): Generator<string> {
  const random = new Random(seed);
  const anomaly = new Map(MARKET_ANOMALIES.map((a) => [`${a.date}|${a.series}`, a.factor]));
  const factorOf = (date: string, series: string) => anomaly.get(`${date}|${series}`) ?? 1;
  yield MARKET_HEADER;
  let mrr = 38_000;
  for (let day = 0; day < DAYS; day++) {
    const ms = START_MS + day * DAY_MS;
    const date = isoDay(ms);
    const t = day / DAYS;
    const season = yearly(ms) * WEEKLY[new Date(ms).getUTCDay()]!;
    const signupMean = (70 + 110 * t + 40 * t * t) * season * factorOf(date, 'signups');
    const signups = random.poisson(signupMean * Math.exp(0.08 * random.gaussian()));
    const sessionMean = (3_200 + 5_400 * t) * season * factorOf(date, 'web_sessions');
    const sessions = Math.round(sessionMean * (1 + 0.06 * random.gaussian()));
    // MRR compounds ~5%/month early and ~3.5%/month late, with small daily noise.
    mrr *= 1 + (0.05 - 0.015 * t) / 30.4 + 0.002 * random.gaussian();
    yield `${date},${signups},${Math.max(0, sessions)},${mrr.toFixed(2)}`;
  }
}
