import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { csrFromRows } from '../../test/csr';
import { selectBackend } from '../../test/tf-backend';
import { createRandom } from '../common/random';
import { EaseRecommender } from './ease';
import { ImplicitAls } from './ials';
import type { CsrMatrix } from './interactions';
import { ItemKnnRecommender } from './item-knn';
import type { ItemScorer } from './ranking';
import { fitRp3betaGrid } from './rp3beta';
import { chooseRecommender } from './selection';
import { choleskyInverse, spdInverse } from './spd-inverse';

beforeAll(async () => {
  await selectBackend({ prefer: 'cpu' });
});

const csr = csrFromRows;

/** A seeded SPD matrix XᵀX + n·I. */
function spd(n: number): Float64Array {
  let state = 12345;
  const next = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648 - 0.5;
  const x = Float64Array.from({ length: n * n }, next);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i += 1)
    for (let j = 0; j < n; j += 1) {
      let sum = i === j ? n * 0.1 : 0;
      for (let k = 0; k < n; k += 1) sum += (x[k * n + i] as number) * (x[k * n + j] as number);
      a[i * n + j] = sum;
    }
  return a;
}

describe('spdInverse', () => {
  it('inverts across several sweep blocks (A·A⁻¹ = I) and frees its tensors', () => {
    const n = 300; // two blocks of 256 and 44
    const a = spd(n);
    const before = tf.memory().numTensors;
    const values = spdInverse(Float32Array.from(a), n);
    expect(tf.memory().numTensors).toBe(before);
    let worst = 0;
    for (const i of [0, 17, 255, 256, 299])
      for (let j = 0; j < n; j += 1) {
        let sum = 0;
        for (let k = 0; k < n; k += 1)
          sum += (a[i * n + k] as number) * (values[k * n + j] as number);
        worst = Math.max(worst, Math.abs(sum - (i === j ? 1 : 0)));
      }
    expect(worst).toBeLessThan(1e-3);
  });

  it('refuses a matrix that is not positive definite', () => {
    expect(() => choleskyInverse(Float64Array.from([1, 2, 2, 1]), 2)).toThrow(/positive definite/);
  });
});

describe('EASE', () => {
  it('matches the closed form B = I − P·diag(1/diag P) on a tiny matrix', () => {
    const matrix = csr(
      [
        [0, 1],
        [1, 2],
        [0, 1, 2],
        [2, 3],
        [0, 3],
        [1, 3],
      ],
      4,
    );
    const lambda = 0.7;
    const model = new EaseRecommender(matrix, { lambda });
    // Direct: G = XᵀX + λI in float64, P = G⁻¹, B_ij = −P_ij / P_jj, diag 0.
    const g = new Float64Array(16);
    for (let u = 0; u < matrix.rows; u += 1) {
      const row = Array.from(matrix.indices.subarray(matrix.indptr[u], matrix.indptr[u + 1]));
      for (const a of row) for (const b of row) g[a * 4 + b] = (g[a * 4 + b] as number) + 1;
    }
    for (let i = 0; i < 4; i += 1) g[i * 5] = (g[i * 5] as number) + lambda;
    const p = choleskyInverse(g, 4);
    for (let i = 0; i < 4; i += 1)
      for (let j = 0; j < 4; j += 1) {
        const expected = i === j ? 0 : -(p[i * 4 + j] as number) / (p[j * 4 + j] as number);
        expect(model.weights[i * 4 + j]).toBeCloseTo(expected, 4);
      }
  });

  it('gives the same weights through the few-users (Woodbury) path as through the item inverse', () => {
    // 3 users × 8 items: fewer users than half the items, so the users×users path runs.
    const few = csr(
      [
        [0, 1, 2, 5],
        [1, 2, 3, 7],
        [0, 4, 5, 6, 7],
      ],
      8,
    );
    const model = new EaseRecommender(few, { lambda: 2 });
    const g = new Float64Array(64);
    for (let u = 0; u < few.rows; u += 1) {
      const row = Array.from(few.indices.subarray(few.indptr[u], few.indptr[u + 1]));
      for (const a of row) for (const b of row) g[a * 8 + b] = (g[a * 8 + b] as number) + 1;
    }
    for (let i = 0; i < 8; i += 1) g[i * 9] = (g[i * 9] as number) + 2;
    const p = choleskyInverse(g, 8);
    for (let i = 0; i < 8; i += 1)
      for (let j = 0; j < 8; j += 1) {
        const expected = i === j ? 0 : -(p[i * 8 + j] as number) / (p[j * 8 + j] as number);
        expect(model.weights[i * 8 + j]).toBeCloseTo(expected, 4);
      }
  });

  it('models only the most frequent items and ranks the rest after them by popularity', () => {
    const matrix = csr(
      [
        [0, 1],
        [0, 1],
        [0, 2],
        [1, 3],
        [0, 1, 3],
      ],
      4,
    );
    const model = new EaseRecommender(matrix, { lambda: 1, maxItems: 2 });
    expect(Array.from(model.modelled)).toEqual([0, 1]);
    const out = new Float32Array(4);
    model.scoreUsers(Int32Array.from([2]), out);
    expect(out[1]).toBeGreaterThan(out[3] as number);
    expect(out[3]).toBeGreaterThan(out[2] as number); // item 3 (2 users) before item 2 (1 user)
  });
});

