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

/** The recommenders as a founder reads them (stored as each candidate's `label`). */
export const RECOMMENDER_LABELS: Record<string, string> = {
  popularity: 'Most popular',
  item_knn: 'Item-kNN (co-usage)',
  rp3beta: 'Random-walk graph (RP3β)',
  ease: 'Item-to-item regression (EASE)',
  ials: 'Implicit matrix factorisation (ALS)',
  mf: 'Neural matrix factorisation',
};

const RECOMMENDER_SHORT: Record<string, string> = {
  popularity: 'popularity',
  item_knn: 'item-kNN',
  rp3beta: 'RP3β',
  ease: 'EASE',
  ials: 'ALS',
  mf: 'neural MF',
};

/**
 * A recommender's human name; the blend names what it mixes, e.g. "Blend (EASE + ALS)"; an
 * unknown one keeps its identifier.
 */
export function recommenderLabel(name: string, components?: readonly string[]): string {
  if (name === 'ensemble') {
    const parts = (components ?? []).map((c) => RECOMMENDER_SHORT[c] ?? c);
    return parts.length > 0 ? `Blend (${parts.join(' + ')})` : 'Blend of two models';
  }
  return RECOMMENDER_LABELS[name] ?? name;
}

/** The churn leaderboard's candidates as a founder reads them. */
export const CHURN_CANDIDATE_LABELS: Record<string, string> = {
  logistic: 'Logistic regression',
  gbdt: 'Gradient-boosted trees',
  mlp: 'Neural network (tabular MLP)',
  ensemble: 'Ensemble',
};

/** A churn candidate's label; the ensemble names what it averages, e.g. "Ensemble (gradient-boosted trees + neural network)". */
export function churnCandidateLabel(candidate: {
  name: string;
  members?: readonly string[];
}): string {
  const label = CHURN_CANDIDATE_LABELS[candidate.name] ?? candidate.name;
  if (candidate.name !== 'ensemble' || !candidate.members?.length) return label;
  const members = candidate.members.map((m) =>
    m === 'mlp' ? 'neural network' : (CHURN_CANDIDATE_LABELS[m] ?? m).toLowerCase(),
  );
  return `${label} (${members.join(' + ')})`;
}

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
