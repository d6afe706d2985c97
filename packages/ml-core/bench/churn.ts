/**
 * Churn benchmark: `pnpm bench:churn` (from packages/ml-core: `tsx bench/churn.ts`).
 *
 * Two generated cases (src/churn/synthetic.ts; never tuned on public churn data):
 * - table: a customers table of `--customers` rows (default 10,000; e.g. `--customers
 *   10000,100000` runs both sizes) × 30 columns (non-linear effects, interactions, missing values,
 *   noisy and irrelevant columns, a high-cardinality city) trained with churnFromTable; half as many
 *   more rows of the same generated population, unseen in training, are scored as a test set.
 * - events: a 200k-event / 5k-user log over 365 days trained with churnFromEvents; the 30 days
 *   after the log's end (generated but withheld) give the true labels of the scored users.
 *
 * Reports, per case and seed, every candidate side by side (logistic, gradient-boosted trees, MLP,
 * ensemble): validation ROC-AUC ± SE (same split for all), PR-AUC, calibrated log-loss and fit time,
 * the same metrics on the test set, each candidate's paired (DeLong) test ROC-AUC difference against
 * logistic regression, and the choice with its reason. Writes bench-results/churn.json at the repo
 * root. Uses the wasm backend. Options: `--quick` (one seed), `--customers N[,N…]`,
 * `--cases table,events` (default both).
 */
import { selectBackend } from '../test/tf-backend';
import { churnFromEvents, DAY_MS } from '../src/churn/churn-from-events';
import { churnFromTable } from '../src/churn/churn-from-table';
import {
  averagePrecision,
  logLoss,
  pairedRocAucDifference,
  rocAuc,
  rocAucStandardError,
} from '../src/churn/metrics';
import { syntheticCustomerTable, syntheticEventLog } from '../src/churn/synthetic';
import type { ChurnEvents, ChurnModelName, ChurnResult, ChurnTable } from '../src/churn/types';
import { flagValue, fmt, formatTable, writeBenchJson } from './bench-output';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const seeds = quick ? [1] : [1, 2];
const customerSizes = (flagValue(args, 'customers') ?? '10000')
  .split(',')
  .map((v) => Number(v.replace(/[_\s]/g, '')))
  .filter((v) => Number.isInteger(v) && v >= 100);
const cases = (flagValue(args, 'cases') ?? 'table,events').split(',');
if (customerSizes.length === 0) throw new Error('--customers: give row counts, e.g. 10000,100000');
const CANDIDATES: ChurnModelName[] = ['logistic', 'gbdt', 'mlp', 'ensemble'];

interface TestMetrics {
  rocAuc: number;
  rocAucSe: number;
  prAuc: number;
  logLoss: number;
}

function testMetrics(labels: number[], scores: number[]): TestMetrics {
  const positives = labels.reduce((s, y) => s + y, 0);
  const auc = rocAuc(labels, scores);
  return {
    rocAuc: auc,
    rocAucSe: rocAucStandardError(auc, positives, labels.length - positives),
    prAuc: averagePrecision(labels, scores),
    logLoss: logLoss(labels, scores),
  };
}

interface CaseResult {
  case: 'table' | 'events';
  seed: number;
  size: string;
  totalMs: number;
  report: Omit<ChurnResult['report'], 'importance' | 'features'> & {
    topImportance: ChurnResult['report']['importance'];
  };
  test: {
    rows: number;
    positiveRate: number;
    /** Each candidate's calibrated scores on the test rows. */
    candidates: Partial<Record<ChurnModelName, TestMetrics>>;
    final: TestMetrics;
    /** Test ROC-AUC of each candidate minus logistic regression's, paired DeLong standard error. */
    versusLogistic: Partial<Record<ChurnModelName, { difference: number; se: number }>>;
    /** Table case: ROC-AUC of the generator's true probabilities (the ceiling). */
    oracleRocAuc?: number;
  };
}

function summarise(
  kind: CaseResult['case'],
  seed: number,
  size: string,
  totalMs: number,
  result: ChurnResult,
  labelOf: (id: string) => number,
  oracleOf?: (id: string) => number,
): CaseResult {
  const labels = result.scores.map((s) => labelOf(s.id));
  const scores = result.candidateScores as NonNullable<ChurnResult['candidateScores']>;
  const { importance, features: _features, ...report } = result.report;
  const candidates: CaseResult['test']['candidates'] = {};
  const versusLogistic: CaseResult['test']['versusLogistic'] = {};
  for (const name of CANDIDATES) {
    const s = scores[name];
    if (!s || s.length !== labels.length) continue;
    candidates[name] = testMetrics(labels, s);
    if (name !== 'logistic') {
      const { difference, se } = pairedRocAucDifference(labels, s, scores.logistic);
      versusLogistic[name] = { difference, se };
    }
  }
  return {
    case: kind,
    seed,
    size,
    totalMs,
    report: { ...report, topImportance: importance.slice(0, 10) },
    test: {
      rows: labels.length,
      positiveRate: labels.reduce((s, y) => s + y, 0) / labels.length,
      candidates,
      final: testMetrics(
        labels,
        result.scores.map((s) => s.score),
      ),
      versusLogistic,
      ...(oracleOf
        ? {
            oracleRocAuc: rocAuc(
              labels,
              result.scores.map((s) => oracleOf(s.id)),
            ),
          }
        : {}),
    },
  };
}

function sliceTable(table: ChurnTable, from: number, to: number, drop: string[] = []): ChurnTable {
  return {
    columns: table.columns
      .filter((c) => !drop.includes(c.name))
      .map((c) => ({ name: c.name, values: c.values.slice(from, to) })),
  };
}