/**
 * Planted structure: two item groups (0–19, 20–39); each user uses 6 items of one group. Every
 * personalised model must rank unseen items of the user's own group first.
 */
function planted(): CsrMatrix {
  const rows: number[][] = [];
  const random = createRandom(7);
  const next = () => random.int(20);
  for (let u = 0; u < 120; u += 1) {
    const group = u % 2;
    const row = new Set<number>();
    while (row.size < 6) row.add(group * 20 + next());
    rows.push([...row]);
  }
  return csr(rows, 40);
}

function topItems(model: ItemScorer, matrix: CsrMatrix, user: number, k: number): number[] {
  const out = new Float32Array(matrix.cols);
  model.scoreUsers(Int32Array.from([user]), out);
  const seen = new Set(matrix.indices.subarray(matrix.indptr[user], matrix.indptr[user + 1]));
  return Array.from(out.keys())
    .filter((i) => !seen.has(i))
    .sort((a, b) => (out[b] as number) - (out[a] as number) || a - b)
    .slice(0, k);
}

describe('personalised candidates on planted structure', () => {
  const matrix = planted();
  const als = new ImplicitAls(matrix, { dim: 2, alpha: 10, lambda: 1 }, 3);
  for (let s = 0; s < 6; s += 1) als.sweep();
  const models: [string, ItemScorer][] = [
    ['item_knn', new ItemKnnRecommender(matrix, { neighbours: 30 })],
    ['rp3beta', fitRp3betaGrid(matrix, 1, [{ beta: 0.5, neighbours: 30 }])[0]!.model],
    ['ease', new EaseRecommender(matrix, { lambda: 5 })],
    ['ials', als],
  ];
  for (const [name, model] of models) {
    it(`${name} ranks the user's own group first and explains with history items`, () => {
      for (const user of [0, 1, 57, 118]) {
        const group = user % 2;
        const top = topItems(model, matrix, user, 10);
        expect(top.every((i) => Math.floor(i / 20) === group)).toBe(true);
        const history = new Set(
          matrix.indices.subarray(matrix.indptr[user], matrix.indptr[user + 1]),
        );
        const because = model.explain!(user, Int32Array.from(top));
        for (const source of because) expect(history.has(source)).toBe(true);
      }
      const similar = model.similarItems!(5);
      expect(similar[3]!.every(({ index }) => index < 20 && index !== 3)).toBe(true);
    });
  }
  it('frees the ALS scoring tensor', () => {
    const before = tf.memory().numTensors;
    als.dispose();
    expect(tf.memory().numTensors).toBeLessThanOrEqual(before);
    expect(tf.memory().numTensors).toBe(before - (before > 0 ? 1 : 0));
  });
});

describe('chooseRecommender', () => {
  const gains = (values: number[]) => Float64Array.from(values);
  it('keeps the simpler model when the leader wins within one standard error', () => {
    const { chosen, selection } = chooseRecommender([
      { name: 'item_knn', ndcg10: 0.5, gains: gains([1, 0, 1, 0, 0.5, 0.5]) },
      { name: 'ease', ndcg10: 0.5167, gains: gains([1, 0, 1, 0.1, 0.5, 0.5]) },
    ]);
    expect(chosen).toBe('item_knn');
    expect(selection).toMatch(/^Item-kNN chosen: EASE scored NDCG@10/);
    expect(selection).toMatch(/within one standard error/);
  });
  it('takes the leader when it wins beyond noise', () => {
    const n = 200;
    const { chosen } = chooseRecommender([
      {
        name: 'popularity',
        ndcg10: 0.1,
        gains: gains(Array.from({ length: n }, (_, i) => (i % 10 === 0 ? 1 : 0))),
      },
      {
        name: 'ease',
        ndcg10: 0.3,
        gains: gains(Array.from({ length: n }, (_, i) => (i % 10 < 3 ? 1 : 0))),
      },
    ]);
    expect(chosen).toBe('ease');
  });
});
