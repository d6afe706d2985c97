/**
 * One regression tree of a gradient-boosted ensemble, grown leaf-wise (best-first, as LightGBM)
 * on binned features from per-row gradients and hessians. Each leaf keeps a histogram of
 * (gradient, hessian, count) per feature bin; a split builds the smaller child's histogram from
 * its rows and gets the larger child's by subtracting it from the parent's. Splits maximise the
 * second-order gain G_L²/(H_L+λ) + G_R²/(H_R+λ) − G²/(H+λ), try missing values on either side,
 * and respect the minimum child hessian (min child weight) and rows per leaf; leaves hold
 * −G/(H+λ) times the learning rate.
 */
import { MISSING_BIN, type FeatureBins } from './binning';

export interface TreeParams {
  /** Most leaves per tree. */
  maxLeaves: number;
  /** Deepest a leaf may be (root = 0). */
  maxDepth: number;
  /** Least hessian sum in a child (XGBoost's min_child_weight). */
  minChildWeight: number;
  /** Fewest training rows in a leaf. */
  minDataInLeaf: number;
  /** L2 penalty λ on leaf values. */
  l2: number;
  /** Least gain for a split to be made. */
  minGain: number;
  /** Shrinkage applied to the leaf values. */
  learningRate: number;
}

/**
 * A fitted tree as flat arrays. Node 0 is the root; `left[k] < 0` marks a leaf with `value[k]`.
 * An internal node sends a row left when its feature is ≤ `threshold` (raw value) / its bin is
 * ≤ `thresholdBin`, or, for a missing value, when `missingLeft`.
 */
export interface Tree {
  feature: Int32Array;
  threshold: Float64Array;
  thresholdBin: Int32Array;
  missingLeft: Uint8Array;
  left: Int32Array;
  right: Int32Array;
  value: Float64Array;
  /** Gain of each internal node's split (0 at leaves). */
  gain: Float64Array;
}

interface Split {
  gain: number;
  feature: number;
  bin: number;
  missingLeft: boolean;
  leftG: number;
  leftH: number;
  leftC: number;
}

interface Leaf {
  node: number;
  start: number;
  end: number;
  depth: number;
  g: number;
  h: number;
  c: number;
  hist: Float64Array;
  split: Split | null;
}

/** Reusable workspace of a grower: histogram buffers and feature offsets for one binning. */
export interface TreeWorkspace {
  bins: FeatureBins;
  /** Start of each feature's bins in a histogram (in bins; ×3 for the array offset). */
  offsets: Int32Array;
  totalBins: number;
  pool: Float64Array[];
}

export function createTreeWorkspace(bins: FeatureBins): TreeWorkspace {
  const offsets = new Int32Array(bins.width);
  let total = 0;
  for (let j = 0; j < bins.width; j += 1) {
    offsets[j] = total;
    total += bins.counts[j] as number;
  }
  return { bins, offsets, totalBins: total, pool: [] };
}

function takeHist(ws: TreeWorkspace): Float64Array {
  const hist = ws.pool.pop();
  if (hist) {
    hist.fill(0);
    return hist;
  }
  return new Float64Array(ws.totalBins * 3);
}

/** Adds rows `indices[start, end)` to `hist` for the features in `features`. */
function buildHistogram(
  ws: TreeWorkspace,
  binned: Uint8Array,
  grad: Float64Array,
  hess: Float64Array,
  indices: Int32Array,
  start: number,
  end: number,
  features: Int32Array,
  hist: Float64Array,
): void {
  const width = ws.bins.width;
  const { offsets } = ws;
  const nf = features.length;
  for (let p = start; p < end; p += 1) {
    const row = indices[p] as number;
    const g = grad[row] as number;
    const h = hess[row] as number;
    const base = row * width;
    for (let q = 0; q < nf; q += 1) {
      const f = features[q] as number;
      const k = ((offsets[f] as number) + (binned[base + f] as number)) * 3;
      hist[k] = (hist[k] as number) + g;
      hist[k + 1] = (hist[k + 1] as number) + h;
      hist[k + 2] = (hist[k + 2] as number) + 1;
    }
  }
}

function leafScore(g: number, h: number, l2: number): number {
  return (g * g) / (h + l2);
}

