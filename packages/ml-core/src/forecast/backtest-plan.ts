import { ForecastInputError } from './errors';

export interface SeriesPlan {
  /** Rolling origins of this series. */
  origins: number;
  /** Steps between two origins. */
  step: number;
}

export interface BacktestPlan {
  /** Steps held out at each origin: the horizon, or fewer when the history is short. */
  horizon: number;
  series: SeriesPlan[];
}

/**
 * The longest backtest horizon the shortest series supports: at most the requested horizon, a
 * third of the series (so two thirds are left to fit on), and leaving `minimumFit` points before
 * the origin. A 36-month request on 24 months is backtested on 8 months, never refused.
 */
export function backtestHorizon(shortest: number, horizon: number, minimumFit: number): number {
  return Math.max(1, Math.min(horizon, Math.floor(shortest / 3), shortest - minimumFit));
}

/**
 * Plans the rolling-origin backtest: each series gets as many origins (≤ requested) as its length
 * allows, spaced by the backtest horizon or, when that does not fit, closer, such that its oldest
 * training part still has half the series (and at least `minimumFit` points). Long series keep a full backtest next to short ones.
 * Throws ForecastInputError naming the series too short for even one origin.
 */
export function planBacktest(
  series: readonly { id: string; values: readonly number[] }[],
  horizon: number,
  minimumFit: number,
  requestedOrigins: number,
): BacktestPlan {
  const required = minimumFit + 1;
  const short = series.filter((entry) => entry.values.length < required);
  if (short.length > 0) {
    const list = short.map((entry) => `"${entry.id}" (${entry.values.length} points)`).join(', ');
    throw new ForecastInputError(
      `${short.length === 1 ? `series ${list} is` : `series ${list} are`} too short: a forecast with a backtest needs at least ${required} points per series`,
      { seriesIds: short.map((entry) => entry.id), requiredLength: required },
    );
  }
  const lengths = series.map((entry) => entry.values.length);
  const held = backtestHorizon(Math.min(...lengths), horizon, minimumFit);
  const plans = lengths.map((length): SeriesPlan => {
    // Every window keeps at least half the series to fit on (a trend seen on 4 points is noise).
    const fit = Math.max(minimumFit, Math.ceil(length / 2));
    for (let origins = requestedOrigins; origins > 1; origins -= 1) {
      for (let step = held; step >= 1; step -= 1) {
        if (length - held - (origins - 1) * step >= fit) return { origins, step };
      }
    }
    return { origins: 1, step: held };
  });
  return { horizon: held, series: plans };
}

/** Index of origin k (0 = oldest) of a series of `length` points. */
export function originIndex(plan: BacktestPlan, s: number, length: number, k: number): number {
  const p = plan.series[s] as SeriesPlan;
  return length - plan.horizon - (p.origins - 1 - k) * p.step;
}
