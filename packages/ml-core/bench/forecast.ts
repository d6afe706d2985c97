/**
 * Forecast benchmark: `pnpm bench:forecast` (from packages/ml-core, or the root script).
 *
 * Accuracy: for every benchmark dataset, the last `testOrigins` blocks of `horizon` points of each
 * series are held out one after another; forecastWithBacktest sees only the data before the block
 * (it runs its own internal backtest, choice, calibration and refit on that), and its final
 * forecast and every candidate's refit forecast are scored on the block. MASE is scaled by the
 * seasonal naive in-sample error of the data the models saw; "relative MASE" is a candidate's
 * MASE divided by seasonal naive's on the same block; the geometric mean is taken over series.
 *
 * Speed: 50 monthly series × 120 points and one daily series × 1,100 points, end to end.
 *
 * Writes bench-results/forecast.json at the repository root and prints tables. Uses the wasm
 * backend. Options: `--quick` (fewer datasets/origins), `--only name,name`.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { selectBackend } from '../src/common/backend';
import { seasonPhase, type Frequency } from '../src/common/calendar';
import { intervalCoverage, mae, naiveScale, smape } from '../src/common/metrics';
import { forecastWithBacktest } from '../src/forecast/forecast-with-backtest';
import { prepareSeries } from '../src/forecast/prepare-series';
import type { CandidateName, ForecastResult, ForecastSeries } from '../src/forecast/types';
import { syntheticSeries, type SyntheticKind } from './synthetic-series';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, '..', '..', '..');
const vegaDir = join(here, '..', 'node_modules', 'vega-datasets', 'data');
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const onlyArg = args.find((a) => a.startsWith('--only'));
const only = onlyArg
  ? (onlyArg.split('=')[1] ?? args[args.indexOf(onlyArg) + 1] ?? '').split(',')
  : null;

const FINAL = 'final' as const;
type Column = CandidateName | typeof FINAL;
const COLUMNS: readonly Column[] = ['seasonal_naive', 'ets', 'neural', 'ensemble', FINAL];

interface Dataset {
  name: string;
  source: 'synthetic' | 'vega-datasets';
  frequency: string;
  horizon: number;
  seasonality: number;
  testOrigins: number;
  series: ForecastSeries[];
}

function readCsv(file: string): Record<string, string>[] {
  const [header, ...lines] = readFileSync(join(vegaDir, file), 'utf8').trim().split(/\r?\n/);
  const names = (header ?? '').split(',');
  return lines.map((line) => {
    const cells = line.split(',');
    return Object.fromEntries(names.map((name, i) => [name, cells[i] ?? '']));
  });
}

/** Runs prepareSeries (frequency inference, gaps) and attaches season phases. */
function prepared(
  raw: { id: string; dates: string[]; values: number[] }[],
  frequency?: Frequency,
): { series: ForecastSeries[]; frequency: Frequency; issues: string[] } {
  const result = prepareSeries(raw, frequency ? { frequency } : {});
  const f = result.frequency.frequency;
  return {
    frequency: f,
    issues: result.issues.map((issue) => issue.message),
    series: result.series.map((s) => ({
      id: s.id,
      values: s.values,
      seasonPhase: seasonPhase(s.dates[0] as string, f),
    })),
  };
}

