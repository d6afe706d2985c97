/**
 * Scores forecasts against known futures. For each column (the final forecast and every
 * candidate's own refit forecast): MASE (MAE over the future ÷ in-sample seasonal-naive MAE of the
 * history), MASE relative to the bench's own seasonal naive forecast (its MAE ÷ seasonal naive's
 * MAE on the same future — the scale cancels), and the [p10, p90] hits on the future.
 *
 * The relative-MASE yardstick is computed here (classic seasonal naive: the last season repeated,
 * lag 1 without a season), not read from the run, so it cannot move when the candidates change.
 */
import { intervalCoverage, mae, naiveScale } from '../src/common/metrics';
import type { ForecastResult, SeriesForecast } from '../src/forecast/types';
import { geometricMean, mean } from './bench-stats';

export const FINAL = 'final';
/** Report order of columns; columns the run returns that are not listed come after, by name. */
const COLUMN_ORDER = [FINAL, 'seasonal_naive', 'drift', 'ets', 'log_linear', 'neural', 'ensemble'];

export interface ColumnScore {
  mase: number;
  /** MAE ÷ the bench's seasonal-naive MAE on the same future (NaN when that is 0). */
  relative: number;
  /** Future points inside [p10, p90], and how many were scored. */
  inside: number;
  points: number;
}

/** What one series (at one origin) scored, plus what the run reported about it. */
export interface SeriesScore {
  id: string;
  group: string;
  variant: string;
  length: number;
  horizon: number;
  seasonality: number;
  chosen: string;
  columns: Record<string, ColumnScore>;
  calibration: Record<string, unknown> | null;
}

export interface ColumnSummary {
  /** Geometric mean over series of relative MASE (< 1 = better than seasonal naive). */
  relativeMase: number;
  /** Mean over series of MASE. */
  mase: number;
  /** Pooled share of future points inside [p10, p90] (target 0.8). */
  coverage80: number;
  series: number;
}

/** Point forecast of the classic seasonal naive: the last season repeated (lag 1 when m = 1). */
export function seasonalNaivePoint(
  history: readonly number[],
  horizon: number,
  m: number,
): number[] {
  const lag = history.length >= m ? m : 1;
  const last = history.slice(history.length - lag);
  return Array.from({ length: horizon }, (_, h) => last[h % lag] as number);
}

/** Orders column names: the known ones first, then the rest by name. */
export function orderColumns(names: Iterable<string>): string[] {
  const set = new Set(names);
  const known = COLUMN_ORDER.filter((name) => set.has(name));
  const rest = [...set].filter((name) => !COLUMN_ORDER.includes(name)).sort();
  return [...known, ...rest];
}

function scoreColumn(
  forecast: SeriesForecast,
  future: readonly number[],
  scale: number,
  referenceMae: number,
): ColumnScore {
  const steps = Math.min(future.length, forecast.p50.length);
  const actual = future.slice(0, steps);
  const error = mae(actual, forecast.p50.slice(0, steps));
  return {
    mase: scale > 0 ? error / scale : Number.NaN,
    relative: referenceMae > 0 ? error / referenceMae : Number.NaN,
    inside: Math.round(
      steps * intervalCoverage(actual, forecast.p10.slice(0, steps), forecast.p90.slice(0, steps)),
    ),
    points: steps,
  };
}

/** The run's forecasts of series `index`: final first, then each candidate's own refit. */
function columnsOf(result: ForecastResult, index: number): [string, SeriesForecast][] {
  const out: [string, SeriesForecast][] = [];
  const final = result.forecasts[index];
  if (final) out.push([FINAL, final]);
  for (const [name, forecasts] of Object.entries(result.candidateForecasts)) {
    const forecast = (forecasts as SeriesForecast[] | undefined)?.[index];
    if (forecast) out.push([name, forecast]);
  }
  return out;
}

/** The run's calibration report as a plain record (read defensively: fields are being added). */
export function calibrationOf(result: ForecastResult): Record<string, unknown> | null {
  const calibration = result.report?.calibration as unknown;
  return calibration && typeof calibration === 'object'
    ? { ...(calibration as Record<string, unknown>) }
    : null;
}

export interface ScoreInput {
  id: string;
  group: string;
  variant: string;
  history: readonly number[];
  future: readonly number[];
  seasonality: number;
}

/** Scores series `index` of `result` on its known future. */
export function scoreSeries(input: ScoreInput, result: ForecastResult, index: number): SeriesScore {
  const { history, future, seasonality } = input;
  const steps = Math.min(future.length, result.forecasts[index]?.p50.length ?? future.length);
  const actual = future.slice(0, steps);
  const scale = naiveScale(history, seasonality);
  const referenceMae = mae(actual, seasonalNaivePoint(history, steps, seasonality));
  const columns: Record<string, ColumnScore> = {};
  for (const [name, forecast] of columnsOf(result, index)) {
    columns[name] = scoreColumn(forecast, actual, scale, referenceMae);
  }
  return {
    id: input.id,
    group: input.group,
    variant: input.variant,
    length: history.length,
    horizon: steps,
    seasonality,
    chosen: String(result.report.chosen),
    columns,
    calibration: calibrationOf(result),
  };
}

/** Per column: geometric-mean relative MASE, mean MASE and pooled 80% coverage. */
export function summariseColumns(scores: readonly SeriesScore[]): Record<string, ColumnSummary> {
  const names = orderColumns(scores.flatMap((s) => Object.keys(s.columns)));
  return Object.fromEntries(
    names.map((name) => {
      const cells = scores.flatMap((s) => (s.columns[name] ? [s.columns[name]] : []));
      const points = cells.reduce((a, c) => a + c.points, 0);
      const summary: ColumnSummary = {
        relativeMase: geometricMean(cells.map((c) => c.relative)),
        mase: mean(cells.map((c) => c.mase)),
        coverage80: points > 0 ? cells.reduce((a, c) => a + c.inside, 0) / points : Number.NaN,
        series: cells.length,
      };
      return [name, summary];
    }),
  );
}

/** How often each candidate was chosen. */
export function chosenCounts(scores: readonly SeriesScore[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const s of scores) counts[s.chosen] = (counts[s.chosen] ?? 0) + 1;
  return counts;
}

/** Nested calibration objects whose numeric fields are summarised too (others stay per series). */
const NESTED_CALIBRATION_FIELDS = ['measured'];

/**
 * Mean over series of each numeric (or boolean, as a share) top-level calibration field; a nested
 * `measured` object is flattened one level (`measured.coverage`). Arrays and per-series maps such
 * as `seriesFactors` are left to the per-series JSON.
 */
export function summariseCalibration(scores: readonly SeriesScore[]): Record<string, number> {
  const values = new Map<string, number[]>();
  const add = (key: string, value: unknown): void => {
    const v = typeof value === 'boolean' ? Number(value) : value;
    if (typeof v !== 'number') return;
    values.set(key, [...(values.get(key) ?? []), v]);
  };
  for (const { calibration } of scores) {
    for (const [key, value] of Object.entries(calibration ?? {})) {
      const nested = value && typeof value === 'object' && !Array.isArray(value);
      if (!nested) add(key, value);
      else if (NESTED_CALIBRATION_FIELDS.includes(key)) {
        for (const [sub, v] of Object.entries(value as Record<string, unknown>))
          add(`${key}.${sub}`, v);
      }
    }
  }
  return Object.fromEntries([...values].map(([key, list]) => [key, mean(list)]));
}
