/**
 * The classifier shared by both churn modes: encodes the features, fits the logistic-regression
 * baseline, histogram gradient-boosted trees and the tabular MLP on the training rows, early-stops /
 * tunes / calibrates each on the validation rows, adds an ensemble of the two best, picks the
 * simplest model that no more complex one beats beyond noise (paired DeLong test on the
 * validation rows), explains it (permutation importance on validation, per-row drivers) and
 * scores the requested rows.
 */
import * as tf from '@tensorflow/tfjs';
import { createRandom, type Random } from '../common/random';
import { CHURN_SPOKEN_NAMES } from '../model-names';
import { chooseCalibration, crossFittedPlatt, type CalibrationChoice } from './calibration';
import { fitEncoder, type Encoder, type FeatureColumn } from './encoder';
import { fitGbdtGrid } from './gbdt/boost';
import { fitTreeFeatures } from './gbdt/tree-features';
import { fitLogistic, type LogisticModel } from './logistic';
import {
  averagePrecision,
  calibrationTable,
  f1OptimalThreshold,
  pairedRocAucDifference,
  rocAuc,
  rocAucStandardError,
} from './metrics';
import { DEFAULT_MLP_CONFIG, fitTabularMlp, type TabularMlp } from './mlp';
import { fitNumericExpansion } from './numeric-expansion';
import type {
  ChurnCandidateReport,
  ChurnModelName,
  ChurnProgressListener,
  ChurnReport,
  ChurnScore,
} from './types';

export interface ClassifierInput {
  columns: FeatureColumn[];
  /** Per row of `columns`: 1 churn, 0 not, NaN unlabelled. */
  labels: Float64Array;
  trainRows: Int32Array;
  validationRows: Int32Array;
  /** Rows to score, of `scoreColumns` when given (same features, another table) else of `columns`. */
  scoreRows: Int32Array;
  scoreColumns?: FeatureColumn[];
  scoreIds: string[];
  seed: number;
  epochs?: number;
  onProgress?: ChurnProgressListener;
  includeCandidateScores?: boolean;
  /** Cancels at the next epoch / phase boundary (rejects with `signal.reason`, frees every tensor). */
  signal?: AbortSignal;
}

export interface ClassifierOutput {
  scores: ChurnScore[];
  candidateScores?: Record<ChurnModelName, number[]>;
  report: Pick<
    ChurnReport,
    | 'chosen'
    | 'selection'
    | 'candidates'
    | 'calibration'
    | 'threshold'
    | 'importance'
    | 'backend'
    | 'encodedWidth'
  > & { explainMs: number };
}

/** L2 strengths tried for the logistic baseline (per-row scale), strongest first (warm starts). */
export const LOGISTIC_L2_GRID = [1e-1, 1e-2, 1e-3, 1e-4];
/** Permutation-importance repeats (each a fresh permutation), averaged. */
const IMPORTANCE_REPEATS = 2;
const TOP_DRIVERS = 5;

/**
 * The candidates from simplest to most complex, the order of selection. Logistic regression is one
 * weight per encoded column. Gradient-boosted trees come next: more capacity, but deterministic
 * arithmetic on typed arrays, robust to scale and outliers, no tensors. The MLP is harder to train
 * reproducibly across backends and to reason about. The ensemble needs two of the others.
 */
export const SIMPLICITY_ORDER: readonly ChurnModelName[] = ['logistic', 'gbdt', 'mlp', 'ensemble'];
/**
 * A more complex candidate replaces the current choice only when its validation ROC-AUC is higher
 * by more than this many standard errors of the paired difference (one-sided 5% test).
 */
export const SELECTION_Z = 1.645;
/** How many of the best single candidates (by validation ROC-AUC) the ensemble averages. */
const ENSEMBLE_MEMBERS = 2;

function labelsOf(labels: Float64Array, rows: Int32Array): Float64Array {
  return Float64Array.from(rows, (row) => labels[row] as number);
}

interface FittedCandidate {
  name: ChurnModelName;
  logits: (x: Float32Array, rows: number) => Float64Array;
  calibration: CalibrationChoice;
  valLogits: Float64Array;
  report: ChurnCandidateReport;
}

/** Yields to the event loop (so an abort can land), then stops if the run was cancelled. */
async function checkpoint(signal: AbortSignal | undefined): Promise<void> {
  signal?.throwIfAborted();
  await new Promise((resolve) => setTimeout(resolve, 0));
  signal?.throwIfAborted();
}