function vegaDatasets(): Dataset[] {
  const out: Dataset[] = [];
  const sp = readCsv('sp500-2000.csv');
  const sp500 = prepared([
    {
      id: 'sp500-close',
      dates: sp.map((r) => r.date as string),
      values: sp.map((r) => Number(r.close)),
    },
  ]);
  console.log(
    `sp500-2000: frequency ${sp500.frequency}; ${sp500.issues.join('; ') || 'no issues'}`,
  );
  out.push({
    name: 'sp500',
    source: 'vega-datasets',
    frequency: sp500.frequency,
    horizon: 20,
    seasonality: 5,
    testOrigins: 3,
    series: sp500.series,
  });

  const ny = readCsv('weather.csv').filter((r) => r.location === 'New York');
  const columns = ['temp_max', 'temp_min', 'precipitation', 'wind'];
  const weather = prepared(
    columns.map((column) => ({
      id: `ny-${column}`,
      dates: ny.map((r) => r.date as string),
      values: ny.map((r) => Number(r[column])),
    })),
  );
  console.log(
    `weather NY: frequency ${weather.frequency}; ${weather.issues.join('; ') || 'no issues'}`,
  );
  out.push({
    name: 'weather-ny',
    source: 'vega-datasets',
    frequency: weather.frequency,
    horizon: 28,
    seasonality: 7,
    testOrigins: 3,
    series: weather.series,
  });

  const gt = readCsv('global-temp.csv');
  const globalTemp = prepared([
    {
      id: 'global-temp',
      dates: gt.map((r) => `${r.year}-01-01`),
      values: gt.map((r) => Number(r.temp)),
    },
  ]);
  out.push({
    name: 'global-temp',
    source: 'vega-datasets',
    frequency: globalTemp.frequency,
    horizon: 5,
    seasonality: 1,
    testOrigins: 3,
    series: globalTemp.series,
  });

  const iowa = readCsv('iowa-electricity.csv');
  const sources = [...new Set(iowa.map((r) => r.source as string))];
  const electricity = prepared(
    sources.map((source) => {
      const rows = iowa.filter((r) => r.source === source);
      return {
        id: `iowa-${source.toLowerCase().replace(/\s+/g, '-')}`,
        dates: rows.map((r) => r.year as string),
        values: rows.map((r) => Number(r.net_generation)),
      };
    }),
  );
  out.push({
    name: 'iowa-electricity',
    source: 'vega-datasets',
    frequency: electricity.frequency,
    horizon: 3,
    seasonality: 1,
    testOrigins: 2,
    series: electricity.series,
  });
  return out;
}

function syntheticDatasets(): Dataset[] {
  const monthly: SyntheticKind[] = [
    'trend_additive',
    'multiplicative_growth',
    'level_shifts',
    'intermittent',
    'damped_noisy',
  ];
  const sets: Dataset[] = monthly.map((kind, i) => ({
    name: `synthetic-${kind}`,
    source: 'synthetic',
    frequency: 'M',
    horizon: 12,
    seasonality: 12,
    testOrigins: 2,
    series: syntheticSeries({ kind, count: 6, length: 144, seasonality: 12, seed: 100 + i }),
  }));
  sets.push({
    name: 'synthetic-daily',
    source: 'synthetic',
    frequency: 'D',
    horizon: 28,
    seasonality: 7,
    testOrigins: 2,
    series: [
      ...syntheticSeries({
        kind: 'trend_additive',
        count: 2,
        length: 730,
        seasonality: 7,
        seed: 201,
      }),
      ...syntheticSeries({
        kind: 'intermittent',
        count: 2,
        length: 730,
        seasonality: 7,
        seed: 202,
      }),
    ],
  });
  return sets;
}

interface SeriesScore {
  dataset: string;
  id: string;
  origin: number;
  mase: Record<Column, number>;
  relative: Record<Column, number>;
  smape: Record<Column, number>;
  coverage: Record<Column, number>;
  chosen: string;
}

function geometricMean(values: readonly number[]): number {
  const finite = values.filter((v) => Number.isFinite(v) && v > 0);
  if (finite.length === 0) return Number.NaN;
  return Math.exp(finite.reduce((a, v) => a + Math.log(v), 0) / finite.length);
}
const mean = (values: readonly number[]): number => {
  const finite = values.filter((v) => Number.isFinite(v));
  return finite.length === 0 ? Number.NaN : finite.reduce((a, b) => a + b, 0) / finite.length;
};

interface Timing {
  fitMs: Record<CandidateName, number>;
  refitMs: Record<CandidateName, number>;
  totalMs: number;
}