/** Best split of a leaf over `features`, or null when none satisfies the constraints. */
function bestSplit(
  ws: TreeWorkspace,
  leaf: Leaf,
  features: Int32Array,
  params: TreeParams,
): Split | null {
  const { offsets } = ws;
  const { hist } = leaf;
  const { l2, minChildWeight, minDataInLeaf } = params;
  const parent = leafScore(leaf.g, leaf.h, l2);
  let best: Split | null = null;
  let bestGain = params.minGain;
  for (let q = 0; q < features.length; q += 1) {
    const f = features[q] as number;
    const nb = ws.bins.counts[f] as number;
    const o = (offsets[f] as number) * 3;
    const g0 = hist[o] as number;
    const h0 = hist[o + 1] as number;
    const c0 = hist[o + 2] as number;
    let gl = 0;
    let hl = 0;
    let cl = 0;
    // Left = value bins 1..t (plus the missing bin when missing goes left).
    for (let t = 1; t < nb; t += 1) {
      const k = o + t * 3;
      gl += hist[k] as number;
      hl += hist[k + 1] as number;
      cl += hist[k + 2] as number;
      const last = t === nb - 1;
      for (let side = 0; side < 2; side += 1) {
        const missingLeft = side === 1;
        if (missingLeft && (c0 === 0 || last)) continue;
        if (!missingLeft && last && c0 === 0) continue;
        const lg = missingLeft ? gl + g0 : gl;
        const lh = missingLeft ? hl + h0 : hl;
        const lc = missingLeft ? cl + c0 : cl;
        const rc = leaf.c - lc;
        if (lc < minDataInLeaf || rc < minDataInLeaf) continue;
        const rh = leaf.h - lh;
        if (lh < minChildWeight || rh < minChildWeight) continue;
        const rg = leaf.g - lg;
        const gain = leafScore(lg, lh, l2) + leafScore(rg, rh, l2) - parent;
        if (gain > bestGain) {
          bestGain = gain;
          best = {
            gain,
            feature: f,
            bin: t,
            // No missing rows here: unseen missing values follow the larger side.
            missingLeft: c0 === 0 ? lc >= rc : missingLeft,
            leftG: lg,
            leftH: lh,
            leftC: lc,
          };
        }
      }
    }
  }
  return best;
}

/** Growable node arrays. */
class NodeList {
  feature: number[] = [];
  threshold: number[] = [];
  thresholdBin: number[] = [];
  missingLeft: number[] = [];
  left: number[] = [];
  right: number[] = [];
  value: number[] = [];
  gain: number[] = [];

  add(value: number): number {
    this.feature.push(-1);
    this.threshold.push(0);
    this.thresholdBin.push(0);
    this.missingLeft.push(0);
    this.left.push(-1);
    this.right.push(-1);
    this.value.push(value);
    this.gain.push(0);
    return this.value.length - 1;
  }

  freeze(): Tree {
    return {
      feature: Int32Array.from(this.feature),
      threshold: Float64Array.from(this.threshold),
      thresholdBin: Int32Array.from(this.thresholdBin),
      missingLeft: Uint8Array.from(this.missingLeft),
      left: Int32Array.from(this.left),
      right: Int32Array.from(this.right),
      value: Float64Array.from(this.value),
      gain: Float64Array.from(this.gain),
    };
  }
}

/**
 * Grows one tree on the rows in `indices` (reordered in place) of the row-major byte matrix
 * `binned`, using only `features`. Returns the tree and leaves `ws`'s buffers in its pool.
 */
