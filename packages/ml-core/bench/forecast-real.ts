/**
 * Optional real-data check of the forecast benchmark (`--real`): vega-datasets sp500, NY weather,
 * global temperature and Iowa electricity. The last `origins` blocks of `horizon` points of each
 * series are held out one after another; each block is forecast from the data before it (one
 * forecastWithBacktest call per dataset and origin) and scored like the generated series. Never
 * used to tune anything.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { seasonPhase, type Frequency } from '../src/common/calendar';
import { forecastWithBacktest } from '../src/forecast/forecast-with-backtest';
import { prepareSeries } from '../src/forecast/prepare-series';
import type { ForecastSeries } from '../src/forecast/types';
import { scoreSeries, type SeriesScore } from './forecast-scoring';

const vegaDir = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  'node_modules',
  'vega-datasets',
  'data',
);

interface RealDataset {
  name: string;
  horizon: number;
  seasonality: number;
  origins: number;
  series: ForecastSeries[];
}

interface RawSeries {
  id: string;
  dates: string[];
  values: number[];
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
function prepared(raw: RawSeries[], frequency?: Frequency): ForecastSeries[] {
  const result = prepareSeries(raw, frequency ? { frequency } : {});
  const f = result.frequency.frequency;
  return result.series.map((s) => ({
    id: s.id,
    values: s.values,
    seasonPhase: seasonPhase(s.dates[0] as string, f),
  }));
}

function column(
  rows: Record<string, string>[],
  id: string,
  date: string,
  value: string,
): RawSeries {
  return {
    id,
    dates: rows.map((r) => r[date] as string),
    values: rows.map((r) => Number(r[value])),
  };
}

function realDatasets(): RealDataset[] {
  const sp = readCsv('sp500-2000.csv');
  const ny = readCsv('weather.csv').filter((r) => r.location === 'New York');
  const gt = readCsv('global-temp.csv').map((r) => ({ ...r, date: `${r.year}-01-01` }));
  const iowa = readCsv('iowa-electricity.csv');
  const sources = [...new Set(iowa.map((r) => r.source as string))];
  return [
    {
      name: 'sp500',
      horizon: 20,
      seasonality: 5,
      origins: 3,
      series: prepared([column(sp, 'sp500-close', 'date', 'close')]),
    },
    {
      name: 'weather-ny',
      horizon: 28,
      seasonality: 7,
      origins: 3,
      series: prepared(
        ['temp_max', 'temp_min', 'precipitation', 'wind'].map((c) =>
          column(ny, `ny-${c}`, 'date', c),
        ),
      ),
    },
    {
      name: 'global-temp',
      horizon: 5,
      seasonality: 1,
      origins: 3,
      series: prepared([column(gt, 'global-temp', 'date', 'temp')]),
    },
    {
      name: 'iowa-electricity',
      horizon: 3,
      seasonality: 1,
      origins: 2,
      series: prepared(
        sources.map((source) =>
          column(
            iowa.filter((r) => r.source === source),
            `iowa-${source.toLowerCase().replace(/\s+/g, '-')}`,
            'year',
            'net_generation',
          ),
        ),
      ),
    },
  ];
}

async function scoreDataset(
  dataset: RealDataset,
  epochs: number,
  quick: boolean,
): Promise<SeriesScore[]> {
  const { horizon, seasonality } = dataset;
  const origins = quick ? 1 : dataset.origins;
  const scores: SeriesScore[] = [];
  for (let k = 0; k < origins; k += 1) {
    const back = (origins - k) * horizon;
    const histories = dataset.series.map((s) => s.values.slice(0, s.values.length - back));
    const result = await forecastWithBacktest(
      dataset.series.map((s, i) => ({ ...s, values: histories[i] as number[] })),
      { horizon, seasonality, seed: 42, epochs },
    );
    dataset.series.forEach((s, i) => {
      const end = s.values.length - back;
      const input = {
        id: `${s.id}@${k}`,
        group: dataset.name,
        variant: 'real',
        history: histories[i] as number[],
        future: s.values.slice(end, end + horizon),
        seasonality,
      };
      scores.push(scoreSeries(input, result, i));
    });
  }
  return scores;
}

/**
 * Scores every real dataset (one held-out block per series when `quick`); `onDataset` hears about
 * each one as it finishes. Each (series, block) counts as one scored series.
 */
export async function scoreRealDatasets(
  epochs: number,
  quick: boolean,
  onDataset: (name: string, seconds: number) => void,
): Promise<SeriesScore[]> {
  const scores: SeriesScore[] = [];
  for (const dataset of realDatasets()) {
    const started = performance.now();
    scores.push(...(await scoreDataset(dataset, epochs, quick)));
    onDataset(dataset.name, (performance.now() - started) / 1000);
  }
  return scores;
}
