/**
 * Tabular MLP for binary classification on an encoded matrix: ReLU hidden layers with dropout plus
 * a linear ("wide") path from the inputs to the output logit, trained with Adam on class-weighted
 * log-loss (+ L2 on kernels), early-stopped on the class-weighted validation log-loss with the best
 * epoch's weights restored. Written over raw tf variables so dropout masks come from the seeded
 * generator (deterministic under a seed) and every tensor is accounted for.
 */
import * as tf from '@tensorflow/tfjs';
import type { Random } from '../common/random';
import type { ChurnProgressListener } from './types';

export interface TabularMlpConfig {
  hiddenUnits: readonly number[];
  dropout: number;
  learningRate: number;
  batchSize: number;
  /** Maximum epochs. */
  epochs: number;
  /** Epochs without a 0.2% validation improvement before stopping. */
  patience: number;
  l2: number;
}

export const DEFAULT_MLP_CONFIG: TabularMlpConfig = {
  hiddenUnits: [64, 32],
  dropout: 0.2,
  learningRate: 2e-3,
  batchSize: 512,
  epochs: 100,
  patience: 8,
  l2: 1e-5,
};

export interface TabularMlp {
  /** Log-odds of each row of a row-major rows × width matrix (class-weighted scale). */
  logits(x: Float32Array, rows: number): Float64Array;
  epochs: number;
  bestEpoch: number;
  dispose(): void;
}

export interface MlpData {
  x: Float32Array;
  y: Float64Array;
}

const MIN_RELATIVE_IMPROVEMENT = 0.002;
const PREDICT_CHUNK = 8192;

function heNormal(rows: number, cols: number, random: Random, gain = 2): tf.Tensor2D {
  const values = new Float32Array(rows * cols);
  const scale = Math.sqrt(gain / rows);
  for (let i = 0; i < values.length; i += 1) values[i] = random.normal() * scale;
  return tf.tensor2d(values, [rows, cols]);
}

function weightedLogLoss(
  y: Float64Array,
  z: Float32Array | Float64Array,
  weights: [number, number],
): number {
  let sum = 0;
  let total = 0;
  for (let i = 0; i < y.length; i += 1) {
    const label = y[i] as number;
    const logit = z[i] as number;
    const w = label > 0.5 ? weights[1] : weights[0];
    const softplus = logit > 0 ? logit + Math.log1p(Math.exp(-logit)) : Math.log1p(Math.exp(logit));
    sum += w * (softplus - label * logit);
    total += w;
  }
  return sum / total;
}

const nextTick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

export interface FitTabularMlpOptions {
  onProgress?: ChurnProgressListener;
  /** Phase name reported through `onProgress`. Default `fit:mlp`. */
  phase?: string;
  /**
   * Stops training at the next epoch boundary: every tensor made here (weights, Adam state,
   * datasets, best-epoch snapshot) is freed and the promise rejects with `signal.reason`.
   */
  signal?: AbortSignal;
}

