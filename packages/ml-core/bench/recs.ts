/**
 * Recommendation benchmark: `pnpm bench:recs` (from packages/ml-core), or
 * `pnpm --filter @foresight/ml-core exec tsx bench/recs.ts [--interactions 100000] [--mf]
 * [--kernel-speed] [--kernel-speed-only]`.
 *
 * Data: the seeded generator in src/recommend/synthetic.ts (latent user/item clusters, personal
 * affinity, Zipf popularity, repeat consumption, drifting tastes, time-ordered events) — no public
 * ratings dataset is used or tuned on. For each size (default 100k and 1M events) it runs the full
 * recommendFromInteractions pipeline on the wasm backend: hold out each user's latest newly-met
 * item, tune every candidate (popularity, item-kNN, RP3β, EASE, implicit ALS; BPR MF with --mf) on
 * the tuning users, compare them by full-ranking NDCG@10 on the evaluated users, refit the choice,
 * top-10 with reasons for every user and similar items for every item. Side by side in the same
 * run: one plain implicit-ALS fit + top-10 for everyone with the tuned parameters (the time
 * reference), the generator's own distribution (an upper reference), and the peak RSS.
 * Timings are reported, not asserted.
 *
 * Kernel speed (--kernel-speed): samples/s of one BPR-MF training epoch with the fast plain-JS
 * lookup kernels, with tf.gather + the registered UnsortedSegmentSum kernel, and without it.
 *
 * Writes bench-results/recs.json at the repository root.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../test/tf-backend';
import { BprMatrixFactorization } from '../src/recommend/bpr-mf';
import {
  encodeInteractions,
  leaveLastOut,
  sortRows,
  type CsrMatrix,
} from '../src/recommend/interactions';
import {
  DEFAULT_CANDIDATES,
  recommendFromInteractions,
  sampleUsers,
} from '../src/recommend/recommend-from-interactions';
import { EaseRecommender } from '../src/recommend/ease';
import { ImplicitAls } from '../src/recommend/ials';
import {
  evaluateRanking,
  topKUnseen,
  type ItemScorer,
  type RankingMetrics,
} from '../src/recommend/ranking';
import {
  registerSegmentSumKernel,
  unregisterSegmentSumKernel,
} from '../src/recommend/segment-sum-kernel';
import {
  syntheticInteractions,
  syntheticInteractionsWithTruth,
  type SyntheticTruth,
} from '../src/recommend/synthetic';
import type { Interactions, MfOptions, RecommendReport } from '../src/recommend/types';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, '..', '..', '..');
const args = process.argv.slice(2);
const sizeArg = args.indexOf('--interactions');
const sizes = sizeArg >= 0 ? [Number(args[sizeArg + 1])] : [100_000, 1_000_000];
const kernelSpeedOnly = args.includes('--kernel-speed-only');
const measureKernels = kernelSpeedOnly || args.includes('--kernel-speed');
const withMf = args.includes('--mf');
const SEED = 42;
const DATA_SEED = 7;

interface SizeResult {
  interactions: number;
  generateMs: number;
  report: RecommendReport;
  finalNdcg10: number;
  beatsBaselines: boolean;
  /** One implicit-ALS fit with the tuned parameters plus top-10 for every user, ms. */
  alsReferenceMs: number | null;
  /** The whole pipeline's wall time over the ALS reference. */
  timeOverAls: number | null;
  peakRssMb: number;
  /** EASE with the tuned λ but no recency weighting (the published model), same users. */
  plainEase: RankingMetrics | null;
  /** The generator's own distribution ranked the same way: an upper reference, not a candidate. */
  oracle: RankingMetrics;
}

interface KernelSpeed {
  backend: string;
  variant: string;
  pairs: number;
  samplesPerSecond: number | null;
  note?: string;
}

function fmt(value: number, digits = 4): string {
  return value.toFixed(digits);
}

