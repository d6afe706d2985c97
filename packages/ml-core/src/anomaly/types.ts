/** How a one-step-ahead band is built. */
export interface OneStepBandOptions {
  /** Share of ordinary points the band should hold (e.g. 0.9); in (0, 1). */
  coverage: number;
  /**
   * Season length in steps (7 for a daily series with a weekly rhythm); 0 or 1 for none. A season
   * is only tried when the series is at least four seasons long, and kept only when it forecasts
   * the history better than the same model without it.
   */
  seasonality?: number;
  /** Past one-step errors the band's quantiles come from (a rolling window); default 90. */
  window?: number;
}

/** The smoothing model the grid search picked (additive, damped trend, robust updates). */
export interface OneStepModel {
  alpha: number;
  /** 0: no trend. */
  beta: number;
  /** Damping of the trend per step. */
  phi: number;
  /** 0: no season. */
  gamma: number;
  /** Season length in steps; 0 when no season is used. */
  seasonality: number;
}

/** Per-point one-step-ahead bands over a series, each from the points before it only. */
export interface OneStepBands {
  /** Forecast of each point from the points before it (NaN before the model has started). */
  expected: Float64Array;
  /** Band edges (NaN where too few past errors calibrate the band at this coverage). */
  lower: Float64Array;
  upper: Float64Array;
  model: OneStepModel;
}

/** Whether the newest value of a series lies outside the band its past gives it. */
export interface NewestPointCheck {
  value: number;
  expected: number;
  lower: number;
  upper: number;
  /** Which side of the band the value is on; null when inside. */
  outside: 'above' | 'below' | null;
  /** How far outside, in band half-widths beyond the edge (0 when inside). */
  excess: number;
  /**
   * Share of the earlier points (the last `window` with a calibrated band) that fell inside their
   * own band: the coverage actually measured on this series, to set against the nominal one.
   */
  measuredCoverage: number | null;
  /** How many earlier points `measuredCoverage` counts. */
  checkedPoints: number;
  model: OneStepModel;
}
