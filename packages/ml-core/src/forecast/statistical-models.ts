import { driftForecast } from './drift';
import { etsForecast } from './ets-forecaster';
import { logLinearForecast } from './log-linear';
import { seasonalNaiveForecast } from './seasonal-naive';
import type {
  FitSummary,
  Forecaster,
  ForecasterConfig,
  ForecastSeries,
  SeriesForecast,
} from './types';
import { assertMinimumLength, validateForecastConfig, validateSeries } from './validate-input';

export type Band = Omit<SeriesForecast, 'id'>;

/** Models fitted per series in closed form or by a small optimiser: no tensors. */
export type StatisticalKind = 'seasonal_naive' | 'drift' | 'log_linear' | 'ets';

interface StatisticalModel {
  /** What `minimumLength` is for, in an error message. */
  description: string;
  /** Points one series needs for season length m. */
  minimumLength(seasonality: number): number;
  forecast(values: readonly number[], horizon: number, seasonality: number): Band;
}

/** Points ETS needs: enough to estimate a level and a slope. */
import { ETS_MINIMUM_LENGTH } from '../requirements';

export { ETS_MINIMUM_LENGTH };

/** The statistical candidates, simplest first (the order ties are broken in). */
export const STATISTICAL_MODELS: Readonly<Record<StatisticalKind, StatisticalModel>> = {
  seasonal_naive: {
    description: 'the seasonal naive forecast',
    minimumLength: (m) => m + 2,
    forecast: seasonalNaiveForecast,
  },
  drift: {
    description: 'the drift forecast',
    minimumLength: (m) => m + 2,
    forecast: driftForecast,
  },
  log_linear: {
    description: 'the compound-growth (log-linear) trend',
    minimumLength: () => 4,
    forecast: (values, horizon, m) => {
      const { p10, p50, p90 } = logLinearForecast(values, horizon, m);
      return { p10, p50, p90 };
    },
  },
  ets: {
    description: 'exponential smoothing',
    minimumLength: () => ETS_MINIMUM_LENGTH,
    forecast: (values, horizon, m) => {
      const { p10, p50, p90 } = etsForecast(values, horizon, m);
      return { p10, p50, p90 };
    },
  },
};

/**
 * One of the statistical models as a Forecaster (tfjs-models style). Each series gets its own
 * model, fitted in `predict`; `fit` only validates. Holds no tensors.
 */
export class StatisticalForecaster implements Forecaster {
  readonly kind: StatisticalKind;
  readonly horizon: number;
  readonly seasonality: number;
  private readonly model: StatisticalModel;

  constructor(kind: StatisticalKind, config: ForecasterConfig) {
    this.kind = kind;
    this.model = STATISTICAL_MODELS[kind];
    this.seasonality = validateForecastConfig(config);
    this.horizon = config.horizon;
  }

  minimumFitLength(): number {
    return this.model.minimumLength(this.seasonality);
  }

  private check(series: readonly ForecastSeries[]): void {
    validateSeries(series);
    const why = `${this.model.description} with seasonality ${this.seasonality}`;
    assertMinimumLength(series, this.minimumFitLength(), why);
  }

  async fit(series: ForecastSeries[]): Promise<FitSummary> {
    this.check(series);
    return { epochs: 0, bestEpoch: 0, bestValLoss: null, trainWindows: 0, valWindows: 0 };
  }

  async predict(series: ForecastSeries[]): Promise<SeriesForecast[]> {
    this.check(series);
    return series.map(({ id, values }) => ({
      id,
      ...this.model.forecast(values, this.horizon, this.seasonality),
    }));
  }

  dispose(): void {
    // Holds no tensors.
  }
}
