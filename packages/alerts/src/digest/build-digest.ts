import {
  churnScoresAbove,
  forecastVsActuals,
  getOrganization,
  latestChurn,
  listAlertEvents,
  listDatasets,
  marketSeriesChanges,
  runwaySnapshots,
  weeklyActivity,
  type DatasetSummary,
  type DbHandle,
  type ForecastActual,
  type RunwaySnapshot,
} from '@foresight/db';
import { digestText } from './digest-text';
import type {
  AlertsSection,
  BehaviourSection,
  ChurnSection,
  DigestSection,
  ForecastCheck,
  ForecastSection,
  MarketSection,
  RunwayNumbers,
  RunwaySection,
  SeriesChange,
  WeeklyDigest,
} from './types';
import { addDays, dayLabel, isoDate, isoWeekKey, mondayOf } from './week';

/** Series listed per market or forecast section; top customers; alerts listed. */
const MAX_SERIES = 10;
const TOP_CUSTOMERS = 5;
const MAX_ALERTS = 20;

type Dataset = Pick<DatasetSummary, 'id' | 'name'>;

async function marketSection(
  db: DbHandle,
  organizationId: string,
  dataset: Dataset,
  before: string,
): Promise<MarketSection | null> {
  const rows = await marketSeriesChanges(db, organizationId, dataset.id, before);
  if (rows.length === 0) return null;
  const series: SeriesChange[] = rows.map((r) => {
    const change = r.previous ? r.latest.value - r.previous.value : null;
    const changePct =
      r.previous && r.previous.value !== 0
        ? (100 * (r.latest.value - r.previous.value)) / Math.abs(r.previous.value)
        : null;
    return { ...r, change, changePct };
  });
  // The series that moved most first; those without a comparison last.
  series.sort(
    (a, b) =>
      Math.abs(b.changePct ?? -1) - Math.abs(a.changePct ?? -1) || a.series.localeCompare(b.series),
  );
  return {
    kind: 'market',
    datasetId: dataset.id,
    datasetName: dataset.name,
    series: series.slice(0, MAX_SERIES),
    moreSeries: Math.max(0, series.length - MAX_SERIES),
  };
}

async function behaviourSection(
  db: DbHandle,
  organizationId: string,
  dataset: Dataset,
  before: string,
): Promise<BehaviourSection | null> {
  const weeks = await weeklyActivity(db, organizationId, dataset.id, before);
  if (!weeks) return null;
  return {
    kind: 'behaviour',
    datasetId: dataset.id,
    datasetName: dataset.name,
    week: weeks.week,
    previous: weeks.previous,
  };
}

function position(p: ForecastActual): 'inside' | 'above' | 'below' {
  return p.actual > p.p90 ? 'above' : p.actual < p.p10 ? 'below' : 'inside';
}

async function forecastSection(
  db: DbHandle,
  organizationId: string,
  dataset: Dataset,
  before: string,
): Promise<ForecastSection | null> {
  const found = await forecastVsActuals(db, organizationId, dataset.id, before);
  if (!found) return null;
  const bySeries = new Map<string, ForecastActual[]>();
  for (const p of found.points) {
    const list = bySeries.get(p.series) ?? [];
    list.push(p);
    bySeries.set(p.series, list);
  }
  const checks: ForecastCheck[] = [...bySeries].map(([series, points]) => {
    const last = points.at(-1)!; // points come sorted by date
    return {
      series,
      compared: points.length,
      inside: points.filter((p) => position(p) === 'inside').length,
      latest: {
        date: last.date,
        actual: last.actual,
        p10: last.p10,
        p50: last.p50,
        p90: last.p90,
        position: position(last),
      },
    };
  });
  // Series whose latest actual left the band first.
  checks.sort(
    (a, b) =>
      Number(b.latest.position !== 'inside') - Number(a.latest.position !== 'inside') ||
      a.series.localeCompare(b.series),
  );
  return {
    kind: 'forecast',
    datasetId: dataset.id,
    datasetName: dataset.name,
    modelVersion: found.version,
    trainedAt: new Date(found.trainedAt).toISOString(),
    compared: found.points.length,
    inside: found.points.filter((p) => position(p) === 'inside').length,
    series: checks.slice(0, MAX_SERIES),
    moreSeries: Math.max(0, checks.length - MAX_SERIES),
  };
}

function runwayNumbers(s: RunwaySnapshot): RunwayNumbers {
  return {
    modelVersion: s.version,
    assessedAt: new Date(s.assessedAt).toISOString(),
    runwayP50Months: s.runwayP50,
    horizonMonths: s.horizon,
    cashOut6: s.cashOut6,
  };
}

