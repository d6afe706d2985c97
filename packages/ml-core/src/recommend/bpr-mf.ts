import * as tf from '@tensorflow/tfjs';
import { embeddingNeighbours } from './embedding-neighbours';
import { createRandom, type Random } from '../common/random';
import { rowContains, sortRows, type CsrMatrix } from './interactions';
import type { ItemScorer } from './ranking';
import { lookupRows, poolRows, registerEmbeddingKernels } from './embedding-ops';
import type { MfOptions } from './types';

export interface BprEpochResult {
  epoch: number;
  /** Mean BPR log-loss + L2 penalty over the epoch's batches. */
  loss: number;
  /** Training pairs seen. */
  samples: number;
  ms: number;
}

export const MF_DEFAULTS: Required<MfOptions> = {
  userTower: 'history',
  dim: 32,
  learningRate: 0.003,
  l2: 1e-4,
  batchSize: 2048,
  patience: 3,
  lookups: 'fast',
  registerKernels: true,
  negatives: 1,
};

/** One BPR batch as int32 / float32 tensors. */
interface Batch {
  /** History mode: every history item of the batch's users, and which batch user it belongs to. */
  historyItems: tf.Tensor1D | null;
  historySegment: tf.Tensor1D | null;
  /** Per pair: batch user (history mode) or user id (embedding mode), positive, negative, scale. */
  pairUser: tf.Tensor1D;
  positives: tf.Tensor1D;
  negatives: tf.Tensor1D;
  scale: tf.Tensor2D | null;
  batchUsers: number;
}

/**
 * Neural matrix factorisation as a two-tower model with a dot product, trained with the BPR loss:
 * for an observed (user u, item i) and a sampled unobserved item j, minimise
 * −log σ(s(u,i) − s(u,j)) with s(u,i) = e_u · q_i + b_i, plus L2 on the looked-up vectors.
 *
 * User tower (`userTower`):
 * - `history` (default): e_u = Σ_{h ∈ history(u), h ≠ i} w_h / √(|history| − 1) over a second
 *   item table w (the positive is left out of its own user vector, as in FISM), so a user is
 *   described by what they used; new interactions need no retraining of a user row;
 * - `embedding`: a free user embedding p_u (classic MF).
 * Lookups are `tf.gather` (+ `tf.unsortedSegmentSum` to pool histories); their gradients are
 * UnsortedSegmentSum / gather, fast with the registered plain-JS kernel. Negatives are sampled
 * uniformly from each user's unseen items with a seeded generator, so training is deterministic
 * under a seed on a given backend.
 */
export class BprMatrixFactorization implements ItemScorer {
  readonly items: number;
  readonly users: number;
  readonly options: Required<MfOptions>;
  /** User embeddings [users, dim] (embedding tower) or history item table [items, dim]. */
  private userTable: tf.Variable<tf.Rank.R2>;
  private itemEmbedding: tf.Variable<tf.Rank.R2>;
  private itemBias: tf.Variable<tf.Rank.R1>;
  private optimizer: tf.Optimizer;
  private readonly random: Random;
  private epochsRun = 0;
  /** Interactions the user tower reads (set by `trainEpoch`, or `useHistory`). */
  private history: CsrMatrix | null = null;

  constructor(users: number, items: number, seed: number, options: MfOptions = {}) {
    this.users = users;
    this.items = items;
    this.options = { ...MF_DEFAULTS, ...options };
    if (this.options.registerKernels) registerEmbeddingKernels();
    this.random = createRandom(seed);
    const { dim, userTower } = this.options;
    const init = (rows: number): Float32Array => {
      const values = new Float32Array(rows * dim);
      for (let p = 0; p < values.length; p += 1) values[p] = 0.1 * this.random.normal();
      return values;
    };
    const userRows = userTower === 'history' ? items : users;
    // tidy frees the initial values; variables survive it.
    this.userTable = tf.tidy(() => tf.variable(tf.tensor2d(init(userRows), [userRows, dim])));
    this.itemEmbedding = tf.tidy(() => tf.variable(tf.tensor2d(init(items), [items, dim])));
    this.itemBias = tf.tidy(() => tf.variable(tf.zeros([items])));
    this.optimizer = tf.train.adam(this.options.learningRate);
  }

  private lookup<R extends tf.Rank>(table: tf.Tensor<R>, ids: tf.Tensor1D): tf.Tensor<R> {
    return this.options.lookups === 'fast' ? lookupRows(table, ids) : tf.gather(table, ids);
  }

  private pool(x: tf.Tensor2D, segments: tf.Tensor1D, n: number): tf.Tensor2D {
    return this.options.lookups === 'fast'
      ? poolRows(x, segments, n)
      : tf.unsortedSegmentSum(x, segments, n);
  }

