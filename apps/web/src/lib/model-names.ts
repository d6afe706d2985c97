/**
 * What the pages call each model. Trainers store candidate identifiers (`ets`, `seasonal_naive`);
 * people read these names instead. Newer models also store a human name themselves, which wins.
 */
export const MODEL_NAMES: Record<string, string> = {
  seasonal_naive: 'Seasonal naive',
  drift: 'Straight-line drift',
  log_linear: 'Compound growth',
  ets: 'Exponential smoothing',
  neural: 'Neural network',
  ensemble: 'Ensemble',
  mlp: 'Neural network (tabular MLP)',
  logistic: 'Logistic regression',
  gbdt: 'Gradient-boosted trees',
  popularity: 'Most popular',
  item_knn: 'Item-kNN (co-usage)',
  rp3beta: 'Random-walk graph (RP3β)',
  ease: 'Item-to-item regression (EASE)',
  ials: 'Implicit matrix factorisation (ALS)',
  mf: 'Neural matrix factorisation',
};

/** Seasonal naive with a season of one period is carrying the last value forward. */
const NO_GROWTH = 'Last value (no growth)';

const looksLikeIdentifier = (s: string) => /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/.test(s);

/**
 * The human name of a model: "Last value (no growth)" for a one-period season, else the stored
 * label when it is one (not the identifier again), else the name above, else the identifier with
 * its underscores turned into spaces.
 */
export function modelName(
  id: string,
  options: { label?: string | null; seasonality?: number | null } = {},
): string {
  const { label, seasonality } = options;
  if (id === 'seasonal_naive' && seasonality === 1) return NO_GROWTH;
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
