import * as tf from '@tensorflow/tfjs';
import { createRandom, type Random } from '../common/random';
import { unstandardize } from '../common/scaling';
import { buildWindowedMlp } from './build-windowed-mlp';
import { ForecastInputError } from './errors';
import { FORECAST_QUANTILES } from './quantile-loss';
import { trainQuantileModel, type TrainingConfig } from './train-quantile-model';
import type {
  FitOptions,
  FitSummary,
  Forecaster,
  ForecastProgress,
  ForecastSeries,
  SeriesForecast,
  WindowedMlpConfig,
} from './types';
import { assertMinimumLength, validateForecastConfig, validateSeries } from './validate-input';
import {
  buildInputWindows,
  buildTrainingWindows,
  chooseLookback,
  type CalendarOptions,
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
  maxWindowsPerSeries: 1000,
  members: 3,
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
  private readonly maxWindowsPerSeries: number;
  private readonly calendarFeatures: boolean;
  private models: tf.LayersModel[] = [];
  private readonly members: number;
  private fittedLookback: number | null = null;
  private disposed = false;
  /** The fit's seeded generator, continued by `refine`. */
  private random: Random | null = null;

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
    this.maxWindowsPerSeries = positiveInteger(
      'maxWindowsPerSeries',
      config.maxWindowsPerSeries ?? DEFAULTS.maxWindowsPerSeries,
    );
    this.calendarFeatures = config.calendarFeatures ?? true;
    this.members = positiveInteger('members', config.members ?? DEFAULTS.members);
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
      { ...this.calendar(series), maxOriginsPerSeries: this.maxWindowsPerSeries },
    );
    const random = createRandom(this.seed);
    for (const model of this.models) model.dispose();
    this.models = [];
    this.fittedLookback = null;
    const trained: tf.LayersModel[] = [];
    let summary: FitSummary | null = null;
    try {
      // Members differ only by their seeded initialisation and shuffling; their outputs are
      // averaged, which steadies a small global model (N-BEATS ensembles for the same reason).
      for (let member = 0; member < this.members; member += 1) {
        const model = buildWindowedMlp(
          {
            inputSize: windows.inputSize,
            horizon: this.horizon,
            quantiles: FORECAST_QUANTILES.length,
            hiddenUnits: this.hiddenUnits,
          },
          random,
        );
        trained.push(model);
        const onProgress = options.onProgress;
        const result = await trainQuantileModel(model, windows, this.training, random, {
          ...options,
          ...(onProgress
            ? {
                onProgress: (p: ForecastProgress) =>
                  onProgress({ ...p, member: member + 1, members: this.members }),
              }
            : {}),
        });
        summary =
          summary === null
            ? result
            : {
                ...result,
                epochs: summary.epochs + result.epochs,
                bestValLoss:
                  result.bestValLoss === null || summary.bestValLoss === null
                    ? null
                    : Math.min(summary.bestValLoss, result.bestValLoss),
              };
      }
    } catch (error) {
      for (const model of trained) model.dispose();
      throw error;
    }
    this.models = trained;
    this.fittedLookback = lookback;
    this.random = random;
    return summary as FitSummary;
  }

  /** Calendar feature settings: season phase of each series' first value. */
  private calendar(series: readonly ForecastSeries[]): CalendarOptions {
    if (!this.calendarFeatures) return { seasonality: 1 };
    return {
      seasonality: this.seasonality,
      phases: series.map((entry) => entry.seasonPhase ?? 0),
    };
  }

  /**
   * Continues training the fitted networks on `series` (e.g. all data after a fit on the data
   * before a backtest origin) for at most `epochs` epochs, with the same lookback, early stopping
   * on the last windows of each series and the best epoch's weights kept. Much cheaper than a
   * fresh fit and still deterministic under the seed.
   */
  async refine(
    series: ForecastSeries[],
    epochs: number,
    options: FitOptions = {},
  ): Promise<FitSummary> {
    this.assertUsable();
    const lookback = this.fittedLookback;
    const random = this.random;
    if (this.models.length === 0 || lookback === null || random === null) {
      throw new Error('WindowedMlpForecaster: call fit() before refine()');
    }
    validateSeries(series);
    assertMinimumLength(
      series,
      minimumTrainingLength(lookback, this.horizon),
      `refining the neural forecaster (lookback ${lookback}, horizon ${this.horizon})`,
    );
    const windows = buildTrainingWindows(
      series.map((entry) => entry.values),
      lookback,
      this.horizon,
      { ...this.calendar(series), maxOriginsPerSeries: this.maxWindowsPerSeries },
    );
    const config = { ...this.training, epochs: positiveInteger('epochs', epochs) };
    let summary: FitSummary | null = null;
    for (const [member, model] of this.models.entries()) {
      const onProgress = options.onProgress;
      const result = await trainQuantileModel(model, windows, config, random, {
        ...options,
        ...(onProgress
          ? {
              onProgress: (p: ForecastProgress) =>
                onProgress({ ...p, member: member + 1, members: this.models.length }),
            }
          : {}),
      });
      summary = summary === null ? result : { ...result, epochs: summary.epochs + result.epochs };
    }
    return summary as FitSummary;
  }

  async predict(series: ForecastSeries[]): Promise<SeriesForecast[]> {
    this.assertUsable();
    const models = this.models;
    const lookback = this.fittedLookback;
    if (models.length === 0 || lookback === null) {
      throw new Error('WindowedMlpForecaster: call fit() before predict()');
    }
    validateSeries(series);
    assertMinimumLength(series, lookback, `the fitted neural forecaster's input window`);

    const { inputs, scales } = buildInputWindows(
      series.map((entry) => entry.values),
      lookback,
      this.calendar(series),
    );
    const quantileCount = FORECAST_QUANTILES.length;
    const inputSize = inputs.length / series.length;
    const output = tf.tidy(() => {
      const x = tf.tensor2d(inputs, [series.length, inputSize]);
      const outputs = models.map((model) => model.predict(x) as tf.Tensor2D);
      return (outputs.length === 1 ? outputs[0]! : tf.addN(outputs).div(outputs.length)).dataSync();
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
    for (const model of this.models) model.dispose();
    this.models = [];
    this.fittedLookback = null;
    this.random = null;
    this.disposed = true;
  }
}