async function fitLogisticCandidate(
  xTrain: Float32Array,
  yTrain: Float64Array,
  xVal: Float32Array,
  yVal: Float64Array,
  width: number,
  signal?: AbortSignal,
): Promise<{ model: LogisticModel; fitMs: number }> {
  const started = performance.now();
  let best: { model: LogisticModel; loss: number } | null = null;
  let previous: Float64Array | undefined;
  for (const l2 of LOGISTIC_L2_GRID) {
    // Each L2 strength is a fit of its own: a cancelled run stops between them.
    if (signal) await checkpoint(signal);
    const model = fitLogistic(xTrain, yTrain, width, l2, previous);
    previous = model.coefficients;
    const z = model.logits(xVal, yVal.length);
    let loss = 0;
    for (let i = 0; i < z.length; i += 1) {
      const logit = z[i] as number;
      const softplus =
        logit > 0 ? logit + Math.log1p(Math.exp(-logit)) : Math.log1p(Math.exp(logit));
      loss += softplus - (yVal[i] as number) * logit;
    }
    if (best === null || loss < best.loss) best = { model, loss };
  }
  return { model: (best as { model: LogisticModel }).model, fitMs: performance.now() - started };
}

function describe(
  name: ChurnModelName,
  logits: (x: Float32Array, rows: number) => Float64Array,
  xVal: Float32Array,
  yVal: Float64Array,
  random: Random,
  fitMs: number,
  extra: Partial<ChurnCandidateReport>,
  /** Validation log-odds when they must not come from `logits` (cross-fitted ensemble). */
  precomputed?: Float64Array,
): FittedCandidate {
  const valLogits = precomputed ?? logits(xVal, yVal.length);
  const calibration = chooseCalibration(valLogits, yVal, random);
  let positives = 0;
  for (const label of yVal) positives += label;
  const auc = rocAuc(yVal, valLogits);
  return {
    name,
    logits,
    calibration,
    valLogits,
    report: {
      name,
      rocAuc: auc,
      rocAucSe: rocAucStandardError(auc, positives, yVal.length - positives),
      prAuc: averagePrecision(yVal, valLogits),
      logLoss: calibration.logLoss,
      logLossUncalibrated: calibration.logLossUncalibrated,
      calibration: calibration.method,
      fitMs,
      ...extra,
    },
  };
}

/** Drop in validation ROC-AUC when each feature's encoded block is permuted across rows. */
export function permutationImportance(
  encoder: Encoder,
  logits: (x: Float32Array, rows: number) => Float64Array,
  xVal: Float32Array,
  yVal: Float64Array,
  random: Random,
  repeats = IMPORTANCE_REPEATS,
): { feature: string; importance: number }[] {
  const rows = yVal.length;
  const { width } = encoder;
  const base = rocAuc(yVal, logits(xVal, rows));
  const shuffled = new Float32Array(xVal.length);
  const result = encoder.groups.map((group) => {
    let drop = 0;
    for (let r = 0; r < repeats; r += 1) {
      shuffled.set(xVal);
      const order = random.permutation(rows);
      for (let i = 0; i < rows; i += 1) {
        const source = (order[i] as number) * width;
        for (let j = group.start; j < group.end; j += 1)
          shuffled[i * width + j] = xVal[source + j] as number;
      }
      drop += base - rocAuc(yVal, logits(shuffled, rows));
    }
    return { feature: group.name, importance: drop / repeats };
  });
  return result.sort((a, b) => b.importance - a.importance || (a.feature < b.feature ? -1 : 1));
}

/**
 * Per-row drivers by occlusion: a feature's contribution is the row's log-odds minus the log-odds
 * with that feature's block set to the training mean. Returns up to `top` positive ones per row.
 */
export function occlusionDrivers(
  encoder: Encoder,
  logits: (x: Float32Array, rows: number) => Float64Array,
  x: Float32Array,
  rows: number,
  baseLogits: Float64Array,
  top = TOP_DRIVERS,
): { feature: string; contribution: number }[][] {
  const { width, means } = encoder;
  const contributions = encoder.groups.map((group) => {
    const occluded = Float32Array.from(x);
    for (let i = 0; i < rows; i += 1) {
      for (let j = group.start; j < group.end; j += 1) occluded[i * width + j] = means[j] as number;
    }
    const z = logits(occluded, rows);
    return Float64Array.from(z, (value, i) => (baseLogits[i] as number) - value);
  });
  const drivers: { feature: string; contribution: number }[][] = [];
  for (let i = 0; i < rows; i += 1) {
    const row: { feature: string; contribution: number }[] = [];
    encoder.groups.forEach((group, g) => {
      const contribution = (contributions[g] as Float64Array)[i] as number;
      if (contribution > 1e-6) row.push({ feature: group.name, contribution });
    });
    row.sort((a, b) => b.contribution - a.contribution);
    drivers.push(row.slice(0, top));
  }
  return drivers;
}

