import * as tf from '@tensorflow/tfjs';
import type { Random } from '../common/random';
import { pinballLossTensor } from './quantile-loss';
import type { FitOptions, FitSummary } from './types';
import type { TrainingWindows, WindowSet } from './windows';

export interface TrainingConfig {
  epochs: number;
  batchSize: number;
  learningRate: number;
  l2: number;
  patience: number;
  quantiles: readonly number[];
}

/**
 * Relative drop of the validation loss that resets the patience counter; smaller gains still update
 * the kept weights but do not extend training.
 */
const MIN_RELATIVE_IMPROVEMENT = 0.005;

function toTensors(set: WindowSet, inputSize: number, horizon: number): [tf.Tensor2D, tf.Tensor2D] {
  return [
    tf.tensor2d(set.inputs, [set.count, inputSize]),
    tf.tensor2d(set.targets, [set.count, horizon]),
  ];
}

const nextTick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * Trains `model` on the windows with Adam and the pinball loss (+ L2 on kernels), shuffling with the
 * seeded `random` each epoch, and stops early once the validation loss has not improved by 0.5% for
 * `patience` epochs; the weights of the epoch with the lowest validation loss are restored. Reports every epoch through
 * `onProgress` and stops at the next epoch boundary once `signal` is aborted. Frees every tensor it
 * makes.
 */
export async function trainQuantileModel(
  model: tf.LayersModel,
  windows: TrainingWindows,
  config: TrainingConfig,
  random: Random,
  options: FitOptions = {},
): Promise<FitSummary> {
  const { inputSize, horizon } = windows;
  const outputs = model.outputs[0]?.shape[1];
  if (model.inputs[0]?.shape[1] !== inputSize || outputs !== horizon * config.quantiles.length) {
    throw new RangeError('trainQuantileModel: model shape does not match the windows');
  }
  if (windows.train.count === 0 || windows.val.count === 0) {
    throw new RangeError('trainQuantileModel: need training and validation windows');
  }
  const { quantiles } = config;
  const phase = options.phase ?? 'fit';
  const variables = model.trainableWeights.map((weight) => weight.read() as tf.Variable);
  const kernels = model.trainableWeights
    .filter((weight) => weight.name.includes('kernel'))
    .map((weight) => weight.read());

  const [xTrain, yTrain] = toTensors(windows.train, inputSize, horizon);
  const [xVal, yVal] = toTensors(windows.val, inputSize, horizon);
  const optimizer = tf.train.adam(config.learningRate);
  let bestWeights: tf.Tensor[] | null = null;
  let bestValLoss = Number.POSITIVE_INFINITY;
  let bestEpoch = 0;
  let patienceReference = Number.POSITIVE_INFINITY;
  let lastSignificantEpoch = 0;
  let epoch = 0;

  const objective = (x: tf.Tensor2D, y: tf.Tensor2D): tf.Scalar => {
    const predictions = model.apply(x, { training: true }) as tf.Tensor2D;
    const loss = pinballLossTensor(y, predictions, quantiles);
    if (config.l2 === 0 || kernels.length === 0) return loss;
    const penalty = tf.addN(kernels.map((kernel) => kernel.square().sum())).mul(config.l2);
    return loss.add(penalty);
  };

  try {
    for (epoch = 1; epoch <= config.epochs; epoch += 1) {
      options.signal?.throwIfAborted();
      const order = random.permutation(windows.train.count);
      let lossSum = 0;
      let batches = 0;
      for (let start = 0; start < order.length; start += config.batchSize) {
        const batchIndices = order.subarray(
          start,
          Math.min(start + config.batchSize, order.length),
        );
        lossSum += tf.tidy(() => {
          const indices = tf.tensor1d(batchIndices, 'int32');
          const x = tf.gather(xTrain, indices);
          const y = tf.gather(yTrain, indices);
          const cost = optimizer.minimize(() => objective(x, y), true, variables);
          return cost === null ? 0 : (cost.dataSync()[0] ?? 0);
        });
        batches += 1;
      }
      const valLoss = tf.tidy(() => {
        const predictions = model.apply(xVal, { training: false }) as tf.Tensor2D;
        return pinballLossTensor(yVal, predictions, quantiles).dataSync()[0] ?? Number.NaN;
      });
      const loss = lossSum / batches;
      options.onProgress?.({ phase, epoch, epochs: config.epochs, loss, valLoss });

      if (valLoss < bestValLoss) {
        if (valLoss < patienceReference * (1 - MIN_RELATIVE_IMPROVEMENT)) {
          patienceReference = valLoss;
          lastSignificantEpoch = epoch;
        }
        bestValLoss = valLoss;
        bestEpoch = epoch;
        if (bestWeights !== null) tf.dispose(bestWeights);
        bestWeights = model.getWeights().map((weight) => weight.clone());
      }
      if (epoch - lastSignificantEpoch >= config.patience) break;
      await nextTick();
    }
    if (bestWeights !== null) model.setWeights(bestWeights);
  } finally {
    if (bestWeights !== null) tf.dispose(bestWeights);
    tf.dispose([xTrain, yTrain, xVal, yVal]);
    optimizer.dispose();
  }

  return {
    epochs: Math.min(epoch, config.epochs),
    bestEpoch,
    bestValLoss: Number.isFinite(bestValLoss) ? bestValLoss : null,
    trainWindows: windows.train.count,
    valWindows: windows.val.count,
  };
}
