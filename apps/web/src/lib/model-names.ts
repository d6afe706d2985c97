/**
 * What the pages call each model. Trainers store candidate identifiers (`ets`, `seasonal_naive`)
 * and, for newer models, a human label, which wins; the names themselves live in
 * `@foresight/ml-core/model-names`, shared with the trainer.
 */
import { forecastCandidateName, MODEL_NAMES, NO_GROWTH_NAME } from '@foresight/ml-core/model-names';

const looksLikeIdentifier = (s: string) => /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/.test(s);

/**
 * The human name of a model: "Last value (no growth)" for a one-period season, else the stored
 * label when it is one (not the identifier again), else the shared name, else the identifier
 * with its underscores turned into spaces.
 */
export function modelName(
  id: string,
  options: { label?: string | null; seasonality?: number | null } = {},
): string {
  const { label, seasonality } = options;
  if (forecastCandidateName(id, seasonality) === NO_GROWTH_NAME) return NO_GROWTH_NAME;
  if (label && label !== id && !looksLikeIdentifier(label)) return label;
  const known = MODEL_NAMES[id];
  if (known) return known;
  const words = id.replace(/_/g, ' ');
  return looksLikeIdentifier(id) ? words.charAt(0).toUpperCase() + words.slice(1) : id;
}

/**
 * "Revenue", "Expenses", "Cost: payroll": a financial series as a heading says it (cost lines
 * are stored as `expense:<column>`).
 */
export function seriesName(series: string): string {
  if (series.startsWith('expense:')) return `Cost: ${series.slice('expense:'.length)}`;
  return series.charAt(0).toUpperCase() + series.slice(1).replace(/_/g, ' ');
}