/**
 * The ensemble of `members`: the mean of their Platt-calibrated log-odds (Platt puts the
 * class-weighted MLP and the others on one log-odds scale and keeps each member's ranking). Its
 * validation log-odds average cross-fitted calibrations, so no member's calibrator has seen the row
 * it scores; new rows use calibrators fitted on all validation rows.
 */
function fitEnsemble(
  members: readonly FittedCandidate[],
  yVal: Float64Array,
  random: Random,
): { logits: (x: Float32Array, rows: number) => Float64Array; valLogits: Float64Array } {
  const scales = members.map((member) => crossFittedPlatt(member.valLogits, yVal, random));
  const valLogits = new Float64Array(yVal.length);
  for (const { outOfFold } of scales) {
    for (let i = 0; i < valLogits.length; i += 1)
      valLogits[i] = (valLogits[i] as number) + (outOfFold[i] as number) / members.length;
  }
  const logits = (x: Float32Array, rows: number): Float64Array => {
    const out = new Float64Array(rows);
    members.forEach((member, k) => {
      const { a, b } = scales[k] as { a: number; b: number };
      const z = member.logits(x, rows);
      for (let i = 0; i < rows; i += 1)
        out[i] = (out[i] as number) + (a * (z[i] as number) + b) / members.length;
    });
    return out;
  };
  return { logits, valLogits };
}

/**
 * Walks the candidates simplest first: a candidate replaces the current choice when its validation
 * ROC-AUC beats the choice's by more than SELECTION_Z standard errors of the paired (DeLong)
 * difference. Records each comparison in the candidate's report and returns the choice with a
 * sentence saying why.
 */
function selectCandidate(
  candidates: readonly FittedCandidate[],
  yVal: Float64Array,
): { chosen: FittedCandidate; selection: string } {
  const ordered = [...candidates].sort(
    (a, b) => SIMPLICITY_ORDER.indexOf(a.name) - SIMPLICITY_ORDER.indexOf(b.name),
  );
  let chosen = ordered[0] as FittedCandidate;
  const steps: string[] = [];
  const f3 = (x: number): string => (Number.isFinite(x) ? x.toFixed(3) : 'n/a');
  for (const candidate of ordered.slice(1)) {
    const { difference, se, z } = pairedRocAucDifference(
      yVal,
      candidate.valLogits,
      chosen.valLogits,
    );
    candidate.report.versus = { name: chosen.name, difference, se };
    const wins = z > SELECTION_Z;
    steps.push(
      `${CHURN_SPOKEN_NAMES[candidate.name]} ${wins ? 'beat' : 'did not clearly beat'} ` +
        `${CHURN_SPOKEN_NAMES[chosen.name]} (${difference >= 0 ? '+' : '−'}${f3(Math.abs(difference))} ± ${f3(se)})`,
    );
    if (wins) chosen = candidate;
  }
  const name = CHURN_SPOKEN_NAMES[chosen.name];
  const selection =
    `Chose ${name}. Models are tried from simplest to most complex (${ordered
      .map((c) => CHURN_SPOKEN_NAMES[c.name])
      .join(', ')}), and a more complex one replaces the current choice only when its ROC-AUC on ` +
    `the ${yVal.length} validation rows is higher by more than ${SELECTION_Z} standard errors of ` +
    `the difference (paired DeLong test), i.e. beyond noise: ${steps.join('; ')}. The validated ` +
    'models score as they are (not refitted), so the reported calibration and metrics are theirs.';
  return { chosen, selection };
}

