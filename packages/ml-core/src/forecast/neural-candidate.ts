import type { Band } from './statistical-models';
import type { FitOptions, ForecastSeries, WindowedMlpConfig } from './types';
import { WindowedMlpForecaster } from './windowed-mlp';
import { chooseLookback } from './windows';

/**
 * The network's own horizon: the backtest horizon when the oldest training parts give it enough
 * windows, else the longest shorter one that does (forecasts then continue recursively), or null
 * when not even one step can be trained — the only case the neural candidate is skipped.
 */
export function neuralPlan(
  backtestHorizon: number,
  seasonality: number,
  oldestTraining: number,
  requestedLookback: number | undefined,
): { horizon: number; lookback: number } | null {
  for (let horizon = backtestHorizon; horizon >= 1; horizon -= 1) {
    const lookback = chooseLookback(horizon, seasonality, oldestTraining, requestedLookback);
    if (lookback !== null) return { horizon, lookback };
  }
  return null;
}

/** log–log slope of a band's half-width over its steps, clamped to [0.5, 1] (√h to h growth). */
function widthGrowth(band: Band): number {
  const steps = band.p50.length;
  if (steps < 2) return 0.5;
  const width = (h: number) => Math.max((band.p90[h] as number) - (band.p10[h] as number), 1e-12);
  const slope = Math.log(width(steps - 1) / width(0)) / Math.log(steps);
  return Math.min(Math.max(Number.isFinite(slope) ? slope : 0.5, 0.5), 1);
}

/**
 * Forecasts `steps` ahead with a network whose own horizon may be shorter: each block's median is
 * appended to the inputs and the network asked again (the recursive strategy). A later block's
 * band is widened from its in-block step i to the total step h by (h/i)^a, a = the growth of the
 * first block's own band (√h for a random walk, h for a trend error).
 */
export async function predictRecursively(
  forecaster: WindowedMlpForecaster,
  series: readonly ForecastSeries[],
  steps: number,
): Promise<Band[]> {
  const inputs = series.map((entry) => ({ ...entry, values: entry.values.slice() }));
  const out: Band[] = series.map(() => ({ p10: [], p50: [], p90: [] }));
  const growth: number[] = [];
  while ((out[0]?.p50.length ?? steps) < steps) {
    const done = out[0]!.p50.length;
    const predicted = await forecaster.predict(inputs);
    predicted.forEach((band, s) => {
      if (done === 0) growth[s] = widthGrowth(band);
      const target = out[s]!;
      const take = Math.min(band.p50.length, steps - done);
      for (let i = 0; i < take; i += 1) {
        const p50 = band.p50[i] as number;
        const widen = done === 0 ? 1 : ((done + i + 1) / (i + 1)) ** (growth[s] as number);
        target.p10.push(p50 - widen * (p50 - (band.p10[i] as number)));
        target.p50.push(p50);
        target.p90.push(p50 + widen * ((band.p90[i] as number) - p50));
        inputs[s]!.values.push(p50);
      }
    });
  }
  return out;
}

export interface NeuralBacktest {
  forecaster: WindowedMlpForecaster;
  /** Per series, per origin: the band over the backtest horizon. */
  bands: Band[][];
}

/**
 * Fits the global network once on every series' data before its oldest origin (leak-free for
 * every later origin) and forecasts each backtest window from its own origin, in one batch.
 * The caller owns (and disposes) the returned forecaster; it is disposed here on failure.
 */
export async function backtestNeural(
  config: WindowedMlpConfig,
  windows: readonly (readonly { training: number[] }[])[],
  series: readonly ForecastSeries[],
  backtestHorizon: number,
  fitOptions: FitOptions,
): Promise<NeuralBacktest> {
  const forecaster = new WindowedMlpForecaster(config);
  try {
    const oldest = series.map((entry, s) => ({ ...entry, values: windows[s]![0]!.training }));
    await forecaster.fit(oldest, fitOptions);
    const slots = windows.flatMap((perOrigin, s) => perOrigin.map((w, k) => ({ s, k, w })));
    const predicted = await predictRecursively(
      forecaster,
      slots.map(({ s, k, w }) => ({
        id: `${s}#${k}`,
        values: w.training,
        ...(series[s]?.seasonPhase === undefined ? {} : { seasonPhase: series[s].seasonPhase }),
      })),
      backtestHorizon,
    );
    const bands: Band[][] = windows.map(() => []);
    slots.forEach(({ s }, index) => bands[s]!.push(predicted[index] as Band));
    return { forecaster, bands };
  } catch (error) {
    forecaster.dispose();
    throw error;
  }
}
