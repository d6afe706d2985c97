/** Binary classification metrics over plain arrays: labels are 0/1, scores any real numbers. */

type Values = ArrayLike<number>;

function checkInputs(name: string, labels: Values, scores: Values): number {
  if (labels.length !== scores.length) {
    throw new RangeError(`${name}: ${labels.length} labels but ${scores.length} scores`);
  }
  if (labels.length === 0) throw new RangeError(`${name}: inputs must not be empty`);
  return labels.length;
}

function countPositives(labels: Values): number {
  let positives = 0;
  for (let i = 0; i < labels.length; i += 1) if ((labels[i] as number) > 0.5) positives += 1;
  return positives;
}

/** Indices sorted by score, descending (stable). */
function orderByScoreDesc(scores: Values): number[] {
  const order = Array.from({ length: scores.length }, (_, i) => i);
  order.sort((a, b) => (scores[b] as number) - (scores[a] as number) || a - b);
  return order;
}

/**
 * Area under the ROC curve (Mann–Whitney, ties count one half). NaN when one class is absent.
 */
export function rocAuc(labels: Values, scores: Values): number {
  const n = checkInputs('rocAuc', labels, scores);
  const positives = countPositives(labels);
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  const order = Array.from({ length: n }, (_, i) => i);
  order.sort((a, b) => (scores[a] as number) - (scores[b] as number));
  let rankSumPositives = 0;
  for (let start = 0; start < n;) {
    let end = start;
    const value = scores[order[start] as number] as number;
    while (end + 1 < n && scores[order[end + 1] as number] === value) end += 1;
    const midRank = (start + end) / 2 + 1;
    for (let k = start; k <= end; k += 1) {
      if ((labels[order[k] as number] as number) > 0.5) rankSumPositives += midRank;
    }
    start = end + 1;
  }
  return (rankSumPositives - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** Hanley & McNeil (1982) standard error of a ROC-AUC estimate. */
export function rocAucStandardError(auc: number, positives: number, negatives: number): number {
  if (!Number.isFinite(auc) || positives === 0 || negatives === 0) return Number.NaN;
  const q1 = auc / (2 - auc);
  const q2 = (2 * auc * auc) / (1 + auc);
  const variance =
    (auc * (1 - auc) + (positives - 1) * (q1 - auc * auc) + (negatives - 1) * (q2 - auc * auc)) /
    (positives * negatives);
  return Math.sqrt(Math.max(variance, 0));
}

/**
 * Average precision: the area under the precision–recall curve as a step function (tied scores
 * enter together). Equals the positive rate for a random ranking. NaN without positives.
 */
export function averagePrecision(labels: Values, scores: Values): number {
  const n = checkInputs('averagePrecision', labels, scores);
  const positives = countPositives(labels);
  if (positives === 0) return Number.NaN;
  const order = orderByScoreDesc(scores);
  let truePositives = 0;
  let sum = 0;
  for (let start = 0; start < n;) {
    let end = start;
    const value = scores[order[start] as number] as number;
    while (end + 1 < n && scores[order[end + 1] as number] === value) end += 1;
    let newPositives = 0;
    for (let k = start; k <= end; k += 1) {
      if ((labels[order[k] as number] as number) > 0.5) newPositives += 1;
    }
    truePositives += newPositives;
    sum += (newPositives / positives) * (truePositives / (end + 1));
    start = end + 1;
  }
  return sum;
}

const EPSILON = 1e-7;

/** Mean binary cross-entropy of probabilities (clipped to [1e-7, 1 − 1e-7]). */
export function logLoss(labels: Values, probabilities: Values): number {
  const n = checkInputs('logLoss', labels, probabilities);
  let sum = 0;
  for (let i = 0; i < n; i += 1) {
    const p = Math.min(Math.max(probabilities[i] as number, EPSILON), 1 - EPSILON);
    sum -= (labels[i] as number) > 0.5 ? Math.log(p) : Math.log(1 - p);
  }
  return sum / n;
}

export interface CalibrationBin {
  bin: number;
  predicted: number;
  observed: number;
  count: number;
}

/** Reliability table: `bins` equal-width probability bins, empty bins left out. */
export function calibrationTable(
  labels: Values,
  probabilities: Values,
  bins = 10,
): CalibrationBin[] {
  const n = checkInputs('calibrationTable', labels, probabilities);
  const count = new Array<number>(bins).fill(0);
  const predicted = new Array<number>(bins).fill(0);
  const observed = new Array<number>(bins).fill(0);
  for (let i = 0; i < n; i += 1) {
    const p = probabilities[i] as number;
    const b = Math.min(bins - 1, Math.max(0, Math.floor(p * bins)));
    count[b] = (count[b] as number) + 1;
    predicted[b] = (predicted[b] as number) + p;
    observed[b] = (observed[b] as number) + ((labels[i] as number) > 0.5 ? 1 : 0);
  }
  const table: CalibrationBin[] = [];
  for (let b = 0; b < bins; b += 1) {
    const c = count[b] as number;
    if (c === 0) continue;
    table.push({
      bin: b,
      predicted: (predicted[b] as number) / c,
      observed: (observed[b] as number) / c,
      count: c,
    });
  }
  return table;
}

export interface ThresholdChoice {
  value: number;
  precision: number;
  recall: number;
  f1: number;
}

/**
 * The score threshold (predict positive when score >= value) with the highest F1, with its
 * precision and recall. Every distinct score is a candidate.
 */
export function f1OptimalThreshold(labels: Values, scores: Values): ThresholdChoice {
  const n = checkInputs('f1OptimalThreshold', labels, scores);
  const positives = countPositives(labels);
  const order = orderByScoreDesc(scores);
  let best: ThresholdChoice = { value: 1, precision: 0, recall: 0, f1: 0 };
  if (positives === 0) return best;
  let truePositives = 0;
  for (let start = 0; start < n;) {
    let end = start;
    const value = scores[order[start] as number] as number;
    while (end + 1 < n && scores[order[end + 1] as number] === value) end += 1;
    for (let k = start; k <= end; k += 1) {
      if ((labels[order[k] as number] as number) > 0.5) truePositives += 1;
    }
    const precision = truePositives / (end + 1);
    const recall = truePositives / positives;
    const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
    if (f1 > best.f1) best = { value, precision, recall, f1 };
    start = end + 1;
  }
  return best;
}

/** Midranks (1-based, ties share their mean rank) of `values`. */
function midranks(values: Float64Array): Float64Array {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => (values[a] as number) - (values[b] as number),
  );
  const ranks = new Float64Array(n);
  for (let start = 0; start < n;) {
    let end = start;
    const value = values[order[start] as number] as number;
    while (end + 1 < n && values[order[end + 1] as number] === value) end += 1;
    const rank = (start + end) / 2 + 1;
    for (let k = start; k <= end; k += 1) ranks[order[k] as number] = rank;
    start = end + 1;
  }
  return ranks;
}

export interface PairedAucComparison {
  /** ROC-AUC of `a` minus ROC-AUC of `b`. */
  difference: number;
  /** DeLong standard error of the difference (paired: same rows, correlated scores). */
  se: number;
  /** difference / se (0 when both are 0). */
  z: number;
}

/**
 * DeLong et al. (1988) comparison of two correlated ROC-AUCs on the same rows (fast midrank form
 * of Sun & Xu 2014): each score's structural components per positive and per negative give the
 * covariance of the two AUC estimates and so the standard error of their difference.
 */
export function pairedRocAucDifference(labels: Values, a: Values, b: Values): PairedAucComparison {
  const n = checkInputs('pairedRocAucDifference', labels, a);
  checkInputs('pairedRocAucDifference', labels, b);
  const pos: number[] = [];
  const neg: number[] = [];
  for (let i = 0; i < n; i += 1) ((labels[i] as number) > 0.5 ? pos : neg).push(i);
  const m = pos.length;
  const k = neg.length;
  if (m < 2 || k < 2) return { difference: Number.NaN, se: Number.NaN, z: Number.NaN };
  const components = [a, b].map((scores) => {
    const all = midranks(Float64Array.from({ length: n }, (_, i) => scores[i] as number));
    const withinPos = midranks(Float64Array.from(pos, (i) => scores[i] as number));
    const withinNeg = midranks(Float64Array.from(neg, (i) => scores[i] as number));
    // V10: share of negatives each positive outranks; V01: share of positives each negative is below.
    const v10 = Float64Array.from(
      pos,
      (i, p) => ((all[i] as number) - (withinPos[p] as number)) / k,
    );
    const v01 = Float64Array.from(
      neg,
      (i, q) => 1 - ((all[i] as number) - (withinNeg[q] as number)) / m,
    );
    let auc = 0;
    for (const v of v10) auc += v;
    return { auc: auc / m, v10, v01 };
  });
  const [ca, cb] = components as [(typeof components)[0], (typeof components)[0]];
  // Var(A − B) = Var(V10_a − V10_b)/m + Var(V01_a − V01_b)/k (sample variances).
  const varianceOfDifference = (x: Float64Array, y: Float64Array): number => {
    let mean = 0;
    for (let i = 0; i < x.length; i += 1) mean += (x[i] as number) - (y[i] as number);
    mean /= x.length;
    let s = 0;
    for (let i = 0; i < x.length; i += 1) s += ((x[i] as number) - (y[i] as number) - mean) ** 2;
    return s / (x.length - 1);
  };
  const variance =
    varianceOfDifference(ca.v10, cb.v10) / m + varianceOfDifference(ca.v01, cb.v01) / k;
  const difference = ca.auc - cb.auc;
  const se = Math.sqrt(Math.max(variance, 0));
  return {
    difference,
    se,
    z: se > 0 ? difference / se : difference === 0 ? 0 : Math.sign(difference) * Infinity,
  };
}