/** Trains the network; the caller owns the result and must `dispose()` it. */
export async function fitTabularMlp(
  train: MlpData,
  validation: MlpData,
  width: number,
  config: TabularMlpConfig,
  random: Random,
  options: FitTabularMlpOptions = {},
): Promise<TabularMlp> {
  const { onProgress, phase = 'fit:mlp', signal } = options;
  signal?.throwIfAborted();
  const nTrain = train.y.length;
  let positives = 0;
  for (const label of train.y) positives += label;
  const negatives = nTrain - positives;
  // Balanced class weights, normalised so the average weight over the training rows is 1.
  const classWeights: [number, number] = [
    nTrain / (2 * Math.max(negatives, 1)),
    nTrain / (2 * Math.max(positives, 1)),
  ];

  const kernels: tf.Variable[] = [];
  const biases: tf.Variable[] = [];
  let fanIn = width;
  for (const units of config.hiddenUnits) {
    kernels.push(tf.tidy(() => tf.variable(heNormal(fanIn, units, random))));
    biases.push(tf.tidy(() => tf.variable(tf.zeros([units]))));
    fanIn = units;
  }
  const outKernel = tf.tidy(() => tf.variable(heNormal(fanIn, 1, random, 1)));
  const wideKernel = tf.tidy(() => tf.variable(tf.zeros([width, 1])));
  // Balanced weights make the weighted base rate 1/2: start the output bias at log-odds 0.
  const outBias = tf.tidy(() => tf.variable(tf.scalar(0)));
  const variables = [...kernels, ...biases, outKernel, wideKernel, outBias];

  const forward = (x: tf.Tensor2D, masks: tf.Tensor2D[] | null): tf.Tensor2D => {
    let h: tf.Tensor2D = x;
    kernels.forEach((kernel, layer) => {
      h = tf.relu(tf.add(tf.matMul(h, kernel), biases[layer] as tf.Variable)) as tf.Tensor2D;
      const mask = masks?.[layer];
      if (mask !== undefined) h = tf.mul(h, mask);
    });
    return tf.add(tf.add(tf.matMul(h, outKernel), tf.matMul(x, wideKernel)), outBias);
  };

  /** Inverted-dropout masks (0 or 1/(1−p)) drawn from the seeded generator. */
  const dropoutMasks = (rows: number): tf.Tensor2D[] | null => {
    if (config.dropout <= 0) return null;
    const keepScale = 1 / (1 - config.dropout);
    return config.hiddenUnits.map((units) => {
      const values = new Float32Array(rows * units);
      for (let i = 0; i < values.length; i += 1)
        values[i] = random.uniform() < config.dropout ? 0 : keepScale;
      return tf.tensor2d(values, [rows, units]);
    });
  };

  const predict = (x: Float32Array, rows: number): Float64Array => {
    const out = new Float64Array(rows);
    for (let start = 0; start < rows; start += PREDICT_CHUNK) {
      const count = Math.min(PREDICT_CHUNK, rows - start);
      const values = tf.tidy(() => {
        const input = tf.tensor2d(x.subarray(start * width, (start + count) * width), [
          count,
          width,
        ]);
        return forward(input, null).dataSync();
      });
      out.set(values, start);
    }
    return out;
  };

  const xTrain = tf.tensor2d(train.x, [nTrain, width]);
  const yTrain = tf.tensor2d(Float32Array.from(train.y), [nTrain, 1]);
  const wTrain = tf.tensor2d(
    Float32Array.from(train.y, (label) => (label > 0.5 ? classWeights[1] : classWeights[0])),
    [nTrain, 1],
  );
  const optimizer = tf.train.adam(config.learningRate);
  let best: tf.Tensor[] | null = null;
  let bestLoss = Number.POSITIVE_INFINITY;
  let reference = Number.POSITIVE_INFINITY;
  let lastSignificant = 0;
  let bestEpoch = 0;
  let epoch = 0;
  try {
    for (epoch = 1; epoch <= config.epochs; epoch += 1) {
      // Epoch boundary: a cancelled run stops here; the catch/finally below free every tensor.
      signal?.throwIfAborted();
      const order = random.permutation(nTrain);
      const batchLosses: tf.Scalar[] = [];
      for (let start = 0; start < nTrain; start += config.batchSize) {
        const batch = order.subarray(start, Math.min(start + config.batchSize, nTrain));
        const batchLoss = tf.tidy(() => {
          const masks = dropoutMasks(batch.length);
          const indices = tf.tensor1d(batch, 'int32');
          const x = tf.gather(xTrain, indices);
          const y = tf.gather(yTrain, indices);
          const w = tf.gather(wTrain, indices);
          const cost = optimizer.minimize(
            () => {
              const z = forward(x, masks);
              // Numerically stable BCE with logits: max(z,0) − z·y + log(1 + e^−|z|).
              const perRow = tf.add(
                tf.sub(tf.relu(z), tf.mul(z, y)),
                tf.log1p(tf.exp(tf.neg(tf.abs(z)))),
              );
              const data = tf.div(tf.sum(tf.mul(perRow, w)), tf.sum(w));
              if (config.l2 === 0) return data as tf.Scalar;
              const penalty = tf.mul(tf.addN(kernels.map((k) => tf.sum(tf.square(k)))), config.l2);
              return tf.add(data, penalty) as tf.Scalar;
            },
            true,
            variables,
          );
          return cost ?? tf.scalar(0);
        });
        batchLosses.push(batchLoss);
      }
      const lossSum = batchLosses.map((l) => l.dataSync()[0] ?? 0).reduce((a, b) => a + b, 0);
      const batches = batchLosses.length;
      tf.dispose(batchLosses);
      const valLoss = weightedLogLoss(
        validation.y,
        predict(validation.x, validation.y.length),
        classWeights,
      );
      onProgress?.({ phase, epoch, epochs: config.epochs, loss: lossSum / batches, valLoss });
      if (valLoss < bestLoss) {
        if (valLoss < reference * (1 - MIN_RELATIVE_IMPROVEMENT)) {
          reference = valLoss;
          lastSignificant = epoch;
        }
        bestLoss = valLoss;
        bestEpoch = epoch;
        if (best !== null) tf.dispose(best);
        best = variables.map((v) => v.clone());
      }
      if (epoch - lastSignificant >= config.patience) break;
      await nextTick();
    }
    if (best !== null) best.forEach((value, i) => (variables[i] as tf.Variable).assign(value));
  } catch (error) {
    tf.dispose(variables);
    throw error;
  } finally {
    if (best !== null) tf.dispose(best);
    tf.dispose([xTrain, yTrain, wTrain]);
    optimizer.dispose();
  }
  return {
    logits: predict,
    epochs: Math.min(epoch, config.epochs),
    bestEpoch,
    dispose: () => tf.dispose(variables),
  };
}
