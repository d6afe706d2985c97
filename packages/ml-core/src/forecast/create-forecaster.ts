import { EtsForecaster } from './ets-forecaster';
import { SeasonalNaiveForecaster } from './seasonal-naive';
import type { Forecaster, ForecasterConfig, ForecasterKind, WindowedMlpConfig } from './types';
import { WindowedMlpForecaster } from './windowed-mlp';

/** Configuration each forecaster kind accepts. */
export interface ForecasterConfigs {
  neural: WindowedMlpConfig;
  seasonal_naive: ForecasterConfig;
  ets: ForecasterConfig;
}

/**
 * Creates a forecaster, e.g. `createForecaster(SupportedForecasters.Neural, { horizon: 12,
 * seasonality: 12 })`. Call `dispose()` when done.
 */
export function createForecaster<K extends ForecasterKind>(
  kind: K,
  config: ForecasterConfigs[K],
): Forecaster {
  switch (kind) {
    case 'neural':
      return new WindowedMlpForecaster(config as WindowedMlpConfig);
    case 'seasonal_naive':
      return new SeasonalNaiveForecaster(config);
    case 'ets':
      return new EtsForecaster(config);
    default:
      throw new Error(`Unknown forecaster kind: ${String(kind)}`);
  }
}
