import { quantile } from '../common/quantiles';
import { etsVarianceMultipliers, fitEts, type EtsFit } from './ets';
import type {
  FitSummary,
  Forecaster,
  ForecasterConfig,
  ForecastSeries,
  SeriesForecast,
} from './types';
import { assertMinimumLength, validateForecastConfig, validateSeries } from './validate-input';

/** Points ETS needs: enough to estimate a level and a slope. */
export const ETS_MINIMUM_LENGTH = 4;

/**
 * ETS forecast of one series with a p10/p90 band: the 10%/90% quantiles of the in-sample one-step
 * residuals (after a warm-up of one season), widened per step by the model's variance multiplier.
 */
export function etsForecast(
  values: readonly number[],
  horizon: number,
  seasonality: number,
): Omit<SeriesForecast, 'id'> & { fit: EtsFit } {
  const fit = fitEts(values, { seasonality });
  const p50 = fit.forecast(horizon);
  const warmUp = Math.min(Math.max(seasonality, 2), Math.floor(values.length / 3));
  const residuals: number[] = [];
  for (let t = warmUp; t < values.length; t += 1) {
    const f = fit.fitted[t] as number;
    if (Number.isFinite(f)) residuals.push((values[t] as number) - f);
  }
  const lo = residuals.length > 0 ? Math.min(quantile(residuals, 0.1), 0) : 0;
  const hi = residuals.length > 0 ? Math.max(quantile(residuals, 0.9), 0) : 0;
  const multipliers = etsVarianceMultipliers(fit.params, seasonality, horizon);
  const p10 = p50.map((p, h) => p + lo * Math.sqrt(multipliers[h] as number));
  const p90 = p50.map((p, h) => p + hi * Math.sqrt(multipliers[h] as number));
  return { p10, p50, p90, fit };
}

/** Exponential smoothing (own Holt–Winters/ETS implementation) as a Forecaster; one model per series. */
export class EtsForecaster implements Forecaster {
  readonly kind = 'ets' as const;
  readonly horizon: number;
  readonly seasonality: number;

  constructor(config: ForecasterConfig) {
    this.seasonality = validateForecastConfig(config);
    this.horizon = config.horizon;
  }

  minimumFitLength(): number {
    return ETS_MINIMUM_LENGTH;
  }

  private check(series: readonly ForecastSeries[]): void {
    validateSeries(series);
    assertMinimumLength(series, this.minimumFitLength(), 'exponential smoothing');
  }

  /** Each series gets its own model, fitted in `predict`; `fit` only validates. */
  async fit(series: ForecastSeries[]): Promise<FitSummary> {
    this.check(series);
    return { epochs: 0, bestEpoch: 0, bestValLoss: null, trainWindows: 0, valWindows: 0 };
  }

  async predict(series: ForecastSeries[]): Promise<SeriesForecast[]> {
    this.check(series);
    return series.map(({ id, values }) => {
      const { p10, p50, p90 } = etsForecast(values, this.horizon, this.seasonality);
      return { id, p10, p50, p90 };
    });
  }

  dispose(): void {
    // Holds no tensors.
  }
}
