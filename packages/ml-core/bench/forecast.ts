/**
 * Forecast benchmark: `pnpm bench:forecast` (from packages/ml-core, or the root script).
 *
 * Generated series with KNOWN futures (bench/generate-series.ts: trend, damped trend, compound
 * growth, seasonality, random walks, level shifts; 12–120 points), one forecastWithBacktest call
 * per series — what a founder's single-series upload gets. Each call sees only the history; its
 * final forecast and every candidate's own refit forecast are scored on the generated future:
 * MASE relative to seasonal naive (geometric mean over series) and measured 80% coverage (share
 * of future points inside [p10, p90]), per family and pooled. Also the chosen-candidate counts and
 * the run's own calibration report (means over series). Nothing is tuned on public data.
 *
 * Writes bench-results/forecast.json at the repository root and prints tables. Uses the wasm
 * backend. Options:
 *   --quick            6 series per family (default 30)
 *   --series N         series per family
 *   --epochs N         neural epochs per call (default 30)
 *   --seed N           generator seed (default 1)
 *   --families a,b     only these families
 *   --datasets         also one call per family with all its series of ≥ 24 points (global model)
 *   --real             also the vega-datasets real series (rolling held-out blocks)
 *   --speed            also the speed cases (50 monthly × 120 in one call; 1 daily × 1,100)
 */
import { selectBackend } from '../test/tf-backend';
import { forecastWithBacktest } from '../src/forecast/forecast-with-backtest';
import { flagValue, fmt, formatTable, writeBenchJson } from './bench-output';
import { scoreRealDatasets } from './forecast-real';
import {
  FINAL,
  chosenCounts,
  orderColumns,
  scoreSeries,
  summariseCalibration,
  summariseColumns,
  type SeriesScore,
} from './forecast-scoring';
import { usableSeasonality } from '../src/forecast/seasonality';
import { speedCases, type SpeedCase } from './forecast-speed';
import { FAMILIES, generateFamily, type Family, type GeneratedSeries } from './generate-series';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const perFamily = Number(flagValue(args, 'series') ?? (quick ? 6 : 30));
const epochs = Number(flagValue(args, 'epochs') ?? 30);
const seed = Number(flagValue(args, 'seed') ?? 1);
const families = (flagValue(args, 'families')?.split(',') ?? FAMILIES) as Family[];
/** Shortest series that goes into a family's one-call dataset case. */
const DATASET_MIN_LENGTH = 24;

interface Refusal {
  id: string;
  length: number;
  horizon: number;
  message: string;
}

interface GroupReport {
  series: number;
  columns: ReturnType<typeof summariseColumns>;
  chosen: Record<string, number>;
  calibration: Record<string, number>;
}

function groupReport(scores: readonly SeriesScore[]): GroupReport {
  return {
    series: scores.length,
    columns: summariseColumns(scores),
    chosen: chosenCounts(scores),
    calibration: summariseCalibration(scores),
  };
}

async function forecastOne(series: GeneratedSeries): Promise<SeriesScore> {
  const { id, history, horizon, seasonality } = series;
  const result = await forecastWithBacktest([{ id, values: history }], {
    horizon,
    seasonality,
    seed: 42,
    epochs,
  });
  return scoreSeries({ ...series, group: series.family }, result, 0);
}

async function runFamily(
  list: readonly GeneratedSeries[],
  refusals: Refusal[],
): Promise<SeriesScore[]> {
  const scores: SeriesScore[] = [];
  for (const [i, series] of list.entries()) {
    const started = performance.now();
    const tag = `${series.family} ${i + 1}/${list.length} n=${series.history.length} h=${series.horizon} m=${series.seasonality}`;
    try {
      const score = await forecastOne(series);
      scores.push(score);
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      console.log(
        `  ${tag.padEnd(40)} ${score.chosen.padEnd(14)} rel ${fmt(score.columns[FINAL]?.relative, 2)}  ${seconds} s`,
      );
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      refusals.push({
        id: series.id,
        length: series.history.length,
        horizon: series.horizon,
        message,
      });
      console.log(`  ${tag.padEnd(40)} REFUSED: ${message}`);
    }
  }
  return scores;
}

/**
 * One call per (family, season length) with every series of ≥ 24 points: the horizon is the
 * shortest of theirs, the season is used when the shortest series holds three seasons + horizon.
 */
async function runDatasetCase(list: readonly GeneratedSeries[]): Promise<SeriesScore[]> {
  const scores: SeriesScore[] = [];
  const long = list.filter((s) => s.history.length >= DATASET_MIN_LENGTH);
  for (const period of new Set(long.map((s) => s.period))) {
    const members = long.filter((s) => s.period === period);
    const horizon = Math.min(...members.map((s) => s.horizon));
    const shortest = Math.min(...members.map((s) => s.history.length));
    const seasonality = usableSeasonality(period, shortest, horizon);
    const result = await forecastWithBacktest(
      members.map((s) => ({ id: s.id, values: s.history })),
      { horizon, seasonality, seed: 42, epochs },
    );
    members.forEach((s, i) => {
      scores.push(scoreSeries({ ...s, group: s.family, seasonality }, result, i));
    });
  }
  return scores;
}

