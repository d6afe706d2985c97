import * as tf from '@tensorflow/tfjs';
import type { Random } from '../common/random';

export interface WindowedMlpArchitecture {
  /** Input width: lookback values + calendar features. */
  inputSize: number;
  horizon: number;
  quantiles: number;
  hiddenUnits: readonly number[];
}

/**
 * N-BEATS-lite network for standardised windows: a ReLU MLP plus a linear skip path from the input
 * window straight to the outputs (linear autoregression carries trend and seasonal repetition; the
 * MLP learns the rest). Output: horizon × quantiles, step-major. Weights are seeded from `random`.
 */
export function buildWindowedMlp(
  architecture: WindowedMlpArchitecture,
  random: Random,
): tf.LayersModel {
  const { inputSize, horizon, quantiles, hiddenUnits } = architecture;
  const outputs = horizon * quantiles;
  const input = tf.input({ shape: [inputSize] });

  let hidden: tf.SymbolicTensor = input;
  for (const units of hiddenUnits) {
    hidden = tf.layers
      .dense({
        units,
        activation: 'relu',
        kernelInitializer: tf.initializers.heNormal({ seed: random.seed() }),
        biasInitializer: 'zeros',
      })
      .apply(hidden) as tf.SymbolicTensor;
  }
  const deep = tf.layers
    .dense({
      units: outputs,
      kernelInitializer: tf.initializers.glorotUniform({ seed: random.seed() }),
      biasInitializer: 'zeros',
    })
    .apply(hidden) as tf.SymbolicTensor;
  const skip = tf.layers
    .dense({
      units: outputs,
      useBias: false,
      kernelInitializer: tf.initializers.glorotUniform({ seed: random.seed() }),
    })
    .apply(input) as tf.SymbolicTensor;
  const output = tf.layers.add().apply([deep, skip]) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: output });
}
