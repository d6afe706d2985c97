/**
 * Histogram gradient-boosted decision trees for binary classification over plain typed arrays:
 * logistic loss (Newton leaves from gradients p − y and hessians p(1 − p)), shrinkage, seeded row
 * subsampling (per round) and column subsampling (per tree), early stopping on the validation
 * log-loss with patience (the best round's ensemble is kept), and a small grid of tree shapes
 * chosen by validation log-loss. Inputs are row-major Float32Array matrices like the other churn
 * candidates; NaN marks a missing value and is routed by each split's learned default side.
 */
import { createRandom } from '../../common/random';
import { binMatrix, fitBins, MAX_BINS, type FeatureBins } from './binning';
import {
  addTreeOutput,
  addTreeOutputBinned,
  createTreeWorkspace,
  forestOutput,
  growTree,
  packForest,
  type Tree,
  type TreeParams,
} from './tree';

export interface GbdtConfig extends TreeParams {
  /** Most boosting rounds (early stopping usually ends sooner). */
  maxRounds: number;
  /** Rounds without a validation log-loss improvement before stopping. */
  patience: number;
  /** Share of training rows each round's tree is grown on (drawn per round). */
  rowSubsample: number;
  /** Share of features each tree may split on (drawn per tree). */
  colSubsample: number;
  /** Bins per feature, the missing bin included (≤ 256). */
  maxBins: number;
}

export const DEFAULT_GBDT_CONFIG: GbdtConfig = {
  maxLeaves: 31,
  maxDepth: 8,
  minChildWeight: 1,
  minDataInLeaf: 20,
  l2: 1,
  minGain: 0,
  learningRate: 0.05,
  maxRounds: 1000,
  patience: 50,
  rowSubsample: 0.8,
  colSubsample: 0.8,
  maxBins: MAX_BINS,
};

/**
 * The tree shapes tried by `fitGbdtGrid`, best by validation log-loss kept: small trees with a
 * higher rate, the LightGBM default shape, and a conservative one for noisy data (larger leaves,
 * heavier leaf penalty).
 */
export const GBDT_GRID: readonly Partial<GbdtConfig>[] = [
  { maxLeaves: 8, maxDepth: 4, learningRate: 0.08, minDataInLeaf: 20 },
  { maxLeaves: 31, maxDepth: 8, learningRate: 0.05, minDataInLeaf: 20 },
  { maxLeaves: 15, maxDepth: 6, learningRate: 0.05, minDataInLeaf: 50, minChildWeight: 5, l2: 5 },
];

export interface GbdtData {
  /** Row-major rows × width. */
  x: Float32Array;
  /** 0/1 labels. */
  y: Float64Array;
}

export interface GbdtModel {
  /** Log-odds of each row of a row-major rows × width matrix. */
  logits(x: Float32Array, rows: number): Float64Array;
  trees: Tree[];
  /** Log-odds every prediction starts from (the training base rate). */
  baseScore: number;
  /** Rounds run (including the patience after the best one) and rounds kept. */
  rounds: number;
  bestRound: number;
  /** Validation log-loss of the kept ensemble. */
  valLogLoss: number;
  config: GbdtConfig;
  /** Total split gain per input column over the kept trees. */
  gain: Float64Array;
  width: number;
}

function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

function meanLogLoss(y: Float64Array, z: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < y.length; i += 1) {
    const logit = z[i] as number;
    sum += softplus(logit) - (y[i] as number) * logit;
  }
  return sum / Math.max(y.length, 1);
}

export interface FitGbdtOptions {
  /** Bins fitted on the training rows beforehand (shared across a grid). */
  bins?: FeatureBins;
  binned?: Uint8Array;
  /** Called after each round. */
  onRound?: (round: number, valLogLoss: number) => void;
  /** Checked every round; throws `signal.reason` when aborted. */
  signal?: AbortSignal;
}

function checkData(name: string, data: GbdtData, width: number): number {
  const rows = data.y.length;
  if (data.x.length !== rows * width) {
    throw new RangeError(`${name}: x has ${data.x.length} values, expected ${rows} × ${width}`);
  }
  return rows;
}