export function growTree(
  ws: TreeWorkspace,
  binned: Uint8Array,
  grad: Float64Array,
  hess: Float64Array,
  indices: Int32Array,
  features: Int32Array,
  params: TreeParams,
): Tree {
  const { l2, learningRate } = params;
  const width = ws.bins.width;
  const nodes = new NodeList();
  const leafValue = (g: number, h: number): number => (-g / (h + l2)) * learningRate;

  let g = 0;
  let h = 0;
  for (let p = 0; p < indices.length; p += 1) {
    const row = indices[p] as number;
    g += grad[row] as number;
    h += hess[row] as number;
  }
  const rootHist = takeHist(ws);
  buildHistogram(ws, binned, grad, hess, indices, 0, indices.length, features, rootHist);
  const root: Leaf = {
    node: nodes.add(leafValue(g, h)),
    start: 0,
    end: indices.length,
    depth: 0,
    g,
    h,
    c: indices.length,
    hist: rootHist,
    split: null,
  };
  const canSplit = (leaf: Leaf): boolean =>
    leaf.depth < params.maxDepth && leaf.c >= 2 * params.minDataInLeaf;
  if (canSplit(root)) root.split = bestSplit(ws, root, features, params);
  const open: Leaf[] = [root];
  let leaves = 1;

  while (leaves < params.maxLeaves) {
    let pick = -1;
    let pickGain = 0;
    for (let k = 0; k < open.length; k += 1) {
      const split = (open[k] as Leaf).split;
      if (split !== null && split.gain > pickGain) {
        pickGain = split.gain;
        pick = k;
      }
    }
    if (pick < 0) break;
    const leaf = open[pick] as Leaf;
    const split = leaf.split as Split;
    open.splice(pick, 1);

    // Partition the leaf's rows: left ones first.
    const f = split.feature;
    const t = split.bin;
    const missingLeft = split.missingLeft;
    let i = leaf.start;
    let j = leaf.end - 1;
    while (i <= j) {
      const b = binned[(indices[i] as number) * width + f] as number;
      const goesLeft = b === MISSING_BIN ? missingLeft : b <= t;
      if (goesLeft) i += 1;
      else {
        const tmp = indices[i] as number;
        indices[i] = indices[j] as number;
        indices[j] = tmp;
        j -= 1;
      }
    }
    const mid = i;

    const edges = ws.bins.edges[f] as Float64Array;
    const node = leaf.node;
    nodes.feature[node] = f;
    nodes.thresholdBin[node] = t;
    nodes.threshold[node] = t - 1 < edges.length ? (edges[t - 1] as number) : Infinity;
    nodes.missingLeft[node] = missingLeft ? 1 : 0;
    nodes.gain[node] = split.gain;
    const lg = split.leftG;
    const lh = split.leftH;
    const lc = split.leftC;
    const rg = leaf.g - lg;
    const rh = leaf.h - lh;
    const rc = leaf.c - lc;
    const leftNode = nodes.add(leafValue(lg, lh));
    const rightNode = nodes.add(leafValue(rg, rh));
    nodes.left[node] = leftNode;
    nodes.right[node] = rightNode;
    nodes.value[node] = 0;

    // Histogram subtraction: build the smaller child, the larger is parent − smaller.
    const leftSmaller = mid - leaf.start <= leaf.end - mid;
    const small = takeHist(ws);
    if (leftSmaller) {
      buildHistogram(ws, binned, grad, hess, indices, leaf.start, mid, features, small);
    } else {
      buildHistogram(ws, binned, grad, hess, indices, mid, leaf.end, features, small);
    }
    const large = leaf.hist;
    for (let q = 0; q < features.length; q += 1) {
      const feature = features[q] as number;
      const from = (ws.offsets[feature] as number) * 3;
      const to = from + (ws.bins.counts[feature] as number) * 3;
      for (let k = from; k < to; k += 1) large[k] = (large[k] as number) - (small[k] as number);
    }
    const depth = leaf.depth + 1;
    const left: Leaf = {
      node: leftNode,
      start: leaf.start,
      end: mid,
      depth,
      g: lg,
      h: lh,
      c: lc,
      hist: leftSmaller ? small : large,
      split: null,
    };
    const right: Leaf = {
      node: rightNode,
      start: mid,
      end: leaf.end,
      depth,
      g: rg,
      h: rh,
      c: rc,
      hist: leftSmaller ? large : small,
      split: null,
    };
    leaves += 1;
    for (const child of [left, right]) {
      if (canSplit(child)) child.split = bestSplit(ws, child, features, params);
      if (child.split === null) ws.pool.push(child.hist);
      else open.push(child);
    }
  }
  for (const leaf of open) ws.pool.push(leaf.hist);
  return nodes.freeze();
}

