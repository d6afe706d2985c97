import * as tf from '@tensorflow/tfjs';
import { BprMatrixFactorization, MF_DEFAULTS } from './bpr-mf';
import type { CandidateSpec } from './candidates';
import { sortRows } from './interactions';
import type { MfOptions } from './types';

export interface MfCandidateOptions {
  mf?: MfOptions;
  maxEpochs: number;
  onEpoch: (epoch: number, epochs: number, loss: number, valNdcg10?: number) => void;
}

/**
 * BPR matrix factorisation (opt-in: on implicit feedback it trails EASE and ALS at a higher cost):
 * epochs early-stopped on the tuning users' NDCG@10, the best epoch's weights kept, and the refit
 * trains the same number of epochs on all data.
 */
export function mfCandidate(options: MfCandidateOptions): CandidateSpec {
  const patience = options.mf?.patience ?? MF_DEFAULTS.patience;
  return {
    async tune(train, context) {
      const model = new BprMatrixFactorization(train.rows, train.cols, context.seed, options.mf);
      const sorted = sortRows(train);
      let best: tf.Tensor[] | null = null;
      let bestScore = Number.NEGATIVE_INFINITY;
      let bestEpoch = 0;
      let epoch = 0;
      try {
        while (epoch < options.maxEpochs && epoch - bestEpoch < patience) {
          const result = model.trainEpoch(train, sorted);
          epoch = result.epoch;
          const score = context.score(model);
          options.onEpoch(epoch, options.maxEpochs, result.loss, score);
          context.onStep(epoch, options.maxEpochs);
          if (score > bestScore) {
            bestScore = score;
            bestEpoch = epoch;
            if (best !== null) tf.dispose(best);
            best = model.snapshot();
          }
          await context.yieldNow();
        }
        if (best !== null && bestEpoch !== epoch) model.restore(best);
        else if (best !== null) tf.dispose(best);
        best = null;
        return {
          params: { epochs: bestEpoch, epochsRun: epoch },
          model,
          tried: 1,
          score: bestScore,
        };
      } catch (error) {
        if (best !== null) tf.dispose(best);
        model.dispose();
        throw error;
      }
    },
    async refit(matrix, params, seed) {
      const model = new BprMatrixFactorization(matrix.rows, matrix.cols, seed, options.mf);
      const sorted = sortRows(matrix);
      const epochs = params.epochs as number;
      for (let epoch = 1; epoch <= epochs; epoch += 1) {
        const result = model.trainEpoch(matrix, sorted);
        options.onEpoch(epoch, epochs, result.loss);
      }
      return model;
    },
  };
}