async function runSize(interactions: number): Promise<SizeResult> {
  const t0 = performance.now();
  const { data, truth } = syntheticInteractionsWithTruth({ interactions, seed: DATA_SEED });
  const generateMs = performance.now() - t0;
  let last = performance.now();
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 200);
  console.log(
    `\n=== ${interactions.toLocaleString('en')} interactions (generated in ${fmt(generateMs / 1000, 1)} s)`,
  );
  let phase = '';
  const result = await recommendFromInteractions(data, {
    seed: SEED,
    ...(withMf ? { candidates: [...DEFAULT_CANDIDATES, 'mf' as const] } : {}),
    onProgress: (p) => {
      if (p.phase === phase) return;
      const now = performance.now();
      console.log(`  ${p.phase} (${fmt((now - last) / 1000, 1)} s since the last phase)`);
      phase = p.phase;
      last = now;
    },
  });
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  const { report } = result;
  const byName = Object.fromEntries(report.candidates.map((c) => [c.name, c]));
  const finalNdcg10 = byName[report.chosen]?.ndcg10 ?? 0;
  const beatsBaselines =
    finalNdcg10 > (byName.item_knn?.ndcg10 ?? 0) && finalNdcg10 > (byName.popularity?.ndcg10 ?? 0);
  console.log(
    `  users ${report.users}, items ${report.items}, pairs ${report.interactions}, evaluated users ${report.evaluatedUsers} (+${report.tuningUsers} tuning), backend ${report.backend}`,
  );
  console.log('  candidate    NDCG@10  HR@10   coverage  tune s  configs  chosen parameters');
  for (const c of report.candidates) {
    const params = Object.entries(c.params ?? {})
      .map(([k, v]) => `${k}=${Number.isInteger(v) ? v : v.toPrecision(3)}`)
      .join(' ');
    console.log(
      `  ${c.name.padEnd(11)}  ${fmt(c.ndcg10)}   ${fmt(c.hr10)}  ${fmt(c.coverage, 3)}  ${fmt(c.fitMs / 1000, 1).padStart(6)}  ${String(c.configurations ?? 1).padStart(7)}  ${params}`,
    );
  }
  const t = report.timings;
  console.log(`  ${report.selection}`);
  console.log(
    `  total ${fmt(t.totalMs / 1000, 1)} s = prepare ${fmt(t.prepareMs / 1000, 1)} + validate ${fmt(t.validateMs / 1000, 1)} + refit ${fmt(t.refitMs / 1000, 1)} + recommend ${fmt(t.recommendMs / 1000, 1)}; peak RSS ${Math.round(peakRss / 1e6)} MB`,
  );
  const alsReferenceMs = alsReference(data, byName.ials?.params);
  const timeOverAls = alsReferenceMs === null ? null : t.totalMs / alsReferenceMs;
  if (alsReferenceMs !== null) {
    console.log(
      `  reference: one implicit-ALS fit + top-10 for every user ${fmt(alsReferenceMs / 1000, 1)} s; the whole pipeline took ${fmt(timeOverAls ?? 0, 1)}× that`,
    );
  }
  const plainEase = plainEaseMetrics(data, byName.ease?.params);
  if (plainEase !== null) {
    console.log(
      `  reference: EASE as published (same λ, every history item weighted alike) NDCG@10 ${fmt(plainEase.ndcg10)}; the chosen model is ${fmt(finalNdcg10 / plainEase.ndcg10, 3)}× that`,
    );
  }
  const oracle = oracleMetrics(data, truth);
  console.log(
    `  oracle (generator's distribution): NDCG@10 ${fmt(oracle.ndcg10)}, HR@10 ${fmt(oracle.hr10)}, coverage ${fmt(oracle.coverage, 3)} — chosen model reaches ${fmt((100 * finalNdcg10) / oracle.ndcg10, 1)}% of it`,
  );
  return {
    interactions,
    generateMs,
    report,
    finalNdcg10,
    beatsBaselines,
    alsReferenceMs,
    timeOverAls,
    peakRssMb: Math.round(peakRss / 1e6),
    plainEase,
    oracle,
  };
}

/** Wall time of one implicit-ALS fit (tuned parameters, all data) and top-10 for every user. */
function alsReference(
  data: Interactions,
  params: Record<string, number> | undefined,
): number | null {
  if (params === undefined) return null;
  const started = performance.now();
  const { matrix } = encodeInteractions(data);
  const model = new ImplicitAls(
    matrix,
    { dim: params.dim as number, alpha: params.alpha as number, lambda: params.lambda as number },
    SEED,
  );
  try {
    for (let s = 0; s < (params.sweeps as number); s += 1) model.sweep();
    const users = Int32Array.from({ length: matrix.rows }, (_, u) => u);
    topKUnseen(model, matrix, users, 10, () => {});
  } finally {
    model.dispose();
  }
  return performance.now() - started;
}

/** The evaluated users' metrics of EASE as published: the tuned λ, no recency weights. */
function plainEaseMetrics(
  data: Interactions,
  params: Record<string, number> | undefined,
): RankingMetrics | null {
  if (params === undefined) return null;
  const split = leaveLastOut(encodeInteractions(data).matrix);
  const { evaluated } = sampleUsers(split, SEED + 1, 3000, 1000);
  const model = new EaseRecommender(split.train, {
    lambda: params.lambda as number,
    maxItems: params.maxItems as number,
  });
  return evaluateRanking(model, split.train, evaluated.users, evaluated.heldOut);
}

/** Ranks each evaluated user's items by the generator's true probabilities (same users, split). */
function oracleMetrics(data: Interactions, truth: SyntheticTruth): RankingMetrics {
  const encoded = encodeInteractions(data);
  const split = leaveLastOut(encoded.matrix);
  // Same seeds and sizes as recommendFromInteractions' defaults → the same evaluated users.
  const { evaluated } = sampleUsers(split, SEED + 1, 3000, 1000);
  const generatedItem = Int32Array.from(encoded.itemIds, (id) => Number(id.slice(1)));
  const nItems = encoded.matrix.cols;
  const scorer: ItemScorer = {
    items: nItems,
    scoreUsers: (users, out) => {
      users.forEach((u, b) => {
        const probabilities = truth.probabilities(Number((encoded.userIds[u] as string).slice(1)));
        for (let j = 0; j < nItems; j += 1) {
          out[b * nItems + j] = probabilities[generatedItem[j] as number] as number;
        }
      });
    },
    dispose: () => {},
  };
  return evaluateRanking(scorer, split.train, evaluated.users, evaluated.heldOut);
}

