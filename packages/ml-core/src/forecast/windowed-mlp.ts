import * as tf from '@tensorflow/tfjs';
import { createRandom } from '../common/random';
import { unstandardize } from '../common/scaling';
import { buildWindowedMlp } from './build-windowed-mlp';
import { ForecastInputError } from './errors';
import { FORECAST_QUANTILES } from './quantile-loss';
import { trainQuantileModel, type TrainingConfig } from './train-quantile-model';
import type {
  FitOptions,
  FitSummary,
  Forecaster,
  ForecastSeries,
  SeriesForecast,
  WindowedMlpConfig,
} from './types';
import { assertMinimumLength, validateForecastConfig, validateSeries } from './validate-input';
import {
  buildInputWindows,
  buildTrainingWindows,
  chooseLookback,
  minimumLookback,
  minimumTrainingLength,
} from './windows';

const DEFAULTS = {
  seed: 42,
  epochs: 100,
  hiddenUnits: [64, 64],
  batchSize: 128,
  learningRate: 3e-3,
  l2: 1e-5,
  patience: 10,
} as const;

function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new ForecastInputError(`${name} must be a positive integer, got ${String(value)}`);
  }
  return value;
}

/**
 * Global windowed MLP forecaster (N-BEATS-lite): one network trained on standardised windows from
 * every series, predicting p10/p50/p90 for each of the next `horizon` steps with the pinball loss.
 */
export class WindowedMlpForecaster implements Forecaster {
  readonly kind = 'neural' as const;
  readonly horizon: number;
  readonly seasonality: number;
  private readonly seed: number;
  private readonly requestedLookback: number | undefined;
  private readonly hiddenUnits: readonly number[];
  private readonly training: TrainingConfig;
  private model: tf.LayersModel | null = null;
  private fittedLookback: number | null = null;
  private disposed = false;

  constructor(config: WindowedMlpConfig) {
    this.seasonality = validateForecastConfig(config);
    this.horizon = config.horizon;
    this.seed = config.seed ?? DEFAULTS.seed;
    if (!Number.isFinite(this.seed))
      throw new ForecastInputError(`seed must be a number, got ${String(config.seed)}`);
    this.requestedLookback =
      config.lookback === undefined ? undefined : positiveInteger('lookback', config.lookback);
    this.hiddenUnits = (config.hiddenUnits ?? DEFAULTS.hiddenUnits).map((units) =>
      positiveInteger('hiddenUnits', units),
    );
    const l2 = config.l2 ?? DEFAULTS.l2;
    const learningRate = config.learningRate ?? DEFAULTS.learningRate;
    if (!(l2 >= 0)) throw new ForecastInputError(`l2 must be >= 0, got ${String(l2)}`);
    if (!(learningRate > 0)) {
      throw new ForecastInputError(`learningRate must be > 0, got ${String(learningRate)}`);
    }
    this.training = {
      epochs: positiveInteger('epochs', config.epochs ?? DEFAULTS.epochs),
      batchSize: positiveInteger('batchSize', config.batchSize ?? DEFAULTS.batchSize),
      patience: positiveInteger('patience', config.patience ?? DEFAULTS.patience),
      learningRate,
      l2,
      quantiles: FORECAST_QUANTILES,
    };
  }

  /** Input window length: the one fitted, else the requested one, else null (chosen at fit). */
  get lookback(): number | null {
    return this.fittedLookback ?? this.requestedLookback ?? null;
  }

  minimumFitLength(): number {
    const lookback = this.requestedLookback ?? minimumLookback(this.horizon, this.seasonality);
    return minimumTrainingLength(lookback, this.horizon);
  }

  private assertUsable(): void {
    if (this.disposed) throw new Error('WindowedMlpForecaster: used after dispose()');
  }

  async fit(series: ForecastSeries[], options: FitOptions = {}): Promise<FitSummary> {
    this.assertUsable();
    validateSeries(series);
    const why = `the neural forecaster (horizon ${this.horizon}, seasonality ${this.seasonality})`;
    assertMinimumLength(series, this.minimumFitLength(), why);
    const shortest = Math.min(...series.map((entry) => entry.values.length));
    const lookback = chooseLookback(
      this.horizon,
      this.seasonality,
      shortest,
      this.requestedLookback,
    );
    if (lookback === null)
      throw new Error('WindowedMlpForecaster: no lookback fits the validated data');

    const windows = buildTrainingWindows(
      series.map((entry) => entry.values),
      lookback,
      this.horizon,
    );
    const random = createRandom(this.seed);
    this.model?.dispose();
    this.model = null;
    this.fittedLookback = null;
    const model = buildWindowedMlp(
      {
        lookback,
        horizon: this.horizon,
        quantiles: FORECAST_QUANTILES.length,
        hiddenUnits: this.hiddenUnits,
      },
      random,
    );
    try {
      const summary = await trainQuantileModel(model, windows, this.training, random, options);
      this.model = model;
      this.fittedLookback = lookback;
      return summary;
    } catch (error) {
      model.dispose();
      throw error;
    }
  }

  async predict(series: ForecastSeries[]): Promise<SeriesForecast[]> {
    this.assertUsable();
    const model = this.model;
    const lookback = this.fittedLookback;
    if (model === null || lookback === null) {
      throw new Error('WindowedMlpForecaster: call fit() before predict()');
    }
    validateSeries(series);
    assertMinimumLength(series, lookback, `the fitted neural forecaster's input window`);

    const { inputs, scales } = buildInputWindows(
      series.map((entry) => entry.values),
      lookback,
    );
    const quantileCount = FORECAST_QUANTILES.length;
    const output = tf.tidy(() => {
      const x = tf.tensor2d(inputs, [series.length, lookback]);
      return (model.predict(x) as tf.Tensor2D).dataSync();
    });

    return series.map(({ id }, row) => {
      const scale = scales[row];
      if (scale === undefined) throw new Error('WindowedMlpForecaster: missing window scale');
      const p10: number[] = [];
      const p50: number[] = [];
      const p90: number[] = [];
      for (let h = 0; h < this.horizon; h += 1) {
        const offset = (row * this.horizon + h) * quantileCount;
        // Quantile heads can cross; sorting restores p10 <= p50 <= p90.
        const step = Array.from(output.subarray(offset, offset + quantileCount), (value) =>
          unstandardize(value, scale),
        ).sort((a, b) => a - b);
        p10.push(step[0] as number);
        p50.push(step[1] as number);
        p90.push(step[2] as number);
      }
      return { id, p10, p50, p90 };
    });
  }

  dispose(): void {
    this.model?.dispose();
    this.model = null;
    this.fittedLookback = null;
    this.disposed = true;
  }
}