async function evaluate(
  dataset: Dataset,
): Promise<{ scores: SeriesScore[]; timing: Timing; chosen: string[] }> {
  const { horizon, seasonality } = dataset;
  const scores: SeriesScore[] = [];
  const timing: Timing = {
    fitMs: { seasonal_naive: 0, ets: 0, neural: 0, ensemble: 0 },
    refitMs: { seasonal_naive: 0, ets: 0, neural: 0, ensemble: 0 },
    totalMs: 0,
  };
  const chosen: string[] = [];
  const origins = quick ? 1 : dataset.testOrigins;
  for (let t = 0; t < origins; t += 1) {
    const back = (origins - t) * horizon;
    const inputs = dataset.series.map((s) => ({
      ...s,
      values: s.values.slice(0, s.values.length - back),
    }));
    const actuals = dataset.series.map((s) =>
      s.values.slice(s.values.length - back, s.values.length - back + horizon),
    );
    const started = performance.now();
    const result: ForecastResult = await forecastWithBacktest(inputs, {
      horizon,
      seasonality,
      seed: 42,
    });
    timing.totalMs += performance.now() - started;
    chosen.push(result.report.chosen);
    for (const c of result.report.candidates) {
      timing.fitMs[c.name] += c.fitMs;
      timing.refitMs[c.name] += c.refitMs;
    }
    inputs.forEach((input, s) => {
      const actual = actuals[s] as number[];
      const scale = naiveScale(input.values, seasonality);
      const score: SeriesScore = {
        dataset: dataset.name,
        id: input.id,
        origin: t,
        mase: {} as Record<Column, number>,
        relative: {} as Record<Column, number>,
        smape: {} as Record<Column, number>,
        coverage: {} as Record<Column, number>,
        chosen: result.report.chosen,
      };
      for (const column of COLUMNS) {
        const forecast =
          column === FINAL ? result.forecasts[s] : result.candidateForecasts[column]?.[s];
        if (forecast === undefined) {
          score.mase[column] = Number.NaN;
          score.smape[column] = Number.NaN;
          score.coverage[column] = Number.NaN;
          continue;
        }
        const error = mae(actual, forecast.p50);
        score.mase[column] = scale > 0 ? error / scale : Number.NaN;
        score.smape[column] = smape(actual, forecast.p50);
        score.coverage[column] = intervalCoverage(actual, forecast.p10, forecast.p90);
      }
      for (const column of COLUMNS) {
        const naive = score.mase.seasonal_naive;
        score.relative[column] = naive > 0 ? score.mase[column] / naive : Number.NaN;
      }
      scores.push(score);
    });
  }
  return { scores, timing, chosen };
}

/** Per-series relative MASE averaged (geometrically) over that series' test origins. */
function perSeriesRelative(scores: readonly SeriesScore[], column: Column): number[] {
  const bySeries = new Map<string, number[]>();
  for (const s of scores) {
    const key = `${s.dataset}/${s.id}`;
    const list = bySeries.get(key) ?? [];
    list.push(s.relative[column]);
    bySeries.set(key, list);
  }
  return [...bySeries.values()].map((list) => geometricMean(list));
}

function summary(scores: readonly SeriesScore[]) {
  return Object.fromEntries(
    COLUMNS.map((column) => [
      column,
      {
        relativeMase: geometricMean(perSeriesRelative(scores, column)),
        mase: mean(scores.map((s) => s.mase[column])),
        smape: mean(scores.map((s) => s.smape[column])),
        coverage80: mean(scores.map((s) => s.coverage[column])),
      },
    ]),
  ) as Record<Column, { relativeMase: number; mase: number; smape: number; coverage80: number }>;
}

const fmt = (v: number, digits = 3): string => (Number.isFinite(v) ? v.toFixed(digits) : '—');
const pad = (s: string, n: number): string => s.padEnd(n);

async function speedCase(
  name: string,
  series: ForecastSeries[],
  horizon: number,
  seasonality: number,
) {
  const started = performance.now();
  const result = await forecastWithBacktest(series, { horizon, seasonality, seed: 42 });
  const totalMs = performance.now() - started;
  const perCandidate = Object.fromEntries(
    result.report.candidates.map((c) => [
      c.name,
      { fitMs: Math.round(c.fitMs), refitMs: Math.round(c.refitMs) },
    ]),
  );
  return {
    name,
    series: series.length,
    points: series[0]?.values.length ?? 0,
    horizon,
    totalMs: Math.round(totalMs),
    chosen: result.report.chosen,
    perCandidate,
  };
}