function printTables(title: string, groups: Record<string, GroupReport>): void {
  const rows = Object.entries(groups);
  const columns = orderColumns(rows.flatMap(([, g]) => Object.keys(g.columns)));
  const table = (pick: (g: GroupReport, c: string) => string): string =>
    formatTable(
      ['', 'series', ...columns],
      rows.map(([name, g]) => [name, String(g.series), ...columns.map((c) => pick(g, c))]),
    );
  console.log(`\n${title}: geometric-mean MASE relative to seasonal naive (lower is better)`);
  console.log(table((g, c) => fmt(g.columns[c]?.relativeMase)));
  for (const c of columns) {
    const short = rows.filter(([, g]) => (g.columns[c]?.series ?? 0) < g.series);
    if (short.length === 0) continue;
    const counts = short.map(([name, g]) => `${name} ${g.columns[c]?.series ?? 0}/${g.series}`);
    console.log(`  ${c} ran on fewer series (data too short): ${counts.join(', ')}`);
  }
  console.log(`\n${title}: measured 80% coverage of [p10, p90] on the known future (target 0.80)`);
  console.log(table((g, c) => fmt(g.columns[c]?.coverage80)));
}

function printChoicesAndCalibration(groups: Record<string, GroupReport>): void {
  const rows = Object.entries(groups);
  const chosen = orderColumns(rows.flatMap(([, g]) => Object.keys(g.chosen)));
  console.log('\nChosen candidate (count of series)');
  console.log(
    formatTable(
      ['', ...chosen],
      rows.map(([name, g]) => [name, ...chosen.map((c) => String(g.chosen[c] ?? 0))]),
    ),
  );
  const fields = [...new Set(rows.flatMap(([, g]) => Object.keys(g.calibration)))];
  console.log('\nCalibration report of the runs (mean over series)');
  console.log(
    formatTable(
      ['', ...fields],
      rows.map(([name, g]) => [name, ...fields.map((f) => fmt(g.calibration[f]))]),
    ),
  );
}

async function main(): Promise<void> {
  const backend = await selectBackend({ prefer: 'wasm' });
  console.log(
    `backend: ${backend.backend}; ${perFamily} series per family, epochs ${epochs}, seed ${seed}`,
  );
  const started = performance.now();
  const refusals: Refusal[] = [];
  const all: SeriesScore[] = [];
  const perFamilyReport: Record<string, GroupReport & { seconds: number }> = {};
  const datasetReport: Record<string, GroupReport> = {};
  const datasetScores: SeriesScore[] = [];
  for (const family of families) {
    const familyStarted = performance.now();
    const list = generateFamily(family, perFamily, seed);
    const scores = await runFamily(list, refusals);
    all.push(...scores);
    const seconds = (performance.now() - familyStarted) / 1000;
    perFamilyReport[family] = { ...groupReport(scores), seconds };
    console.log(`${family}: ${scores.length} scored in ${seconds.toFixed(1)} s`);
    if (args.includes('--datasets')) {
      try {
        const dataset = await runDatasetCase(list);
        datasetScores.push(...dataset);
        datasetReport[family] = groupReport(dataset);
      } catch (error) {
        console.log(`${family} dataset case REFUSED: ${String(error)}`);
      }
    }
  }
  const groups: Record<string, GroupReport> = { ...perFamilyReport, overall: groupReport(all) };
  printTables('Per series (one call each)', groups);
  printChoicesAndCalibration(groups);
  if (Object.keys(datasetReport).length > 0) {
    datasetReport.overall = groupReport(datasetScores);
    printTables('Datasets (one call per family, series ≥ 24 points)', datasetReport);
  }

  let real: GroupReport | null = null;
  let realScores: SeriesScore[] = [];
  if (args.includes('--real')) {
    realScores = await scoreRealDatasets(epochs, quick, (name, s) =>
      console.log(`real ${name}: ${s.toFixed(1)} s`),
    );
    real = groupReport(realScores);
    printTables('Real (vega-datasets, not tuned on)', { real });
  }
  let speed: SpeedCase[] = [];
  if (args.includes('--speed')) {
    speed = await speedCases();
    for (const s of speed)
      console.log(`speed ${s.name}: ${s.seconds.toFixed(1)} s, chosen ${s.chosen}`);
  }

  const seconds = (performance.now() - started) / 1000;
  console.log(`\nrefusals: ${refusals.length}; total ${seconds.toFixed(1)} s`);
  const file = writeBenchJson('forecast', {
    generatedAt: new Date().toISOString(),
    backend: backend.backend,
    options: { quick, perFamily, epochs, seed, families },
    seconds,
    families: perFamilyReport,
    overall: groups.overall,
    refusals,
    datasets: datasetReport,
    real,
    speed,
    series: all,
    datasetSeries: datasetScores,
    realSeries: realScores,
  });
  console.log(`wrote ${file}`);
}

await main();
