/**
 * Churn benchmark: `pnpm bench:churn` (from packages/ml-core: `tsx bench/churn.ts`).
 *
 * Two generated cases (src/churn/synthetic.ts; never tuned on public churn data):
 * - table: a 10,000-row × 30-column customers table (non-linear effects, interactions, missing
 *   values, noisy and irrelevant columns) trained with churnFromTable; 5,000 more rows of the same
 *   generated population, unseen in training, are scored as a test set.
 * - events: a 200k-event / 5k-user log over 365 days trained with churnFromEvents; the 30 days
 *   after the log's end (generated but withheld) give the true labels of the scored users.
 *
 * Reports, per case and seed, each candidate's validation ROC-AUC ± SE (same split for both
 * models), PR-AUC and log-loss, the final choice, the same metrics on the test set for both
 * candidates and the final output, and fit times. Writes bench-results/churn.json at the repo
 * root. Uses the wasm backend. Options: `--quick` (one seed per case).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { selectBackend } from '../src/common/backend';
import { createRandom } from '../src/common/random';
import { churnFromEvents, DAY_MS } from '../src/churn/churn-from-events';
import { churnFromTable } from '../src/churn/churn-from-table';
import { averagePrecision, logLoss, rocAuc, rocAucStandardError } from '../src/churn/metrics';
import { syntheticCustomerTable, syntheticEventLog } from '../src/churn/synthetic';
import type { ChurnEvents, ChurnResult, ChurnTable } from '../src/churn/types';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, '..', '..', '..');
const quick = process.argv.includes('--quick');
const seeds = quick ? [1] : [1, 2];

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

/** Paired bootstrap of the test ROC-AUC difference a − b: mean and standard error. */
function pairedAucDifference(
  labels: number[],
  a: number[],
  b: number[],
  seed: number,
  resamples = 200,
): { difference: number; se: number } {
  const random = createRandom(seed);
  const n = labels.length;
  const differences: number[] = [];
  const y = new Float64Array(n);
  const sa = new Float64Array(n);
  const sb = new Float64Array(n);
  for (let r = 0; r < resamples; r += 1) {
    for (let i = 0; i < n; i += 1) {
      const k = random.int(n);
      y[i] = labels[k] as number;
      sa[i] = a[k] as number;
      sb[i] = b[k] as number;
    }
    differences.push(rocAuc(y, sa) - rocAuc(y, sb));
  }
  const mean = differences.reduce((s, d) => s + d, 0) / resamples;
  const variance = differences.reduce((s, d) => s + (d - mean) ** 2, 0) / (resamples - 1);
  return { difference: rocAuc(labels, a) - rocAuc(labels, b), se: Math.sqrt(variance) };
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
    mlp: TestMetrics;
    logistic: TestMetrics;
    final: TestMetrics;
    /** Test ROC-AUC of mlp minus logistic with its paired-bootstrap standard error. */
    mlpMinusLogistic: { difference: number; se: number };
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
  const candidates = result.candidateScores as NonNullable<ChurnResult['candidateScores']>;
  const { importance, features: _features, ...report } = result.report;
  return {
    case: kind,
    seed,
    size,
    totalMs,
    report: { ...report, topImportance: importance.slice(0, 10) },
    test: {
      rows: labels.length,
      positiveRate: labels.reduce((s, y) => s + y, 0) / labels.length,
      mlp: testMetrics(labels, candidates.mlp),
      logistic: testMetrics(labels, candidates.logistic),
      final: testMetrics(
        labels,
        result.scores.map((s) => s.score),
      ),
      mlpMinusLogistic: pairedAucDifference(labels, candidates.mlp, candidates.logistic, seed),
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

async function tableCase(seed: number): Promise<CaseResult> {
  const data = syntheticCustomerTable({ rows: 15_000, seed });
  const train = sliceTable(data.table, 0, 10_000);
  const test = sliceTable(data.table, 10_000, 15_000, ['churned']);
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
    '10,000 rows × 30 columns',
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

const f3 = (x: number): string => x.toFixed(3);
const pm = (m: { rocAuc: number; rocAucSe: number }): string =>
  `${f3(m.rocAuc)} ± ${f3(m.rocAucSe)}`;
const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

const backend = await selectBackend({ prefer: 'wasm' });
console.log(`backend: ${backend.backend} (${backend.provider})`);
const results: CaseResult[] = [];
for (const seed of seeds) {
  for (const run of [tableCase, eventsCase]) {
    const result = await run(seed);
    results.push(result);
    console.log(
      `${result.case} seed ${seed}: ${seconds(result.totalMs)}, chosen ${result.report.chosen}`,
    );
  }
}

const rows = results.map((r) => {
  const mlp = r.report.candidates.find((c) => c.name === 'mlp');
  const lr = r.report.candidates.find((c) => c.name === 'logistic');
  return {
    case: `${r.case} s${r.seed}`,
    'val AUC mlp': mlp ? pm(mlp) : '',
    'val AUC logistic': lr ? pm(lr) : '',
    'val PR-AUC mlp/lr': `${f3(mlp?.prAuc ?? Number.NaN)} / ${f3(lr?.prAuc ?? Number.NaN)}`,
    'val logloss mlp/lr': `${f3(mlp?.logLoss ?? Number.NaN)} / ${f3(lr?.logLoss ?? Number.NaN)}`,
    chosen: r.report.chosen,
    'test AUC mlp': pm(r.test.mlp),
    'test AUC logistic': pm(r.test.logistic),
    'test AUC final': pm(r.test.final),
    'test Δ mlp−lr': `${r.test.mlpMinusLogistic.difference >= 0 ? '+' : ''}${f3(r.test.mlpMinusLogistic.difference)} ± ${f3(r.test.mlpMinusLogistic.se)}`,
    'oracle AUC': r.test.oracleRocAuc === undefined ? '' : f3(r.test.oracleRocAuc),
    'test logloss final': f3(r.test.final.logLoss),
    'fit mlp': seconds(mlp?.fitMs ?? 0),
    'fit lr': seconds(lr?.fitMs ?? 0),
    total: seconds(r.totalMs),
  };
});
console.table(rows);

const outDir = join(repoRoot, 'bench-results');
mkdirSync(outDir, { recursive: true });
const out = join(outDir, 'churn.json');
writeFileSync(
  out,
  `${JSON.stringify({ date: new Date().toISOString(), backend, quick, results, table: rows }, null, 2)}\n`,
);
console.log(`wrote ${out}`);