async function main(): Promise<void> {
  const backend = await selectBackend({ prefer: 'wasm' });
  console.log(`backend: ${backend.backend} (${backend.provider})`);
  let datasets = [...syntheticDatasets(), ...vegaDatasets()];
  if (only) datasets = datasets.filter((d) => only.some((o) => d.name.includes(o)));

  const allScores: SeriesScore[] = [];
  const perDataset: Record<string, unknown>[] = [];
  for (const dataset of datasets) {
    const started = performance.now();
    const { scores, timing, chosen } = await evaluate(dataset);
    allScores.push(...scores);
    const s = summary(scores);
    perDataset.push({
      name: dataset.name,
      source: dataset.source,
      frequency: dataset.frequency,
      horizon: dataset.horizon,
      seasonality: dataset.seasonality,
      series: dataset.series.length,
      length: dataset.series[0]?.values.length,
      chosen,
      summary: s,
      timing,
      seconds: (performance.now() - started) / 1000,
    });
    console.log(
      `${pad(dataset.name, 34)} chosen ${pad(chosen.join(','), 26)} rel.MASE ` +
        COLUMNS.map((c) => `${c} ${fmt(s[c].relativeMase)}`).join('  ') +
        `  cov80 final ${fmt(s.final.coverage80, 2)}  (${((performance.now() - started) / 1000).toFixed(1)} s)`,
    );
  }

  const overall = summary(allScores);
  const real = summary(allScores.filter((s) => !s.dataset.startsWith('synthetic')));
  const synthetic = summary(allScores.filter((s) => s.dataset.startsWith('synthetic')));
  const fitTotals: Record<CandidateName, number> = {
    seasonal_naive: 0,
    ets: 0,
    neural: 0,
    ensemble: 0,
  };
  for (const d of perDataset) {
    const timing = d.timing as Timing;
    for (const name of Object.keys(fitTotals) as CandidateName[])
      fitTotals[name] += timing.fitMs[name] + timing.refitMs[name];
  }

  console.log(
    '\nGeometric mean of MASE relative to seasonal naive (lower is better), test blocks never seen by the run:',
  );
  console.log(`${pad('', 12)}${COLUMNS.map((c) => pad(c, 16)).join('')}`);
  for (const [label, s] of [
    ['overall', overall],
    ['real', real],
    ['synthetic', synthetic],
  ] as const) {
    console.log(`${pad(label, 12)}${COLUMNS.map((c) => pad(fmt(s[c].relativeMase), 16)).join('')}`);
  }
  console.log(
    `${pad('cov80 all', 12)}${COLUMNS.map((c) => pad(fmt(overall[c].coverage80, 3), 16)).join('')}`,
  );
  console.log(
    `${pad('sMAPE all', 12)}${COLUMNS.map((c) => pad(fmt(overall[c].smape, 2), 16)).join('')}`,
  );
  console.log(
    `${pad('fit+refit s', 12)}${(Object.keys(fitTotals) as CandidateName[]).map((c) => pad((fitTotals[c] / 1000).toFixed(1), 16)).join('')}`,
  );

  let speed: unknown[] = [];
  if (!quick && (only === null || only.includes('speed'))) {
    const monthly = [
      ...syntheticSeries({
        kind: 'trend_additive',
        count: 13,
        length: 120,
        seasonality: 12,
        seed: 301,
      }),
      ...syntheticSeries({
        kind: 'multiplicative_growth',
        count: 13,
        length: 120,
        seasonality: 12,
        seed: 302,
      }),
      ...syntheticSeries({
        kind: 'level_shifts',
        count: 12,
        length: 120,
        seasonality: 12,
        seed: 303,
      }),
      ...syntheticSeries({
        kind: 'damped_noisy',
        count: 12,
        length: 120,
        seasonality: 12,
        seed: 304,
      }),
    ];
    const daily = syntheticSeries({
      kind: 'trend_additive',
      count: 1,
      length: 1100,
      seasonality: 7,
      seed: 305,
    });
    speed = [
      await speedCase('50 monthly × 120', monthly, 12, 12),
      await speedCase('1 daily × 1100', daily, 28, 7),
    ];
    console.log('\nSpeed (fit + forecast end to end, wasm):');
    for (const s of speed as Awaited<ReturnType<typeof speedCase>>[]) {
      console.log(
        `${pad(s.name, 20)} ${(s.totalMs / 1000).toFixed(1)} s  chosen ${s.chosen}  ` +
          Object.entries(s.perCandidate)
            .map(
              ([name, t]) =>
                `${name} backtest ${(t.fitMs / 1000).toFixed(2)} s + refit ${(t.refitMs / 1000).toFixed(2)} s`,
            )
            .join('; '),
      );
    }
  }

  const out = {
    generatedAt: new Date().toISOString(),
    backend,
    quick,
    overall,
    real,
    synthetic,
    fitAndRefitSeconds: Object.fromEntries(
      Object.entries(fitTotals).map(([k, v]) => [k, v / 1000]),
    ),
    datasets: perDataset,
    speed,
    series: allScores,
  };
  mkdirSync(join(repoRoot, 'bench-results'), { recursive: true });
  const file = join(repoRoot, 'bench-results', 'forecast.json');
  writeFileSync(
    file,
    `${JSON.stringify(out, (_, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2)}\n`,
  );
  console.log(`\nwrote ${file}`);
  const beats = (['seasonal_naive', 'ets', 'neural'] as const).every(
    (c) => !(overall[c].relativeMase < overall.final.relativeMase),
  );
  console.log(
    `final beats every individual candidate (seasonal naive, ETS, neural) overall: ${beats ? 'yes' : 'NO'}; final 80% coverage ${fmt(overall.final.coverage80)} (target 0.75–0.85)`,
  );
}

await main();