  /** Sets the interactions the history tower pools (scoring without training). */
  useHistory(matrix: CsrMatrix): void {
    this.history = matrix;
  }

  /**
   * One epoch: users in a seeded random order, every training pair of theirs once with one
   * sampled negative, in batches of about `batchSize` pairs. `maxPairs` cuts the epoch short
   * (speed measurements).
   */
  trainEpoch(
    train: CsrMatrix,
    sortedTrain: CsrMatrix = sortRows(train),
    maxPairs = Number.POSITIVE_INFINITY,
  ): BprEpochResult {
    const started = performance.now();
    this.history = train;
    const { batchSize, l2 } = this.options;
    const order = this.random.permutation(train.rows);
    let lossSum = 0;
    let batches = 0;
    let samples = 0;
    let cursor = 0;
    while (cursor < order.length && samples < maxPairs) {
      const users: number[] = [];
      let pairs = 0;
      while (cursor < order.length && (pairs === 0 || pairs < batchSize)) {
        const u = order[cursor] as number;
        cursor += 1;
        const count = (train.indptr[u + 1] as number) - (train.indptr[u] as number);
        if (count === 0) continue;
        users.push(u);
        pairs += count;
      }
      if (pairs === 0) break;
      const batch = this.makeBatch(train, sortedTrain, users, this.random);
      try {
        const loss = this.optimizer.minimize(() => this.bprLoss(batch, l2), true);
        if (loss !== null) {
          lossSum += loss.dataSync()[0] as number;
          loss.dispose();
        }
      } finally {
        disposeBatch(batch);
      }
      samples += pairs;
      batches += 1;
    }
    this.epochsRun += 1;
    return {
      epoch: this.epochsRun,
      loss: batches > 0 ? lossSum / batches : 0,
      samples,
      ms: performance.now() - started,
    };
  }

  /** Builds the tensors of one batch: all training pairs of `users`. */
  private makeBatch(
    train: CsrMatrix,
    sortedTrain: CsrMatrix,
    users: number[],
    random: Random,
    only?: { items: Int32Array },
  ): Batch {
    const history = this.options.userTower === 'history';
    const pairUser: number[] = [];
    const positives: number[] = [];
    const negatives: number[] = [];
    const scale: number[] = [];
    const historyItems: number[] = [];
    const historySegment: number[] = [];
    users.forEach((u, b) => {
      const begin = train.indptr[u] as number;
      const end = train.indptr[u + 1] as number;
      const count = end - begin;
      if (history) {
        for (let p = begin; p < end; p += 1) {
          historyItems.push(train.indices[p] as number);
          historySegment.push(b);
        }
      }
      const targets =
        only === undefined ? train.indices.subarray(begin, end) : [only.items[b] as number];
      for (const i of targets) {
        pairUser.push(history ? b : u);
        positives.push(i);
        for (let n = 0; n < this.options.negatives; n += 1) {
          negatives.push(this.sampleNegative(sortedTrain, u, random, i));
        }
        // The held-out item of `only` is not in the history, so nothing is left out for it.
        scale.push(1 / Math.sqrt(Math.max(1, only === undefined ? count - 1 : count)));
      }
    });
    const int = (values: number[]): tf.Tensor1D => tf.tensor1d(values, 'int32');
    return {
      historyItems: history ? int(historyItems) : null,
      historySegment: history ? int(historySegment) : null,
      pairUser: int(pairUser),
      positives: int(positives),
      negatives: int(negatives),
      scale: history ? tf.tensor2d(scale, [scale.length, 1]) : null,
      batchUsers: users.length,
    };
  }

  /** User vectors of a batch's pairs, [pairs, dim]. */
  private pairUserVectors(batch: Batch, leaveOutPositive: boolean): tf.Tensor2D {
    if (batch.historyItems === null || batch.historySegment === null || batch.scale === null) {
      return this.lookup(this.userTable, batch.pairUser);
    }
    const pooled = this.pool(
      this.lookup(this.userTable, batch.historyItems),
      batch.historySegment,
      batch.batchUsers,
    );
    let sums: tf.Tensor2D = this.lookup(pooled, batch.pairUser);
    if (leaveOutPositive) sums = tf.sub(sums, this.lookup(this.userTable, batch.positives));
    return tf.mul(sums, batch.scale);
  }

