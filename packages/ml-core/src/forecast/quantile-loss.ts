import * as tf from '@tensorflow/tfjs';

/** Quantiles the neural forecaster predicts, in output order. */
export const FORECAST_QUANTILES = [0.1, 0.5, 0.9] as const;

/**
 * Mean pinball loss of quantile predictions. `targets` is [batch, horizon]; `predictions` is
 * [batch, horizon · Q] laid out step-major (step 0's Q quantiles, then step 1's, …).
 */
export function pinballLossTensor(
  targets: tf.Tensor2D,
  predictions: tf.Tensor2D,
  quantiles: readonly number[],
): tf.Scalar {
  return tf.tidy(() => {
    const [batch, horizon] = targets.shape;
    const q = tf.tensor1d([...quantiles]);
    const byQuantile = predictions.reshape([batch, horizon, quantiles.length]);
    const diff = targets.expandDims(2).sub(byQuantile);
    return tf.maximum(diff.mul(q), diff.mul(q.sub(1))).mean();
  });
}
