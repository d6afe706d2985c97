import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { createRandom } from '../../common/random';
import { fitEncoder, type FeatureColumn } from '../encoder';
import { fitLogistic } from '../logistic';
import { rocAuc } from '../metrics';
import { binMatrix, binOf, fitBins, MISSING_BIN } from './binning';
import { DEFAULT_GBDT_CONFIG, fitGbdt, fitGbdtGrid, type GbdtData } from './boost';
import { fitTreeFeatures } from './tree-features';
import { addTreeOutput, addTreeOutputBinned } from './tree';

/** y = 1 when the signs of x0 and x1 differ (with 5% label noise); x2, x3 are noise. */
function xorData(rows: number, seed: number, missingShare = 0): GbdtData {
  const random = createRandom(seed);
  const width = 4;
  const x = new Float32Array(rows * width);
  const y = new Float64Array(rows);
  for (let i = 0; i < rows; i += 1) {
    for (let j = 0; j < width; j += 1) x[i * width + j] = random.normal();
    const differ = (x[i * width] as number) * (x[i * width + 1] as number) < 0;
    y[i] = (random.uniform() < 0.05 ? !differ : differ) ? 1 : 0;
    if (missingShare > 0 && random.uniform() < missingShare) x[i * width + 2] = Number.NaN;
  }
  return { x, y };
}

const quick = { ...DEFAULT_GBDT_CONFIG, maxRounds: 200, patience: 20, learningRate: 0.1 };

describe('binning', () => {
  it('gives each distinct value its own bin when there are few, quantile bins otherwise', () => {
    const rows = 1000;
    const x = new Float32Array(rows * 2);
    for (let i = 0; i < rows; i += 1) {
      x[i * 2] = i % 3; // three values
      x[i * 2 + 1] = i; // a thousand values
    }
    const bins = fitBins(x, rows, 2, 33);
    expect(Array.from(bins.edges[0]!)).toEqual([0.5, 1.5]);
    expect(bins.counts[0]).toBe(4);
    expect(bins.counts[1]).toBeLessThanOrEqual(33);
    expect(bins.counts[1]).toBeGreaterThan(25);
    const binned = binMatrix(bins, x, rows);
    // Bins are ordered like the values and roughly equally filled.
    const filled = new Array<number>(bins.counts[1]!).fill(0);
    for (let i = 0; i < rows; i += 1) {
      filled[binned[i * 2 + 1]!]! += 1;
      if (i > 0) expect(binned[i * 2 + 1]!).toBeGreaterThanOrEqual(binned[(i - 1) * 2 + 1]!);
    }
    expect(Math.max(...filled.slice(1))).toBeLessThanOrEqual(2 * Math.ceil(rows / 32));
    expect(binOf(bins, 0, 2)).toBe(3);
    expect(binOf(bins, 0, 7)).toBe(3);
    expect(binOf(bins, 0, -7)).toBe(1);
  });

  it('handles a constant column, an all-missing column and missing values', () => {
    const rows = 50;
    const x = new Float32Array(rows * 3);
    for (let i = 0; i < rows; i += 1) {
      x[i * 3] = 4;
      x[i * 3 + 1] = Number.NaN;
      x[i * 3 + 2] = i % 5 === 0 ? Number.NaN : i;
    }
    const bins = fitBins(x, rows, 3);
    expect(bins.edges[0]!.length).toBe(0);
    expect(bins.edges[1]!.length).toBe(0);
    const binned = binMatrix(bins, x, rows);
    for (let i = 0; i < rows; i += 1) {
      expect(binned[i * 3]).toBe(1);
      expect(binned[i * 3 + 1]).toBe(MISSING_BIN);
      expect(binned[i * 3 + 2] === MISSING_BIN).toBe(i % 5 === 0);
    }
    expect(() => fitBins(x, rows, 3, 300)).toThrow(RangeError);
  });

  it('trees fit on constant and all-missing columns alone predict the base rate', () => {
    const rows = 200;
    const x = new Float32Array(rows * 2);
    const y = new Float64Array(rows);
    for (let i = 0; i < rows; i += 1) {
      x[i * 2] = 1;
      x[i * 2 + 1] = Number.NaN;
      y[i] = i % 4 === 0 ? 1 : 0;
    }
    const model = fitGbdt({ x, y }, { x, y }, 2, quick, 1);
    expect(model.trees.every((t) => t.left[0] === -1)).toBe(true);
    const p = 1 / (1 + Math.exp(-model.logits(x, rows)[0]!));
    expect(p).toBeCloseTo(0.25, 6);
  });
});