/** Runs the leaderboard on prepared feature columns. Frees every tensor it makes. */
export async function runChurnClassifier(input: ClassifierInput): Promise<ClassifierOutput> {
  const { signal } = input;
  signal?.throwIfAborted();
  const random = createRandom(input.seed);
  const { columns, labels, trainRows, validationRows } = input;
  const encoder = fitEncoder(columns, trainRows, labels, random);
  const { width } = encoder;
  const xTrain = encoder.trainMatrix;
  const yTrain = labelsOf(labels, trainRows);
  const xVal = encoder.encode(columns, validationRows);
  const yVal = labelsOf(labels, validationRows);

  input.onProgress?.({ phase: 'fit:logistic' });
  const logistic = await fitLogisticCandidate(xTrain, yTrain, xVal, yVal, width, signal);

  // Gradient-boosted trees on their own view of the encoded matrix (categoricals as churn rates).
  if (signal) await checkpoint(signal);
  input.onProgress?.({ phase: 'fit:gbdt' });
  const gbdtStarted = performance.now();
  const treeFeatures = fitTreeFeatures(encoder, yTrain);
  const gbdt = await fitGbdtGrid(
    { x: treeFeatures.trainMatrix, y: yTrain },
    { x: treeFeatures.transform(xVal, yVal.length), y: yVal },
    treeFeatures.width,
    random.seed(),
    undefined,
    undefined,
    { signal },
  );
  const gbdtMs = performance.now() - gbdtStarted;
  const gbdtLogits = (x: Float32Array, rows: number): Float64Array =>
    gbdt.logits(treeFeatures.transform(x, rows), rows);

  let mlp: TabularMlp | null = null;
  try {
    const mlpStarted = performance.now();
    const expansion = fitNumericExpansion(xTrain, yTrain.length, width, encoder.numericColumns);
    mlp = await fitTabularMlp(
      { x: expansion.expand(xTrain, yTrain.length), y: yTrain },
      { x: expansion.expand(xVal, yVal.length), y: yVal },
      expansion.width,
      { ...DEFAULT_MLP_CONFIG, epochs: input.epochs ?? DEFAULT_MLP_CONFIG.epochs },
      random,
      { onProgress: input.onProgress, signal },
    );
    const mlpMs = performance.now() - mlpStarted;
    const network = mlp;
    const mlpLogits = (x: Float32Array, rows: number): Float64Array =>
      network.logits(expansion.expand(x, rows), rows);
    signal?.throwIfAborted();
    input.onProgress?.({ phase: 'calibrate' });
    const singles = [
      describe('logistic', logistic.model.logits, xVal, yVal, random, logistic.fitMs, {
        l2: logistic.model.l2,
      }),
      describe('gbdt', gbdtLogits, xVal, yVal, random, gbdtMs, {
        rounds: gbdt.rounds,
        bestRound: gbdt.bestRound,
        maxLeaves: gbdt.config.maxLeaves,
        learningRate: gbdt.config.learningRate,
      }),
      describe('mlp', mlpLogits, xVal, yVal, random, mlpMs, {
        epochs: mlp.epochs,
        bestEpoch: mlp.bestEpoch,
      }),
    ];
    const members = [...singles]
      .sort((a, b) => b.report.rocAuc - a.report.rocAuc || 0)
      .slice(0, ENSEMBLE_MEMBERS)
      .sort((a, b) => SIMPLICITY_ORDER.indexOf(a.name) - SIMPLICITY_ORDER.indexOf(b.name));
    const ensembleStarted = performance.now();
    const ensemble = fitEnsemble(members, yVal, random);
    const ensembleMs =
      performance.now() - ensembleStarted + members.reduce((sum, m) => sum + m.report.fitMs, 0);
    const candidates = [
      ...singles,
      describe(
        'ensemble',
        ensemble.logits,
        xVal,
        yVal,
        random,
        ensembleMs,
        { members: members.map((m) => m.name) },
        ensemble.valLogits,
      ),
    ];
    const { chosen, selection } = selectCandidate(candidates, yVal);

    signal?.throwIfAborted();
    input.onProgress?.({ phase: 'explain' });
    const explainStarted = performance.now();
    const importance = permutationImportance(encoder, chosen.logits, xVal, yVal, random);

    signal?.throwIfAborted();
    input.onProgress?.({ phase: 'score' });
    const scoreColumns = input.scoreColumns ?? columns;
    const xScore = encoder.encode(scoreColumns, input.scoreRows);
    const nScore = input.scoreRows.length;
    const scoreLogits = chosen.logits(xScore, nScore);
    const drivers = occlusionDrivers(encoder, chosen.logits, xScore, nScore, scoreLogits);
    const explainMs = performance.now() - explainStarted;

    const scores: ChurnScore[] = input.scoreIds.map((id, i) => ({
      id,
      score: chosen.calibration.calibrator(scoreLogits[i] as number),
      drivers: drivers[i] as ChurnScore['drivers'],
    }));
    const order = scores
      .map((_, i) => i)
      .sort((a, b) => (scores[b] as ChurnScore).score - (scores[a] as ChurnScore).score || a - b);
    let candidateScores: ClassifierOutput['candidateScores'];
    if (input.includeCandidateScores) {
      candidateScores = { logistic: [], gbdt: [], mlp: [], ensemble: [] };
      for (const candidate of candidates) {
        const z = candidate === chosen ? scoreLogits : candidate.logits(xScore, nScore);
        const calibrated = Array.from(z, (value) => candidate.calibration.calibrator(value));
        candidateScores[candidate.name] = order.map((i) => calibrated[i] as number);
      }
    }
    return {
      scores: order.map((i) => scores[i] as ChurnScore),
      candidateScores,
      report: {
        chosen: chosen.name,
        selection,
        candidates: candidates.map((c) => c.report),
        calibration: calibrationTable(yVal, chosen.calibration.outOfFold),
        threshold: f1OptimalThreshold(yVal, chosen.calibration.outOfFold),
        importance,
        backend: tf.getBackend(),
        encodedWidth: width,
        explainMs,
      },
    };
  } finally {
    mlp?.dispose();
  }
}
