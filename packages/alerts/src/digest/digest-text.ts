import type {
  AlertsSection,
  BehaviourSection,
  ChurnSection,
  DigestSection,
  ForecastSection,
  MarketSection,
  RunwayNumbers,
  RunwaySection,
  SeriesChange,
  WeeklyDigest,
} from './types';
import { dayLabel } from './week';

// The digest in plain text (e-mail, the in-app notification, the webhook's body): every number
// with its unit, and a sentence saying what it is.

/** A value in its own unit: grouped thousands, fewer decimals the larger it is. */
export function formatValue(v: number): string {
  const abs = Math.abs(v);
  const digits = abs >= 1000 ? 0 : abs >= 100 ? 1 : abs >= 1 ? 2 : 3;
  return new Intl.NumberFormat('en-US', { maximumFractionDigits: digits }).format(v);
}

function count(n: number): string {
  return new Intl.NumberFormat('en-US').format(n);
}

/** A probability (0–1) as a percentage. */
export function formatProbability(p: number): string {
  if (p <= 0) return '0%';
  if (p >= 1) return '100%';
  if (p < 0.01) return 'under 1%';
  if (p > 0.99) return 'over 99%';
  return `${Math.round(p * 100)}%`;
}

function months(m: number): string {
  return `${m.toFixed(1)} month${m.toFixed(1) === '1.0' ? '' : 's'}`;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${count(n)} ${n === 1 ? one : many}`;
}

/** "up 20.0% from 100 on 2026-11-29" */
function changeWords(c: SeriesChange): string {
  if (!c.previous) return 'no value a week or more earlier to compare with';
  const from = `${formatValue(c.previous.value)} on ${c.previous.date}`;
  if (c.change === 0) return `unchanged from ${from}`;
  const direction = (c.change ?? 0) > 0 ? 'up' : 'down';
  return c.changePct === null
    ? `${direction} from ${from}`
    : `${direction} ${Math.abs(c.changePct).toFixed(1)}% from ${from}`;
}

function marketText(s: MarketSection): string[] {
  const lines = [
    `${s.datasetName} (market data): each series' latest value, and its change since the last value dated a week or more before it (values are in the series' own units).`,
    ...s.series.map(
      (c) => `- ${c.series}: ${formatValue(c.latest.value)} on ${c.latest.date}, ${changeWords(c)}`,
    ),
  ];
  if (s.moreSeries > 0) {
    lines.push(`- and ${plural(s.moreSeries, 'more series', 'more series')} that moved less`);
  }
  return lines;
}

function weekChange(now: number, before: number | undefined): string {
  if (before === undefined) return '';
  if (now === before) return `, the same as the week before`;
  const direction = now > before ? 'up' : 'down';
  if (before === 0) return `, ${direction} from 0 the week before`;
  const pct = (100 * Math.abs(now - before)) / before;
  return `, ${direction} ${pct.toFixed(1)}% from ${count(before)} the week before`;
}

function behaviourText(s: BehaviourSection): string[] {
  return [
    `${s.datasetName} (behaviour data): the week of ${dayLabel(s.week.weekStart)}, the latest full week in the data${s.previous ? ', compared with the week before' : ''}.`,
    `- Weekly active users (people with at least one event that week): ${count(s.week.activeUsers)}${weekChange(s.week.activeUsers, s.previous?.activeUsers)}`,
    `- Events recorded: ${count(s.week.events)}${weekChange(s.week.events, s.previous?.events)}`,
  ];
}

function forecastText(s: ForecastSection): string[] {
  const lines = [
    `${s.datasetName} (market data): forecast version ${s.modelVersion}, trained on ${dayLabel(s.trainedAt)}. Of the ${plural(s.compared, 'actual value')} that have arrived for its dates, ${count(s.inside)} fell inside its 80% band (between p10 and p90, the range it expected 8 times out of 10).`,
    ...s.series.map((c) => {
      const l = c.latest;
      const where = l.position === 'inside' ? 'inside the band' : `${l.position} the band`;
      return `- ${c.series}, ${l.date}: actual ${formatValue(l.actual)} against a forecast of ${formatValue(l.p50)} (p50; band ${formatValue(l.p10)} to ${formatValue(l.p90)}): ${where} (${count(c.inside)} of ${count(c.compared)} inside so far)`;
    }),
  ];
  if (s.moreSeries > 0) lines.push(`- and ${plural(s.moreSeries, 'more series', 'more series')}`);
  return lines;
}

function runwayWords(r: RunwayNumbers): string {
  return r.runwayP50Months === null
    ? `more than the ${months(r.horizonMonths)} simulated`
    : months(r.runwayP50Months);
}

function runwayText(s: RunwaySection): string[] {
  const { now, before } = s;
  const assessed = `version ${now.modelVersion} of ${dayLabel(now.assessedAt)}`;
  const cashOut = (r: RunwayNumbers) =>
    r.cashOut6 === null ? 'not simulated' : formatProbability(r.cashOut6);
  const meaning =
    'Median runway is the month by which half of the simulated futures have run out of cash.';
  if (!s.newThisWeek || !before) {
    const lead = s.newThisWeek
      ? `first assessment (${assessed})`
      : `no new assessment this week; the latest (${assessed}) gives`;
    return [
      `${s.datasetName} (financials): ${lead} a median runway of ${runwayWords(now)} and a ${cashOut(now)} chance of running out of cash within 6 months. ${meaning}`,
    ];
  }
  const than =
    s.comparedWith === 'week-ago'
      ? `a week ago (${runwayWords(before)}, assessment of ${dayLabel(before.assessedAt)})`
      : `the previous assessment (${runwayWords(before)}, ${dayLabel(before.assessedAt)})`;
  let runway: string;
  if (now.runwayP50Months !== null && before.runwayP50Months !== null) {
    const diff = now.runwayP50Months - before.runwayP50Months;
    runway =
      Math.abs(diff) < 0.05
        ? `${months(now.runwayP50Months)}, unchanged from ${than}`
        : `${months(now.runwayP50Months)}, ${months(Math.abs(diff))} ${diff < 0 ? 'shorter' : 'longer'} than ${than}`;
  } else {
    runway = `${runwayWords(now)}, against ${than}`;
  }
  let chance = `${cashOut(now)}`;
  if (now.cashOut6 !== null && before.cashOut6 !== null) {
    const diff = Math.round(100 * now.cashOut6) - Math.round(100 * before.cashOut6);
    chance +=
      diff === 0
        ? ', the same as before'
        : `, ${diff > 0 ? 'up' : 'down'} from ${formatProbability(before.cashOut6)}`;
  }
  return [
    `${s.datasetName} (financials): median runway is now ${runway}. The chance of running out of cash within 6 months is ${chance}. ${meaning}`,
  ];
}

function churnText(s: ChurnSection): string[] {
  return [
    `${s.datasetName} (churn model version ${s.modelVersion}, scored ${dayLabel(s.scoredAt)}): ${count(s.atOrAboveThreshold)} of ${plural(s.scored, 'customer')} score at or above the model's alert threshold of ${s.threshold.toFixed(2)}. A score is the model's estimated chance, from 0 to 1, that the customer churns. Most at risk:`,
    ...s.customers.map(
      (c) =>
        `${c.rank}. ${c.id}: ${c.score.toFixed(2)}${c.reason ? `, mainly because of ${c.reason}` : ''}`,
    ),
  ];
}

function alertsText(s: AlertsSection): string[] {
  const total = s.events.length + s.more;
  const lines = [
    `${plural(total, 'alert')} fired this week:`,
    ...s.events.map((e) => `- ${dayLabel(e.firedAt)}, ${e.ruleName}: ${e.summary}`),
  ];
  if (s.more > 0) lines.push(`- and ${count(s.more)} more (see the Alerts page)`);
  return lines;
}

const HEADINGS: Record<DigestSection['kind'], string> = {
  market: 'KEY NUMBERS',
  behaviour: 'KEY NUMBERS',
  forecast: 'FORECASTS VS ACTUALS',
  runway: 'RUNWAY',
  churn: 'AT-RISK CUSTOMERS',
  alerts: 'ALERTS',
};

function sectionText(s: DigestSection): string[] {
  switch (s.kind) {
    case 'market':
      return marketText(s);
    case 'behaviour':
      return behaviourText(s);
    case 'forecast':
      return forecastText(s);
    case 'runway':
      return runwayText(s);
    case 'churn':
      return churnText(s);
    case 'alerts':
      return alertsText(s);
  }
}

/** The digest as plain text: a line on the week, then each section under its heading. */
export function digestText(digest: Omit<WeeklyDigest, 'text'>): string {
  const out = [
    `${digest.organizationName}, week ${digest.periodKey} (${dayLabel(digest.weekStart)} to ${dayLabel(digest.weekEnd)}, UTC).`,
  ];
  if (digest.sections.length === 0) out.push('', 'Nothing to report this week.');
  let heading: string | null = null;
  for (const section of digest.sections) {
    const next = HEADINGS[section.kind];
    if (next !== heading) out.push('', next);
    heading = next;
    out.push('', ...sectionText(section));
  }
  return out.join('\n');
}