/** Fits one boosted ensemble, early-stopped on `validation`. Deterministic under `seed`. */
export function fitGbdt(
  train: GbdtData,
  validation: GbdtData,
  width: number,
  config: GbdtConfig = DEFAULT_GBDT_CONFIG,
  seed = 1,
  options: FitGbdtOptions = {},
): GbdtModel {
  const n = checkData('fitGbdt train', train, width);
  const nVal = checkData('fitGbdt validation', validation, width);
  if (n === 0) throw new RangeError('fitGbdt: no training rows');
  const random = createRandom(seed);
  const bins = options.bins ?? fitBins(train.x, n, width, config.maxBins);
  const binned = options.binned ?? binMatrix(bins, train.x, n);
  const ws = createTreeWorkspace(bins);

  let positives = 0;
  for (const label of train.y) positives += label;
  const rate = Math.min(Math.max(positives / n, 1e-6), 1 - 1e-6);
  const baseScore = Math.log(rate / (1 - rate));
  const zTrain = new Float64Array(n).fill(baseScore);
  const zVal = new Float64Array(nVal).fill(baseScore);
  const grad = new Float64Array(n);
  const hess = new Float64Array(n);
  const indices = new Int32Array(n);
  const allFeatures = Int32Array.from({ length: width }, (_, j) => j);
  const nFeatures = Math.max(1, Math.round(width * Math.min(Math.max(config.colSubsample, 0), 1)));

  const trees: Tree[] = [];
  let bestLoss = nVal > 0 ? meanLogLoss(validation.y, zVal) : Number.POSITIVE_INFINITY;
  let bestRound = 0;
  let round = 0;
  for (round = 1; round <= config.maxRounds; round += 1) {
    options.signal?.throwIfAborted();
    for (let i = 0; i < n; i += 1) {
      const p = sigmoid(zTrain[i] as number);
      grad[i] = p - (train.y[i] as number);
      hess[i] = Math.max(p * (1 - p), 1e-16);
    }
    let m = 0;
    if (config.rowSubsample >= 1) {
      for (let i = 0; i < n; i += 1) indices[i] = i;
      m = n;
    } else {
      for (let i = 0; i < n; i += 1) {
        if (random.uniform() < config.rowSubsample) {
          indices[m] = i;
          m += 1;
        }
      }
    }
    let features: Int32Array = allFeatures;
    if (nFeatures < width) {
      features = random.permutation(width).subarray(0, nFeatures).sort();
    }
    const tree = growTree(ws, binned, grad, hess, indices.subarray(0, m), features, config);
    trees.push(tree);
    addTreeOutputBinned(tree, binned, n, width, zTrain);
    addTreeOutput(tree, validation.x, nVal, width, zVal);
    const loss = nVal > 0 ? meanLogLoss(validation.y, zVal) : Number.NaN;
    options.onRound?.(round, loss);
    if (nVal === 0) {
      bestRound = round;
      continue;
    }
    if (loss < bestLoss - 1e-12) {
      bestLoss = loss;
      bestRound = round;
    }
    if (round - bestRound >= config.patience) break;
  }
  const rounds = Math.min(round, config.maxRounds);
  const kept = trees.slice(0, bestRound);
  const gain = new Float64Array(width);
  for (const tree of kept) {
    for (let k = 0; k < tree.feature.length; k += 1) {
      const f = tree.feature[k] as number;
      if (f >= 0) gain[f] = (gain[f] as number) + (tree.gain[k] as number);
    }
  }
  const forest = packForest(kept);
  return {
    logits: (x, rows) => {
      if (x.length !== rows * width) {
        throw new RangeError(`gbdt logits: x has ${x.length} values, expected ${rows} × ${width}`);
      }
      return forestOutput(forest, x, rows, width, baseScore);
    },
    trees: kept,
    baseScore,
    rounds,
    bestRound,
    valLogLoss: bestLoss,
    config,
    gain,
    width,
  };
}

/**
 * Fits every setting of `grid` (over `base`) on the same bins and keeps the one with the lowest
 * validation log-loss (ties: the earlier setting). Yields to the event loop between settings so an
 * abort can land; a cancelled run rejects with `signal.reason`.
 */
export async function fitGbdtGrid(
  train: GbdtData,
  validation: GbdtData,
  width: number,
  seed = 1,
  grid: readonly Partial<GbdtConfig>[] = GBDT_GRID,
  base: GbdtConfig = DEFAULT_GBDT_CONFIG,
  options: Omit<FitGbdtOptions, 'bins' | 'binned'> = {},
): Promise<GbdtModel> {
  const rows = checkData('fitGbdtGrid train', train, width);
  const bins = fitBins(train.x, rows, width, base.maxBins);
  const binned = binMatrix(bins, train.x, rows);
  let best: GbdtModel | null = null;
  for (const setting of grid.length > 0 ? grid : [{}]) {
    options.signal?.throwIfAborted();
    await new Promise((resolve) => setTimeout(resolve, 0));
    options.signal?.throwIfAborted();
    const model = fitGbdt(train, validation, width, { ...base, ...setting }, seed, {
      ...options,
      bins,
      binned,
    });
    if (best === null || model.valLogLoss < best.valLogLoss) best = model;
  }
  return best as GbdtModel;
}