function epochSpeed(
  train: CsrMatrix,
  users: number,
  variant: string,
  options: MfOptions,
  maxPairs: number,
): KernelSpeed {
  const model = new BprMatrixFactorization(users, train.cols, SEED, options);
  try {
    const result = model.trainEpoch(train, sortRows(train), maxPairs);
    const speed: KernelSpeed = {
      backend: tf.getBackend(),
      variant,
      pairs: result.samples,
      samplesPerSecond: result.samples / (result.ms / 1000),
    };
    printSpeed(speed);
    return speed;
  } finally {
    model.dispose();
  }
}

function printSpeed(s: KernelSpeed): void {
  const speed =
    s.samplesPerSecond === null
      ? `fails: ${s.note ?? ''}`
      : `${Math.round(s.samplesPerSecond).toLocaleString('en')} samples/s (${s.pairs} pairs)`;
  console.log(`  ${s.backend.padEnd(5)} ${s.variant.padEnd(60)} ${speed}`);
}

/** Whether the gather gradient runs on the active backend with the kernels as they are now. */
function gatherGradientError(): string | null {
  try {
    tf.tidy(() => {
      const table = tf.ones([4, 2]);
      const ids = tf.tensor1d([0, 2, 2], 'int32');
      tf.grad((t: tf.Tensor) => tf.sum(tf.gather(t, ids)))(table).dataSync();
    });
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/**
 * Samples/s of a short MF training run (first `maxPairs` pairs of an epoch over the 100k data):
 * fast lookups (default) vs tf.gather + the registered UnsortedSegmentSum vs tf.gather without it
 * (cpu: the built-in kernel, one batch of 256 as it is slow; wasm: none, so the gradient fails).
 */
async function kernelSpeeds(): Promise<KernelSpeed[]> {
  const encoded = encodeInteractions(
    syntheticInteractions({ interactions: 100_000, seed: DATA_SEED }),
  );
  const { train } = leaveLastOut(encoded.matrix);
  const users = encoded.matrix.rows;
  const speeds: KernelSpeed[] = [];
  console.log('\n=== MF training speed (100k data, short runs)');
  for (const prefer of ['wasm', 'cpu'] as const) {
    await selectBackend({ prefer });
    registerSegmentSumKernel();
    const maxPairs = prefer === 'wasm' ? 40_000 : 8_000;
    // Warm-up (JIT, wasm heap growth), not recorded.
    const warmUp = new BprMatrixFactorization(users, train.cols, SEED);
    warmUp.trainEpoch(train, sortRows(train), 4_000);
    warmUp.dispose();
    for (const userTower of ['history', 'embedding'] as const) {
      speeds.push(
        epochSpeed(
          train,
          users,
          `${userTower} tower, fast lookups (default)`,
          { userTower },
          maxPairs,
        ),
        epochSpeed(
          train,
          users,
          `${userTower} tower, tf.gather + our UnsortedSegmentSum`,
          { userTower, lookups: 'tf' },
          maxPairs,
        ),
      );
    }
    unregisterSegmentSumKernel([prefer]);
    if (prefer === 'cpu') {
      for (const userTower of ['history', 'embedding'] as const) {
        speeds.push(
          epochSpeed(
            train,
            users,
            `${userTower} tower, tf.gather + built-in UnsortedSegmentSum`,
            { userTower, lookups: 'tf', registerKernels: false, batchSize: 256 },
            256,
          ),
        );
      }
    } else {
      const error = gatherGradientError();
      const speed: KernelSpeed = {
        backend: 'wasm',
        variant: 'tf.gather without our kernel',
        pairs: 0,
        samplesPerSecond: null,
        note: error ?? 'unexpectedly worked',
      };
      printSpeed(speed);
      speeds.push(speed);
    }
    registerSegmentSumKernel();
  }
  await selectBackend({ prefer: 'wasm' });
  return speeds;
}

async function main(): Promise<void> {
  const started = performance.now();
  const backend = await selectBackend({ prefer: 'wasm' });
  console.log(`backend: ${backend.backend} (${backend.provider})`);
  const results: SizeResult[] = [];
  for (const size of kernelSpeedOnly ? [] : sizes) results.push(await runSize(size));
  const speeds = measureKernels ? await kernelSpeeds() : [];
  const out = {
    generatedAt: new Date().toISOString(),
    backend: backend.backend,
    provider: backend.provider,
    node: process.version,
    dataSeed: DATA_SEED,
    seed: SEED,
    generator:
      'src/recommend/synthetic.ts (clusters + latent affinity + Zipf popularity + repeats + drifting tastes + time order)',
    sizes: results,
    kernelSpeed: speeds,
    totalMs: performance.now() - started,
  };
  const file = join(repoRoot, 'bench-results', 'recs.json');
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
  console.log(`\nwrote ${file}`);
}

await main();
