import type { EtsParamsReport } from '@foresight/ml-core';

/** The leaderboard's candidates as a founder reads them. */
export const CANDIDATE_LABELS: Record<string, string> = {
  seasonal_naive: 'Seasonal naive (same as last season)',
  drift: 'Straight-line trend (drift)',
  log_linear: 'Compound growth trend',
  ets: 'Exponential smoothing (ETS)',
  neural: 'Neural network (windowed MLP)',
  ensemble: 'Ensemble (trend models + neural)',
};

/** "No growth" is what seasonal naive means on data without a season. */
export function candidateLabel(name: string, seasonality: number): string {
  if (name === 'seasonal_naive' && seasonality <= 1) return 'Last value (no growth)';
  return CANDIDATE_LABELS[name] ?? name;
}

/** ETS named by the form it chose, e.g. "Exponential smoothing with damped compound growth". */
export function etsLabel(params: EtsParamsReport): string {
  const compound = params.error === 'multiplicative';
  const trend =
    params.phi !== null
      ? compound
        ? 'damped compound growth'
        : 'damped trend'
      : params.beta !== null
        ? compound
          ? 'compound growth'
          : 'linear trend'
        : 'no trend';
  const season = params.seasonal === 'none' ? '' : ` and a ${params.seasonal} yearly season`;
  return `Exponential smoothing with ${trend}${season}`;
}

/** The chosen model of one series in words: ETS by its fitted form, the rest by their label. */
export function chosenModelLabel(
  chosen: string,
  seasonality: number,
  ets: EtsParamsReport,
): string {
  return chosen === 'ets' ? etsLabel(ets) : candidateLabel(chosen, seasonality);
}
