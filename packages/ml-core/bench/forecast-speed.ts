/**
 * Optional speed cases of the forecast benchmark (`--speed`): 50 monthly series × 120 points in one
 * call and one daily series × 1,100 points, end to end, with the default neural budget.
 */
import { forecastWithBacktest } from '../src/forecast/forecast-with-backtest';
import type { ForecastSeries } from '../src/forecast/types';
import { syntheticSeries, type SyntheticKind } from './synthetic-series';

export interface SpeedCase {
  name: string;
  series: number;
  points: number;
  horizon: number;
  seconds: number;
  chosen: string;
  /** Backtest fit and final refit seconds per candidate. */
  perCandidate: Record<string, { fit: number; refit: number }>;
}

async function timeCase(
  name: string,
  series: ForecastSeries[],
  horizon: number,
  seasonality: number,
): Promise<SpeedCase> {
  const started = performance.now();
  const result = await forecastWithBacktest(series, { horizon, seasonality, seed: 42 });
  const seconds = (performance.now() - started) / 1000;
  const perCandidate = Object.fromEntries(
    result.report.candidates.map((c) => [c.name, { fit: c.fitMs / 1000, refit: c.refitMs / 1000 }]),
  );
  return {
    name,
    series: series.length,
    points: series[0]?.values.length ?? 0,
    horizon,
    seconds,
    chosen: String(result.report.chosen),
    perCandidate,
  };
}

export async function speedCases(): Promise<SpeedCase[]> {
  const kinds: SyntheticKind[] = ['trend_additive', 'multiplicative_growth', 'level_shifts'];
  const monthly = [
    ...kinds.map((kind, i) =>
      syntheticSeries({ kind, count: 13, length: 120, seasonality: 12, seed: 301 + i }),
    ),
    syntheticSeries({ kind: 'damped_noisy', count: 11, length: 120, seasonality: 12, seed: 304 }),
  ].flat();
  const daily = syntheticSeries({
    kind: 'trend_additive',
    count: 1,
    length: 1100,
    seasonality: 7,
    seed: 305,
  });
  return [
    await timeCase('50 monthly × 120', monthly, 12, 12),
    await timeCase('1 daily × 1100', daily, 28, 7),
  ];
}
