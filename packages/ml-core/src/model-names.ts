/**
 * The names a founder reads for every model and candidate, in one place: the trainer stores them
 * as each candidate's `label`, the selection sentences (recommend, churn) use their in-sentence
 * forms, and the web falls back to them for models stored without a label. Pure data and string
 * functions, no TensorFlow.js: importable from client components
 * (`@foresight/ml-core/model-names`). Only types are imported.
 */
import type { ChurnModelName } from './churn/types';
import type { CandidateName, EtsParamsReport } from './forecast/types';
import type { RecommenderName } from './recommend/types';

/** Forecast (and the risk task's revenue/expense forecasters) candidates. */
export const FORECAST_CANDIDATE_NAMES: Record<CandidateName, string> = {
  seasonal_naive: 'Seasonal naive (same as last season)',
  drift: 'Straight-line trend (drift)',
  log_linear: 'Compound growth trend',
  ets: 'Exponential smoothing (ETS)',
  neural: 'Neural network (windowed MLP)',
  ensemble: 'Ensemble (trend models + neural)',
};

/** What seasonal naive is on data without a season: carrying the last value forward. */
export const NO_GROWTH_NAME = 'Last value (no growth)';

/**
 * A forecast candidate's name; seasonal naive is "Last value (no growth)" when the season is one
 * period (or none). An unknown candidate keeps its identifier.
 */
export function forecastCandidateName(name: string, seasonality?: number | null): string {
  if (name === 'seasonal_naive' && seasonality != null && seasonality <= 1) return NO_GROWTH_NAME;
  return (FORECAST_CANDIDATE_NAMES as Record<string, string>)[name] ?? name;
}

/** ETS named by the form it chose, e.g. "Exponential smoothing with damped compound growth". */
export function etsName(params: EtsParamsReport): string {
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

/** The chosen forecaster of one series in words: ETS by its fitted form, the rest by their name. */
export function chosenForecasterName(
  chosen: string,
  seasonality: number,
  ets: EtsParamsReport,
): string {
  return chosen === 'ets' ? etsName(ets) : forecastCandidateName(chosen, seasonality);
}

/** Churn candidates, as the leaderboard names them. */
export const CHURN_CANDIDATE_NAMES: Record<ChurnModelName, string> = {
  logistic: 'Logistic regression',
  gbdt: 'Gradient-boosted trees',
  mlp: 'Neural network (tabular MLP)',
  ensemble: 'Ensemble (average of the two best models)',
};

/** Churn candidates inside a sentence ("Chose the neural network."). */
export const CHURN_SPOKEN_NAMES: Record<ChurnModelName, string> = {
  logistic: 'logistic regression',
  gbdt: 'gradient-boosted trees',
  mlp: 'the neural network',
  ensemble: 'the ensemble',
};

/**
 * A churn candidate's name; the ensemble names what it averages, e.g. "Ensemble (gradient-boosted
 * trees + neural network)". An unknown one keeps its identifier.
 */
export function churnCandidateName(candidate: {
  name: string;
  members?: readonly string[];
}): string {
  const names = CHURN_CANDIDATE_NAMES as Record<string, string>;
  const spoken = CHURN_SPOKEN_NAMES as Record<string, string>;
  if (candidate.name !== 'ensemble' || !candidate.members?.length) {
    return names[candidate.name] ?? candidate.name;
  }
  const members = candidate.members.map((m) => (spoken[m] ?? m).replace(/^the /, ''));
  return `Ensemble (${members.join(' + ')})`;
}

/** Recommenders, as the leaderboard names them. */
export const RECOMMENDER_NAMES: Record<RecommenderName, string> = {
  popularity: 'Most popular',
  item_knn: 'Item-kNN (co-usage)',
  rp3beta: 'Random-walk graph (RP3β)',
  ease: 'Item-to-item regression (EASE)',
  ials: 'Implicit matrix factorisation (ALS)',
  mf: 'Neural matrix factorisation',
  ensemble: 'Blend of two models',
};

/**
 * Recommenders inside a sentence or a blend's name: the short name each leaderboard name carries
 * ("EASE" in "Item-to-item regression (EASE)").
 */
export const RECOMMENDER_SHORT_NAMES: Record<RecommenderName, string> = {
  popularity: 'popularity',
  item_knn: 'item-kNN',
  rp3beta: 'RP3β',
  ease: 'EASE',
  ials: 'ALS',
  mf: 'neural MF',
  ensemble: 'the blend',
};

/**
 * A recommender's name; the blend names what it mixes, e.g. "Blend (EASE + ALS)". An unknown one
 * keeps its identifier.
 */
export function recommenderName(name: string, components?: readonly string[]): string {
  const short = RECOMMENDER_SHORT_NAMES as Record<string, string>;
  if (name === 'ensemble' && components?.length) {
    return `Blend (${components.map((c) => short[c] ?? c).join(' + ')})`;
  }
  return (RECOMMENDER_NAMES as Record<string, string>)[name] ?? name;
}

/**
 * Any task's model by its identifier, for a caller that does not know the task (older stored
 * models carry no label). `ensemble` means a different mix in each task, so it is named plainly.
 */
export const MODEL_NAMES: Record<string, string> = {
  ...FORECAST_CANDIDATE_NAMES,
  ...CHURN_CANDIDATE_NAMES,
  ...RECOMMENDER_NAMES,
  ensemble: 'Ensemble',
};