async function runwaySection(
  db: DbHandle,
  organizationId: string,
  dataset: Dataset,
  start: Date,
  end: Date,
): Promise<RunwaySection | null> {
  const snapshots = await runwaySnapshots(db, organizationId, dataset.id, end);
  const now = snapshots[0];
  if (!now) return null;
  const newThisWeek = new Date(now.assessedAt) >= start;
  const weekAgo = snapshots.find((s) => new Date(s.assessedAt) < start);
  const previous = snapshots[1];
  const before = newThisWeek ? (weekAgo ?? previous ?? null) : null;
  return {
    kind: 'runway',
    datasetId: dataset.id,
    datasetName: dataset.name,
    now: runwayNumbers(now),
    before: before && runwayNumbers(before),
    comparedWith: before ? (before === weekAgo ? 'week-ago' : 'previous') : null,
    newThisWeek,
  };
}

async function churnSection(
  db: DbHandle,
  organizationId: string,
  dataset: Dataset,
): Promise<ChurnSection | null> {
  const churn = await latestChurn(db, organizationId, dataset.id, { limit: TOP_CUSTOMERS });
  if (!churn || churn.scores.length === 0) return null;
  const threshold = churn.metrics.threshold.value;
  return {
    kind: 'churn',
    datasetId: dataset.id,
    datasetName: dataset.name,
    modelVersion: churn.version,
    scoredAt: new Date(churn.createdAt).toISOString(),
    threshold,
    scored: churn.total,
    atOrAboveThreshold: await churnScoresAbove(db, organizationId, churn.modelId, threshold),
    customers: churn.scores.map((s) => {
      const top = s.drivers[0];
      return {
        rank: s.rank,
        id: s.id,
        score: s.score,
        reason: top ? (top.text ?? top.feature) : null,
      };
    }),
  };
}

async function alertsSection(
  db: DbHandle,
  organizationId: string,
  start: Date,
  end: Date,
): Promise<AlertsSection | null> {
  const fired = (await listAlertEvents(db, organizationId, { since: start, limit: 500 })).filter(
    (e) => new Date(e.firedAt) < end,
  );
  if (fired.length === 0) return null;
  return {
    kind: 'alerts',
    events: fired.slice(0, MAX_ALERTS).map((e) => ({
      ruleId: e.ruleId,
      ruleName: e.ruleName,
      kind: e.kind,
      summary: e.summary,
      firedAt: new Date(e.firedAt).toISOString(),
    })),
    more: Math.max(0, fired.length - MAX_ALERTS),
  };
}

const ORDER: DigestSection['kind'][] = [
  'market',
  'behaviour',
  'forecast',
  'runway',
  'churn',
  'alerts',
];

/**
 * The weekly digest of an organization for the ISO week that starts on `weekStart`'s Monday
 * (UTC): per dataset, the week's key numbers (market series: latest value and change over a week;
 * behaviour: weekly active users and events against the week before), forecasts against the
 * actuals that arrived, runway now against a week ago, the customers most at risk, and the alerts
 * fired that week. Only numbers dated before the week's end are used, so a digest built later
 * for the same week reads the same data. Sections without data are left out.
 */
export async function buildDigest(
  db: DbHandle,
  organizationId: string,
  weekStart: Date,
): Promise<WeeklyDigest> {
  const start = mondayOf(weekStart);
  const end = addDays(start, 7);
  const before = isoDate(end);
  const [organization, datasets] = await Promise.all([
    getOrganization(db, organizationId),
    listDatasets(db, organizationId),
  ]);
  const ready = datasets
    .filter((d) => d.status === 'ready')
    .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));

  const pending: Promise<DigestSection | null>[] = [];
  for (const d of ready) {
    if (d.kind === 'market') {
      pending.push(marketSection(db, organizationId, d, before));
      pending.push(forecastSection(db, organizationId, d, before));
    } else if (d.kind === 'events') {
      pending.push(behaviourSection(db, organizationId, d, before));
      pending.push(churnSection(db, organizationId, d));
    } else if (d.kind === 'customers') {
      pending.push(churnSection(db, organizationId, d));
    } else if (d.kind === 'financials') {
      pending.push(runwaySection(db, organizationId, d, start, end));
    }
  }
  pending.push(alertsSection(db, organizationId, start, end));
  const sections = (await Promise.all(pending))
    .filter((s): s is DigestSection => s !== null)
    // Stable: datasets keep their name order within a kind.
    .sort((a, b) => ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind));

  const lastDay = addDays(start, 6);
  const digest: Omit<WeeklyDigest, 'text'> = {
    organizationId,
    organizationName: organization.name,
    periodKey: isoWeekKey(start),
    weekStart: isoDate(start),
    weekEnd: isoDate(lastDay),
    title: `Weekly digest for ${organization.name}: ${dayLabel(start)} – ${dayLabel(lastDay)}`,
    sections,
  };
  return { ...digest, text: digestText(digest) };
}