describe('fitGbdt', () => {
  const train = xorData(4000, 1);
  const validation = xorData(1000, 2);
  const test = xorData(2000, 3);

  it('learns an XOR interaction that logistic regression cannot', () => {
    const model = fitGbdt(train, validation, 4, quick, 7);
    const gbdtAuc = rocAuc(test.y, model.logits(test.x, 2000));
    const logistic = fitLogistic(train.x, train.y, 4, 1e-3);
    const logisticAuc = rocAuc(test.y, logistic.logits(test.x, 2000));
    expect(gbdtAuc).toBeGreaterThan(0.9);
    expect(Math.abs(logisticAuc - 0.5)).toBeLessThan(0.06);
    // The two signal columns carry nearly all the split gain.
    const total = model.gain.reduce((s, g) => s + g, 0);
    expect((model.gain[0]! + model.gain[1]!) / total).toBeGreaterThan(0.8);
  });

  it('scores the same through the packed forest, tree by tree, and on the training bins', () => {
    const model = fitGbdt(train, validation, 4, quick, 7);
    const rows = 1000;
    const x = train.x.subarray(0, rows * 4);
    const treeByTree = new Float64Array(rows).fill(model.baseScore);
    for (const tree of model.trees) addTreeOutput(tree, x, rows, 4, treeByTree);
    const bins = fitBins(train.x, 4000, 4);
    const onBins = new Float64Array(rows).fill(model.baseScore);
    const binned = binMatrix(bins, x, rows);
    for (const tree of model.trees) addTreeOutputBinned(tree, binned, rows, 4, onBins);
    const packed = model.logits(x, rows);
    for (let i = 0; i < rows; i += 1) {
      expect(packed[i]).toBeCloseTo(treeByTree[i]!, 10);
      expect(onBins[i]).toBeCloseTo(treeByTree[i]!, 10);
    }
  });

  it('stops early when the validation log-loss stops improving and keeps the best round', () => {
    const losses: number[] = [];
    // Tiny rows per leaf and a high rate: the ensemble overfits soon.
    const model = fitGbdt(
      train,
      validation,
      4,
      { ...quick, learningRate: 0.5, minDataInLeaf: 1, minChildWeight: 0, maxRounds: 500 },
      7,
      { onRound: (_, loss) => losses.push(loss) },
    );
    expect(model.rounds).toBeLessThan(500);
    expect(model.rounds).toBe(model.bestRound + 20);
    expect(model.trees).toHaveLength(model.bestRound);
    expect(losses).toHaveLength(model.rounds);
    const best = Math.min(...losses);
    expect(losses[model.bestRound - 1]).toBe(best);
    expect(model.valLogLoss).toBe(best);
  });

  it('is deterministic under a seed and differs with another seed', () => {
    const a = fitGbdt(train, validation, 4, quick, 11).logits(test.x, 2000);
    const b = fitGbdt(train, validation, 4, quick, 11).logits(test.x, 2000);
    const c = fitGbdt(train, validation, 4, quick, 12).logits(test.x, 2000);
    expect(Array.from(b)).toEqual(Array.from(a));
    expect(Array.from(c)).not.toEqual(Array.from(a));
  });

  it('routes missing values to the side that fits them (informative missingness)', () => {
    // Churn is signalled only by x0 being missing.
    const make = (rows: number, seed: number): GbdtData => {
      const random = createRandom(seed);
      const x = new Float32Array(rows * 2);
      const y = new Float64Array(rows);
      for (let i = 0; i < rows; i += 1) {
        const missing = random.uniform() < 0.3;
        x[i * 2] = missing ? Number.NaN : random.normal();
        x[i * 2 + 1] = random.normal();
        y[i] = random.uniform() < (missing ? 0.8 : 0.1) ? 1 : 0;
      }
      return { x, y };
    };
    const model = fitGbdt(make(3000, 1), make(1000, 2), 2, quick, 3);
    const probe = Float32Array.from([Number.NaN, 0, 0.3, 0]);
    const [missing, present] = Array.from(model.logits(probe, 2), (z) => 1 / (1 + Math.exp(-z)));
    expect(missing).toBeGreaterThan(0.7);
    expect(present).toBeLessThan(0.2);
    // Missing values in a noise column do not break training or prediction.
    const noisy = fitGbdt(xorData(3000, 4, 0.3), xorData(1000, 5, 0.3), 4, quick, 3);
    const noisyTest = xorData(2000, 3, 0.3);
    const auc = rocAuc(noisyTest.y, noisy.logits(noisyTest.x, 2000));
    expect(auc).toBeGreaterThan(0.9);
  });

  it('chooses a setting of the grid by validation log-loss', async () => {
    const grid = [
      { maxLeaves: 2, maxDepth: 1 },
      { maxLeaves: 8, maxDepth: 4 },
    ];
    const model = await fitGbdtGrid(train, validation, 4, 5, grid, quick);
    // Stumps cannot express XOR; the deeper setting wins.
    expect(model.config.maxLeaves).toBe(8);
    const aborted = AbortSignal.abort();
    await expect(
      fitGbdtGrid(train, validation, 4, 5, grid, quick, { signal: aborted }),
    ).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('rejects a matrix of the wrong size', () => {
    expect(() => fitGbdt({ x: new Float32Array(5), y: new Float64Array(2) }, train, 4)).toThrow(
      /expected 2 × 4/,
    );
  });
});

describe('fitTreeFeatures', () => {
  it('turns categoricals into churn rates (out-of-fold in training) and missing numerics into NaN', () => {
    const rows = 600;
    const random = createRandom(5);
    const plan: (string | null)[] = [];
    const spend = new Float64Array(rows);
    const labels = new Float64Array(rows);
    for (let i = 0; i < rows; i += 1) {
      const level = ['basic', 'pro', 'team'][i % 3] as string;
      plan.push(i % 50 === 0 ? null : level);
      spend[i] = i % 7 === 0 ? Number.NaN : random.normal();
      labels[i] = random.uniform() < (level === 'basic' ? 0.6 : 0.1) ? 1 : 0;
    }
    const columns: FeatureColumn[] = [
      { name: 'plan', type: 'categorical', strings: plan },
      { name: 'spend', type: 'numeric', numbers: spend },
    ];
    const trainRows = Int32Array.from({ length: rows }, (_, i) => i);
    const before = tf.memory().numTensors;
    const encoder = fitEncoder(columns, trainRows, labels, createRandom(1));
    const view = fitTreeFeatures(encoder, labels);
    expect(tf.memory().numTensors).toBe(before);
    expect(view.names).toEqual(['plan (churn rate)', 'spend']);
    expect(view.width).toBe(2);
    // Training rows: out-of-fold rates, near but not equal to the in-sample rates.
    const scored = view.transform(encoder.trainMatrix, rows);
    let basic = 0;
    for (let i = 0; i < rows; i += 1) {
      const oof = view.trainMatrix[i * 2]!;
      const full = scored[i * 2]!;
      expect(Math.abs(oof - full)).toBeLessThan(0.1);
      if (plan[i] === 'basic') basic = full;
      expect(Number.isNaN(scored[i * 2 + 1]!)).toBe(Number.isNaN(spend[i]!));
    }
    expect(basic).toBeGreaterThan(0.45);
    expect(Array.from(view.trainMatrix)).not.toEqual(Array.from(scored));
    // An occluded block (training means) maps to the mean rate.
    const occluded = Float32Array.from(encoder.means);
    expect(view.transform(occluded, 1)[0]).toBeCloseTo(labels.reduce((s, y) => s + y, 0) / rows, 1);
  });
});