/** Adds `tree`'s output for each row of a row-major float matrix to `out` (NaN = missing). */
export function addTreeOutput(
  tree: Tree,
  x: Float32Array,
  rows: number,
  width: number,
  out: Float64Array,
): void {
  const { feature, threshold, missingLeft, left, right, value } = tree;
  for (let i = 0; i < rows; i += 1) {
    const base = i * width;
    let node = 0;
    while ((left[node] as number) >= 0) {
      const v = x[base + (feature[node] as number)] as number;
      const goLeft = v !== v ? missingLeft[node] === 1 : v <= (threshold[node] as number);
      node = goLeft ? (left[node] as number) : (right[node] as number);
    }
    out[i] = (out[i] as number) + (value[node] as number);
  }
}

/** Adds `tree`'s output for each row of a binned matrix (as used in training) to `out`. */
export function addTreeOutputBinned(
  tree: Tree,
  binned: Uint8Array,
  rows: number,
  width: number,
  out: Float64Array,
): void {
  const { feature, thresholdBin, missingLeft, left, right, value } = tree;
  for (let i = 0; i < rows; i += 1) {
    const base = i * width;
    let node = 0;
    while ((left[node] as number) >= 0) {
      const b = binned[base + (feature[node] as number)] as number;
      const goLeft =
        b === MISSING_BIN ? missingLeft[node] === 1 : b <= (thresholdBin[node] as number);
      node = goLeft ? (left[node] as number) : (right[node] as number);
    }
    out[i] = (out[i] as number) + (value[node] as number);
  }
}

/**
 * Trees packed into one set of node arrays (children as absolute indices) for scoring: rows outer,
 * trees inner, so each row's values stay in cache while every tree reads them.
 */
export interface PackedForest {
  roots: Int32Array;
  feature: Int32Array;
  threshold: Float64Array;
  /** 1 when a missing value goes right (the opposite of the tree's `missingLeft`). */
  missingRight: Int32Array;
  /** Children of node k at 2k (left) and 2k + 1 (right); −1 marks a leaf. */
  children: Int32Array;
  value: Float64Array;
}

export function packForest(trees: readonly Tree[]): PackedForest {
  const total = trees.reduce((sum, tree) => sum + tree.left.length, 0);
  const forest: PackedForest = {
    roots: new Int32Array(trees.length),
    feature: new Int32Array(total),
    threshold: new Float64Array(total),
    missingRight: new Int32Array(total),
    children: new Int32Array(2 * total),
    value: new Float64Array(total),
  };
  let offset = 0;
  trees.forEach((tree, t) => {
    forest.roots[t] = offset;
    forest.feature.set(tree.feature, offset);
    forest.threshold.set(tree.threshold, offset);
    forest.value.set(tree.value, offset);
    for (let k = 0; k < tree.left.length; k += 1) {
      const l = tree.left[k] as number;
      forest.missingRight[offset + k] = tree.missingLeft[k] === 1 ? 0 : 1;
      forest.children[2 * (offset + k)] = l < 0 ? -1 : l + offset;
      forest.children[2 * (offset + k) + 1] = l < 0 ? -1 : (tree.right[k] as number) + offset;
    }
    offset += tree.left.length;
  });
  return forest;
}

/**
 * Sum of the forest's outputs plus `base` for each row of a row-major float matrix. The child is
 * picked by index arithmetic rather than a branch (the direction is close to random per row).
 */
export function forestOutput(
  forest: PackedForest,
  x: Float32Array,
  rows: number,
  width: number,
  base: number,
): Float64Array {
  const { roots, feature, threshold, missingRight, children, value } = forest;
  const nTrees = roots.length;
  const out = new Float64Array(rows);
  for (let i = 0; i < rows; i += 1) {
    const offset = i * width;
    let z = base;
    for (let t = 0; t < nTrees; t += 1) {
      let node = roots[t] as number;
      let next = children[2 * node] as number;
      while (next >= 0) {
        const v = x[offset + (feature[node] as number)] as number;
        // Right when v > threshold, or when v is missing and missing values go right.
        const right =
          Number(v > (threshold[node] as number)) |
          (Number(v !== v) & (missingRight[node] as number));
        node = children[2 * node + right] as number;
        next = children[2 * node] as number;
      }
      z += value[node] as number;
    }
    out[i] = z;
  }
  return out;
}