async function tableCase(seed: number, customers: number): Promise<CaseResult> {
  const testRows = Math.round(customers / 2);
  const data = syntheticCustomerTable({ rows: customers + testRows, seed });
  const train = sliceTable(data.table, 0, customers);
  const test = sliceTable(data.table, customers, customers + testRows, ['churned']);
  const truth = new Map<string, number>();
  const ids = data.table.columns.find((c) => c.name === 'customer_id')?.values ?? [];
  const oracle = new Map<string, number>();
  ids.forEach((id, i) => {
    truth.set(id as string, data.labels[i] as number);
    oracle.set(id as string, data.probability[i] as number);
  });
  const started = performance.now();
  const result = await churnFromTable(train, test, {
    idColumn: 'customer_id',
    labelColumn: 'churned',
    seed,
    includeCandidateScores: true,
  });
  const totalMs = performance.now() - started;
  return summarise(
    'table',
    seed,
    `${customers.toLocaleString('en-US')} rows × ${data.table.columns.length} columns`,
    totalMs,
    result,
    (id) => truth.get(id) as number,
    (id) => oracle.get(id) as number,
  );
}

function truncate(events: ChurnEvents, end: number): ChurnEvents {
  const keep: number[] = [];
  events.times.forEach((t, i) => {
    if (t <= end) keep.push(i);
  });
  return {
    userIds: keep.map((i) => events.userIds[i] as string),
    times: keep.map((i) => events.times[i] as number),
    eventNames: keep.map((i) => events.eventNames?.[i] ?? null),
    values: keep.map((i) => events.values?.[i] ?? null),
    items: keep.map((i) => events.items?.[i] ?? null),
  };
}

async function eventsCase(seed: number): Promise<CaseResult> {
  const windowDays = 30;
  const start = Date.UTC(2025, 9, 1);
  // 395 generated days; the model sees the first 365 (≈200k events from ≈5k users: of 6,950
  // generated users about 28% join after the log or leave before it), the rest give the test labels.
  const full = syntheticEventLog({
    users: 6950,
    events: Math.round((200_000 * 395) / 365),
    days: 395,
    seed: seed + 100,
    start,
  }).events;
  const input = truncate(full, start + 365 * DAY_MS);
  const end = input.times.reduce((a, b) => Math.max(a, b), Number.NEGATIVE_INFINITY);
  const activeAfter = new Set<string>();
  full.times.forEach((t, i) => {
    if (t > end && t <= end + windowDays * DAY_MS) activeAfter.add(full.userIds[i] as string);
  });
  const started = performance.now();
  const result = await churnFromEvents(input, { windowDays, seed, includeCandidateScores: true });
  const totalMs = performance.now() - started;
  const size = `${input.userIds.length.toLocaleString('en-US')} events / ${new Set(input.userIds).size.toLocaleString('en-US')} users`;
  return summarise('events', seed, size, totalMs, result, (id) => (activeAfter.has(id) ? 0 : 1));
}

const pm = (m: { rocAuc: number; rocAucSe: number } | undefined): string =>
  m ? `${fmt(m.rocAuc)} ± ${fmt(m.rocAucSe)}` : '—';
const seconds = (ms: number | undefined): string =>
  ms === undefined ? '—' : `${(ms / 1000).toFixed(1)} s`;

const backend = await selectBackend({ prefer: 'wasm' });
console.log(`backend: ${backend.backend} (${backend.provider})`);
const results: CaseResult[] = [];
const runs: (() => Promise<CaseResult>)[] = [];
for (const seed of seeds) {
  if (cases.includes('table'))
    for (const size of customerSizes) runs.push(() => tableCase(seed, size));
  if (cases.includes('events')) runs.push(() => eventsCase(seed));
}
const header = [
  'candidate',
  'val ROC-AUC',
  'val PR-AUC',
  'val logloss',
  'test ROC-AUC',
  'test PR-AUC',
  'test logloss',
  'test Δ vs logistic',
  'fit',
];
const printed: { case: string; rows: string[][] }[] = [];
for (const run of runs) {
  const r = await run();
  results.push(r);
  const rows = CANDIDATES.map((name) => {
    const v = r.report.candidates.find((c) => c.name === name);
    const t = r.test.candidates[name];
    const d = r.test.versusLogistic[name];
    return [
      `${name}${r.report.chosen === name ? ' (chosen)' : ''}`,
      pm(v),
      fmt(v?.prAuc),
      fmt(v?.logLoss),
      pm(t),
      fmt(t?.prAuc),
      fmt(t?.logLoss),
      d ? `${d.difference >= 0 ? '+' : ''}${fmt(d.difference)} ± ${fmt(d.se)}` : '',
      seconds(v?.fitMs),
    ];
  });
  const title =
    `${r.case} seed ${r.seed}, ${r.size}: total ${seconds(r.totalMs)}, test positives ` +
    `${(100 * r.test.positiveRate).toFixed(1)}%` +
    (r.test.oracleRocAuc === undefined ? '' : `, oracle test ROC-AUC ${fmt(r.test.oracleRocAuc)}`);
  printed.push({ case: title, rows });
  console.log(`\n${title}\n${formatTable(header, rows)}\nselection: ${r.report.selection}`);
}

const out = writeBenchJson('churn', {
  date: new Date().toISOString(),
  backend,
  quick,
  customers: customerSizes,
  results,
  tables: printed.map((p) => ({
    case: p.case,
    rows: p.rows.map((row) => Object.fromEntries(header.map((h, i) => [h, row[i]]))),
  })),
});
console.log(`wrote ${out}`);
