import { StatisticalForecaster } from './statistical-models';
import type { Forecaster, ForecasterConfig, ForecasterKind, WindowedMlpConfig } from './types';
import { WindowedMlpForecaster } from './windowed-mlp';

/** Configuration each forecaster kind accepts. */
export interface ForecasterConfigs {
  neural: WindowedMlpConfig;
  seasonal_naive: ForecasterConfig;
  drift: ForecasterConfig;
  log_linear: ForecasterConfig;
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
    case 'drift':
    case 'log_linear':
    case 'ets':
      return new StatisticalForecaster(kind, config);
    default:
      throw new Error(`Unknown forecaster kind: ${String(kind)}`);
  }
}
