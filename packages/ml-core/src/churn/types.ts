/** Public types of the churn task (labelled-table mode and event-log mode share one classifier). */

/**
 * A table in column-major form: the values as the upload typed them (numbers, booleans, text) or
 * raw CSV text; `null`, `''` and the usual "n/a" spellings mean missing. Typed values are used as
 * they are; only text is parsed.
 */
export interface ChurnTable {
  columns: { name: string; values: (string | number | boolean | null)[] }[];
}

export interface ChurnProgress {
  /** e.g. `features`, `fit:logistic`, `fit:mlp`, `calibrate`, `explain`, `score`, `done`. */
  phase: string;
  epoch?: number;
  epochs?: number;
  /** Mean class-weighted training log-loss of the epoch. */
  loss?: number;
  /** Class-weighted validation log-loss of the epoch. */
  valLoss?: number;
}

export type ChurnProgressListener = (progress: ChurnProgress) => void;

export interface ChurnTableOptions {
  /** Excluded from the features; the id of each score. */
  idColumn: string;
  /**
   * Binary label: yes/no, true/false, 1/0, y/n, t/f, churned/active, churn/retained, left/stayed,
   * cancelled/active, exited/… (see `POSITIVE_LABELS`/`NEGATIVE_LABELS`), case-insensitive. Any other
   * two-valued column works with `positiveLabel`. Rows with a missing label are not trained on.
   */
  labelColumn: string;
  /** The label value that counts as positive (churn) when the column is not a known yes/no pair. */
  positiveLabel?: string;
  /** Seed of splits, shuffles and weight initialisation. Default 42. */
  seed?: number;
  /** Maximum MLP epochs (early stopping usually ends sooner). Default 100. */
  epochs?: number;
  onProgress?: ChurnProgressListener;
  /**
   * Cancels the run: training stops at the next epoch (or phase) boundary, every tensor is freed,
   * and the promise rejects with `signal.reason` (a DOMException named `AbortError` when
   * `abort()` is called without a reason).
   */
  signal?: AbortSignal;
  /** Adds `candidateScores` (each candidate's calibrated scores, same order as `scores`) to the result. */
  includeCandidateScores?: boolean;
}

/** An event log: parallel arrays, one entry per event. */
export interface ChurnEvents {
  userIds: string[];
  /** Epoch milliseconds. */
  times: number[];
  eventNames?: (string | null)[];
  values?: (number | null)[];
  items?: (string | null)[];
}

/**
 * An event log already grouped by user and in time order within each user, in typed columns
 * (about 30 bytes an event): what an events engine streams (`CodedEventLog` of @foresight/events
 * has this shape). `churnFromEvents` indexes it without sorting or re-encoding: the user of event
 * i is found through `offsets`, names and items through their dictionaries.
 */
export interface CodedEventLog {
  users: string[];
  /** Events of user u are positions offsets[u] .. offsets[u+1]−1, in time order. */
  offsets: Int32Array;
  /** Epoch milliseconds. */
  times: Float64Array;
  names: string[];
  /** Index into `names`, −1 when missing. */
  nameCodes: Int32Array;
  /** NaN when missing; null when the log has no value column at all. */
  values: Float64Array | null;
  items: string[];
  /** Index into `items`, −1 when missing; null when the log has no item column at all. */
  itemCodes: Int32Array | null;
}

export interface ChurnEventsOptions {
  /** Churn = no activity in the next `windowDays` days after a cutoff. Default 30. */
  windowDays?: number;
  /** Default 42. */
  seed?: number;
  /** Maximum MLP epochs. Default 100. */
  epochs?: number;
  onProgress?: ChurnProgressListener;
  /**
   * Cancels the run: training stops at the next epoch (or phase) boundary, every tensor is freed,
   * and the promise rejects with `signal.reason` (a DOMException named `AbortError` when
   * `abort()` is called without a reason).
   */
  signal?: AbortSignal;
  /** Training rows (users × cutoffs) used at most; a seeded sample beyond (default 150,000). */
  maxTrainRows?: number;
  /** Validation rows used at most; a seeded sample beyond (default 60,000). */
  maxValidationRows?: number;
  /** Labelled cutoffs used at most (the latest validates, the others train). Default 7. */
  maxCutoffs?: number;
  includeCandidateScores?: boolean;
}

/**
 * The candidates, simplest first: logistic regression, gradient-boosted trees, the tabular MLP,
 * and the ensemble (mean calibrated log-odds of the two best of the others).
 */
