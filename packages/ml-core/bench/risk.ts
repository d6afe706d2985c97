/**
 * Runway benchmark: `pnpm bench:risk` (from packages/ml-core, or the root script).
 *
 * Generated startups (bench/generate-startups.ts): 24 observed months, 36 true future months from
 * the same process. Each company's history goes through assessRunway with a 36-month horizon
 * (forecast: riskForecastFromBacktest, 2,000 paths); the result is scored on the true future
 * (bench/runway-scoring.ts): share of companies whose realised runway lies in [p10, p90] (target
 * 0.75–0.85; among those that run out within the horizon, and over all companies with censoring
 * handled), median absolute error of the p50 runway and of the constant-burn baseline, median
 * band width, and revenue/expense forecast MAE relative to carrying the last value forward
 * (growing companies: target ≤ 0.6). Refusals (thrown errors) are recorded; there should be none.
 *
 * Writes bench-results/risk.json at the repository root and prints tables. Uses the wasm backend.
 * Options: --quick (12 companies; default 40), --companies N, --epochs N (default 20),
 * --seed N (default 1), --paths N (default 2000), --horizon N (≤ 36; default 36), --lines (the
 * companies' four cost lines are forecast and simulated one by one instead of their total).
 */
import { selectBackend } from '../test/tf-backend';
import { assessRunway, riskForecastFromBacktest } from '../src/index';
import { flagValue, fmt, formatTable, writeBenchJson } from './bench-output';
import { FUTURE_MONTHS, generateStartups, type Startup } from './generate-startups';
import {
  scoreCompany,
  summariseCompanies,
  type CompanyScore,
  type RunwaySummary,
} from './runway-scoring';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const companies = Number(flagValue(args, 'companies') ?? (quick ? 12 : 40));
const epochs = Number(flagValue(args, 'epochs') ?? 20);
const seed = Number(flagValue(args, 'seed') ?? 1);
const paths = Number(flagValue(args, 'paths') ?? 2000);
const horizon = Math.min(FUTURE_MONTHS, Number(flagValue(args, 'horizon') ?? FUTURE_MONTHS));
/** Hand the four cost lines (payroll, marketing, cost of revenue, overhead) to the simulation. */
const lines = args.includes('--lines');

interface Refusal {
  id: string;
  message: string;
}

async function assessOne(startup: Startup): Promise<CompanyScore> {
  const started = performance.now();
  const history = lines ? { ...startup.history, expenseLines: startup.costLines } : startup.history;
  const assessment = await assessRunway(history, {
    forecast: riskForecastFromBacktest({ seed: 42, epochs }),
    horizon,
    paths,
    seed: 42,
  });
  return scoreCompany(startup, assessment, horizon, (performance.now() - started) / 1000);
}

function progressLine(s: CompanyScore): string {
  const r = s.runway;
  return [
    `  ${s.id.padEnd(11)} ${s.profile.padEnd(9)} g ${fmt(100 * s.observedGrowth, 1).padStart(5)}%`,
    `realised ${fmt(s.realised, 1).padStart(5)}`,
    `p10/p50/p90 ${fmt(r.p10, 1)}/${fmt(r.p50, 1)}/${fmt(r.p90, 1)}${s.inside ? ' ✓' : ' ✗'}`,
    `const-burn ${fmt(s.constantBurn, 1)}`,
    `rev ${fmt(s.revenueRatio, 2)} exp ${fmt(s.expenseRatio, 2)}  ${s.seconds.toFixed(1)} s`,
  ].join('  ');
}

function printSummary(summary: RunwaySummary, refused: number): void {
  const s = summary;
  console.log(
    `\nRunway, ${horizon}-month horizon: ${s.companies} companies scored, ${refused} refused`,
  );
  console.log(
    formatTable(
      ['measure', 'value', 'companies'],
      [
        ['realised runway within horizon', String(s.realisedWithinHorizon), ''],
        [
          'in [p10, p90], runs out within horizon',
          fmt(s.coverageWithinHorizon),
          String(s.realisedWithinHorizon),
        ],
        ['in [p10, p90], all (censoring handled)', fmt(s.coverageAll), String(s.companies)],
        ['p50 median |error|, months', fmt(s.p50.medianAbsError, 2), String(s.p50.companies)],
        [
          'constant-burn median |error|, months',
          fmt(s.constantBurn.medianAbsError, 2),
          String(s.constantBurn.companies),
        ],
        [
          '  same companies: p50',
          fmt(s.sameCompanies.p50MedianAbsError, 2),
          String(s.sameCompanies.companies),
        ],
        [
          '  same companies: constant burn',
          fmt(s.sameCompanies.constantBurnMedianAbsError, 2),
          String(s.sameCompanies.companies),
        ],
        [
          '  capped at horizon: p50',
          fmt(s.cappedAtHorizon.p50MedianAbsError, 2),
          String(s.companies),
        ],
        [
          '  capped at horizon: constant burn',
          fmt(s.cappedAtHorizon.constantBurnMedianAbsError, 2),
          String(s.companies),
        ],
        ['median p90 − p10, months', fmt(s.bandWidth.median, 2), String(s.bandWidth.companies)],
      ],
    ),
  );
  const f = s.forecastVsLastValue;
  console.log(
    `\nForecast MAE over the ${horizon} future months ÷ last value carried forward (growing: target ≤ 0.6)`,
  );
  console.log(
    formatTable(
      [
        '',
        'companies',
        'revenue median',
        'revenue geo-mean',
        'expenses median',
        'expenses geo-mean',
      ],
      (['growing', 'all'] as const).map((key) => [
        key,
        String(f[key].companies),
        fmt(f[key].revenue.median),
        fmt(f[key].revenue.geometricMean),
        fmt(f[key].expenses.median),
        fmt(f[key].expenses.geometricMean),
      ]),
    ),
  );
}

async function main(): Promise<void> {
  const backend = await selectBackend({ prefer: 'wasm' });
  console.log(
    `backend: ${backend.backend}; ${companies} companies, epochs ${epochs}, seed ${seed}${lines ? ', cost lines' : ''}`,
  );
  const started = performance.now();
  const scores: CompanyScore[] = [];
  const refusals: Refusal[] = [];
  for (const startup of generateStartups(companies, seed)) {
    try {
      const score = await assessOne(startup);
      scores.push(score);
      console.log(progressLine(score));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      refusals.push({ id: startup.id, message });
      console.log(`  ${startup.id.padEnd(11)} REFUSED: ${message}`);
    }
  }
  const summary = summariseCompanies(scores);
  printSummary(summary, refusals.length);
  const seconds = (performance.now() - started) / 1000;
  console.log(`\ntotal ${seconds.toFixed(1)} s`);
  const file = writeBenchJson('risk', {
    generatedAt: new Date().toISOString(),
    backend: backend.backend,
    options: { quick, companies, epochs, seed, paths, horizon, lines, observedMonths: 24 },
    seconds,
    summary,
    refusals,
    companies: scores,
  });
  console.log(`wrote ${file}`);
}

await main();