  private bprLoss(batch: Batch, l2: number, leaveOutPositive = true): tf.Scalar {
    return tf.tidy(() => {
      const e = this.pairUserVectors(batch, leaveOutPositive);
      const qi = this.lookup(this.itemEmbedding, batch.positives);
      const pairs = batch.positives.shape[0];
      const perPair = batch.negatives.shape[0] / pairs;
      const qj = this.lookup(this.itemEmbedding, batch.negatives);
      const bi = this.lookup(this.itemBias, batch.positives);
      const bj = this.lookup(this.itemBias, batch.negatives);
      const positive = tf.sum(tf.mul(e, qi), 1).add(bi);
      const negative = tf
        .sum(tf.mul(e.expandDims(1), qj.reshape([pairs, perPair, this.options.dim])), 2)
        .add(bj.reshape([pairs, perPair]));
      const margin = tf.sub(positive.expandDims(1), negative);
      // −log σ(m) = softplus(−m); tf.logSigmoid's custom gradient fails on the wasm backend.
      const logLoss = tf.mean(tf.softplus(tf.neg(margin)));
      if (l2 === 0) return logLoss as tf.Scalar;
      const penalty = tf
        .sum(tf.square(e))
        .add(tf.sum(tf.square(qi)))
        .add(tf.sum(tf.square(qj)).div(perPair))
        .mul(l2 / pairs);
      return logLoss.add(penalty) as tf.Scalar;
    });
  }

  /**
   * Mean BPR log-loss (no penalty) of (user, held-out item) against one seeded negative each, with
   * user vectors from `train` — a validation loss for progress reports.
   */
  heldOutLoss(
    train: CsrMatrix,
    sortedTrain: CsrMatrix,
    users: Int32Array,
    heldOut: Int32Array,
    seed: number,
  ): number {
    if (users.length === 0) return 0;
    const batch = this.makeBatch(train, sortedTrain, Array.from(users), createRandom(seed), {
      items: heldOut,
    });
    try {
      return tf.tidy(() => this.bprLoss(batch, 0, false).dataSync()[0] as number);
    } finally {
      disposeBatch(batch);
    }
  }

  private sampleNegative(sorted: CsrMatrix, u: number, random: Random, avoid: number): number {
    let j = random.int(this.items);
    for (let attempt = 0; attempt < 20; attempt += 1) {
      if (j !== avoid && !rowContains(sorted, u, j)) return j;
      j = random.int(this.items);
    }
    return j;
  }

  /** User vectors [users.length, dim] for scoring (the whole history, nothing left out). */
  private userVectors(users: Int32Array): tf.Tensor2D {
    if (this.options.userTower === 'embedding') {
      return this.lookup(this.userTable, tf.tensor1d(users, 'int32'));
    }
    const history = this.history;
    if (history === null) throw new Error('BprMatrixFactorization: no interactions to pool yet.');
    const items: number[] = [];
    const segment: number[] = [];
    const scale = new Float32Array(users.length);
    users.forEach((u, b) => {
      const begin = history.indptr[u] as number;
      const end = history.indptr[u + 1] as number;
      for (let p = begin; p < end; p += 1) {
        items.push(history.indices[p] as number);
        segment.push(b);
      }
      scale[b] = 1 / Math.sqrt(Math.max(1, end - begin));
    });
    return tf.tidy(() =>
      tf.mul(
        this.pool(
          this.lookup(this.userTable, tf.tensor1d(items, 'int32')),
          tf.tensor1d(segment, 'int32'),
          users.length,
        ),
        tf.tensor2d(scale, [users.length, 1]),
      ),
    );
  }

  scoreUsers(users: Int32Array, out: Float32Array): void {
    const scores = tf.tidy(() =>
      tf.matMul(this.userVectors(users), this.itemEmbedding, false, true).add(this.itemBias),
    );
    try {
      out.set(scores.dataSync() as Float32Array);
    } finally {
      scores.dispose();
    }
  }

  /** Snapshot of the weights, to restore the best epoch later. */
  snapshot(): tf.Tensor[] {
    return [this.userTable, this.itemEmbedding, this.itemBias].map((v) => tf.clone(v));
  }

  /** Restores (and disposes) a snapshot. */
  restore(weights: tf.Tensor[]): void {
    const [user, item, bias] = weights as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D];
    this.userTable.assign(user);
    this.itemEmbedding.assign(item);
    this.itemBias.assign(bias);
    tf.dispose(weights);
  }

  /** Item embeddings (item tower), row-major `items × dim`. */
  itemVectors(): Float32Array {
    return this.itemEmbedding.dataSync() as Float32Array;
  }

  /** Items closest in the item tower (cosine). */
  similarItems(k: number): { index: number; score: number }[][] {
    return embeddingNeighbours(this.itemVectors(), this.items, k);
  }

  dispose(): void {
    this.optimizer.dispose();
    tf.dispose([this.userTable, this.itemEmbedding, this.itemBias]);
  }
}

function disposeBatch(batch: Batch): void {
  const tensors: (tf.Tensor | null)[] = [
    batch.historyItems,
    batch.historySegment,
    batch.pairUser,
    batch.positives,
    batch.negatives,
    batch.scale,
  ];
  tf.dispose(tensors.filter((t): t is tf.Tensor => t !== null));
}