export type ChurnModelName = 'logistic' | 'gbdt' | 'mlp' | 'ensemble';

export type ChurnFeatureType = 'numeric' | 'categorical' | 'boolean' | 'date' | 'derived';

export interface ChurnDriver {
  feature: string;
  /**
   * Change in the model's log-odds of churn when this feature is moved from the training average
   * to this user's value (occlusion); positive = pushes risk up.
   */
  contribution: number;
  /** This customer's raw value of the feature (a number in its unit, or a category); null = missing. */
  value: number | string | null;
  /** The typical value: median of the training rows, or the most common category. */
  typical: number | string | null;
  /** The driver in words, e.g. "no activity for 41 days (typical 6)". */
  text: string;
}

export interface ChurnScore {
  id: string;
  /** Calibrated P(churn). */
  score: number;
  /** Up to 5 features pushing this score up most (positive contributions only), largest first. */
  drivers: ChurnDriver[];
}

export interface ChurnCandidateReport {
  name: ChurnModelName;
  /** Validation ROC-AUC and its Hanley–McNeil standard error. */
  rocAuc: number;
  rocAucSe: number;
  /** Validation average precision (area under the precision–recall curve). */
  prAuc: number;
  /** Validation log-loss of the calibrated output (calibrator cross-fitted on validation folds). */
  logLoss: number;
  /** Validation log-loss of the raw model output. */
  logLossUncalibrated?: number;
  /** `none`, `platt` or `isotonic`: the calibration chosen by cross-fitted validation log-loss. */
  calibration?: string;
  fitMs: number;
  /** MLP: epochs run and the epoch whose weights were kept. Logistic: the L2 strength chosen. */
  epochs?: number;
  bestEpoch?: number;
  l2?: number;
  /** Gradient-boosted trees: rounds run, rounds kept (early stopping), leaves and rate chosen. */
  rounds?: number;
  bestRound?: number;
  maxLeaves?: number;
  learningRate?: number;
  /** Ensemble: the candidates averaged. */
  members?: ChurnModelName[];
  /**
   * Paired (DeLong) validation ROC-AUC difference of this candidate minus the simpler model it
   * was compared with during selection, with its standard error; absent for the first.
   */
  versus?: { name: ChurnModelName; difference: number; se: number };
}

export interface ChurnCalibrationBin {
  bin: number;
  /** Mean calibrated prediction of the bin. */
  predicted: number;
  /** Observed churn rate of the bin. */
  observed: number;
  count: number;
}

export interface ChurnReport {
  mode: 'table' | 'events';
  chosen: ChurnModelName;
  /** How `chosen` was picked. */
  selection: string;
  candidates: ChurnCandidateReport[];
  /** Of the chosen model on validation (cross-fitted calibrated scores), 10 equal-width bins, empty ones left out. */
  calibration: ChurnCalibrationBin[];
  /** F1-optimal threshold on the chosen model's calibrated validation scores. */
  threshold: { value: number; precision: number; recall: number; f1: number };
  /** Permutation importance on validation (drop in ROC-AUC of the chosen model), desc. */
  importance: { feature: string; importance: number }[];
  features: { name: string; type: ChurnFeatureType }[];
  /** Width of the encoded input matrix (one-hot levels, missing indicators, target encodings). */
  encodedWidth: number;
  /** Input columns not used as features, and why (id, label, constant, empty, id-like). */
  excluded: { name: string; reason: string }[];
  rows: { train: number; validation: number; scored: number };
  /** Positive rate of the labelled rows (train + validation). */
  positiveRate: number;
  /** Table mode: the label column and the values read as positive / negative. */
  label?: { column: string; positive: string[]; negative: string[] };
  /** Events mode: the final scoring cutoff (ISO) and the label window. */
  cutoff?: string;
  windowDays?: number;
  /** Events mode: the labelled cutoffs (ISO), oldest first; the last is the validation cutoff. */
  labelledCutoffs?: string[];
  backend: string;
  timings: { totalMs: number; featuresMs: number; explainMs: number };
}

export interface ChurnResult {
  /** Sorted by score desc. */
  scores: ChurnScore[];
  report: ChurnReport;
  /** Only with `includeCandidateScores`: each candidate's calibrated score, aligned with `scores`. */
  candidateScores?: Record<ChurnModelName, number[]>;
}
