import { createRandom } from '../common/random';
import type { Interactions } from './types';

export interface SyntheticInteractionsOptions {
  /** Events to generate (exactly). */
  interactions: number;
  /** Users. Default interactions / 40. */
  users?: number;
  /** Items. Default 5·√interactions (at least 50). */
  items?: number;
  /** Latent item clusters (tastes). Default 20. */
  clusters?: number;
  /** Zipf exponent of item popularity. Default 1.0. */
  popularitySkew?: number;
  /** Share of events drawn from global popularity instead of the user's taste. Default 0.15. */
  noise?: number;
  /** Share of events that use again an item the user already has (recent ones likelier). Default 0.25. */
  repeatRate?: number;
  /** Share of users whose dominant taste moves to another cluster part-way through. Default 0.3. */
  drift?: number;
  seed?: number;
}

/**
 * Seeded implicit-feedback generator with real structure, for tests and the benchmark:
 * - items belong to latent clusters and have a latent vector (cluster centroid + noise) and a
 *   Zipf-skewed popularity;
 * - each user likes 1–3 clusters (one dominant) and has a latent vector near their mixture;
 * - an event picks one of the user's clusters, then an item of it with probability ∝
 *   popularity × exp(affinity of the user's and item's latent vectors); a share `noise` of events
 *   come from global popularity instead; a new draw rarely repeats an item, but a share
 *   `repeatRate` of events re-use one of the user's items (recent ones likelier), as people
 *   re-open what they use;
 * - a share `drift` of users move their dominant taste to another cluster at a random point of
 *   their history, so the latest items follow the new taste, not the old majority;
 * - activity per user is log-normal (heavy tail, at least 3 events); each user's events have
 *   increasing times from a random start over ~half a year.
 * Nothing is tuned to any public dataset.
 */
export function syntheticInteractions(options: SyntheticInteractionsOptions): Interactions {
  return generate(options).data;
}

/**
 * The generator's own event distribution, as an upper reference for benchmarks: for generated
 * user `u{k}`, the probability of each item `i{j}` on a fresh draw (ignoring the no-repeat retry).
 */
export interface SyntheticTruth {
  users: number;
  items: number;
  /** Probabilities of items 0..items−1 for generated user index k (`u{k}`). */
  probabilities(user: number): Float64Array;
}

/** `syntheticInteractions` plus the generating distribution (same seed → same data). */
export function syntheticInteractionsWithTruth(options: SyntheticInteractionsOptions): {
  data: Interactions;
  truth: SyntheticTruth;
} {
  return generate(options);
}

function generate(options: SyntheticInteractionsOptions): {
  data: Interactions;
  truth: SyntheticTruth;
} {
  const total = Math.max(1, Math.floor(options.interactions));
  const random = createRandom(options.seed ?? 7);
  const nUsers = Math.max(2, Math.round(options.users ?? total / 40));
  const nItems = Math.max(2, Math.round(options.items ?? Math.max(50, 5 * Math.sqrt(total))));
  const nClusters = Math.max(1, Math.min(nItems, options.clusters ?? 20));
  const skew = options.popularitySkew ?? 1.0;
  const noise = options.noise ?? 0.15;
  const repeatRate = options.repeatRate ?? 0.25;
  const drift = options.drift ?? 0.3;
  const dim = 16;
  const affinity = 1.5;

  const centroids = Array.from({ length: nClusters }, () =>
    Float64Array.from({ length: dim }, () => random.normal()),
  );
  // Uneven cluster sizes; item popularity by a random Zipf rank.
  const clusterShare = Array.from({ length: nClusters }, () => 0.5 + random.uniform());
  const shareSum = clusterShare.reduce((a, b) => a + b, 0);
  const itemCluster = new Int32Array(nItems);
  const itemVector = new Float64Array(nItems * dim);
  const popularity = new Float64Array(nItems);
  const rank = random.permutation(nItems);
  for (let i = 0; i < nItems; i += 1) {
    let pick = random.uniform() * shareSum;
    let c = 0;
    while (c < nClusters - 1 && pick >= (clusterShare[c] as number)) {
      pick -= clusterShare[c] as number;
      c += 1;
    }
    itemCluster[i] = c;
    const centroid = centroids[c] as Float64Array;
    for (let d = 0; d < dim; d += 1) {
      itemVector[i * dim + d] = (centroid[d] as number) + 0.7 * random.normal();
    }
    popularity[i] = 1 / Math.pow((rank[i] as number) + 5, skew);
  }
  const clusterItems: number[][] = Array.from({ length: nClusters }, () => []);
  for (let i = 0; i < nItems; i += 1) (clusterItems[itemCluster[i] as number] as number[]).push(i);
  // Every cluster needs an item.
  for (let c = 0; c < nClusters; c += 1) {
    if ((clusterItems[c] as number[]).length === 0)
      (clusterItems[c] as number[]).push(random.int(nItems));
  }
  const globalCdf = cumulative(popularity);

  // Activity: log-normal with the requested mean, at least 3.
  const mean = total / nUsers;
  const sigma = 0.8;
  const mu = Math.log(Math.max(3, mean)) - (sigma * sigma) / 2;

  // Events per user, scaled so they add up to at least `total`; generation stops at `total`.
  const cap = Math.max(3, Math.floor(nItems * 0.8));
  if (cap * nUsers < total) {
    throw new Error(
      `${total} interactions do not fit ${nUsers} users × ${nItems} items; add users or items.`,
    );
  }
  const raw = Array.from({ length: nUsers }, () => Math.exp(mu + sigma * random.normal()));
  const scale = total / raw.reduce((a, b) => a + b, 0);
  const counts = raw.map((r) => Math.min(cap, Math.max(3, Math.round(r * scale))));
  for (
    let missing = total - counts.reduce((a, b) => a + b, 0), u = 0;
    missing > 0;
    u = (u + 1) % nUsers
  ) {
    if ((counts[u] as number) < cap) {
      counts[u] = (counts[u] as number) + 1;
      missing -= 1;
    }
  }

  const users: string[] = [];
  const items: string[] = [];
  const times: number[] = [];
  const tastes: {
    liked: number[];
    likedWeight: number[];
    clusterCdfs: { members: number[]; cdf: Float64Array }[];
  }[] = [];
  const start = Date.UTC(2025, 0, 1);
  const day = 86_400_000;
  const userVector = new Float64Array(dim);
  for (let u = 0; u < nUsers && users.length < total; u += 1) {
    const count = Math.min(total - users.length, counts[u] as number);
    // Taste: 1–3 clusters, the first dominant; drifting users later swap the dominant one.
    const liked = [random.int(nClusters)];
    const extra = random.int(3);
    for (let e = 0; e < extra; e += 1) liked.push(random.int(nClusters));
    const likedWeight = liked.map((_, k) => (k === 0 ? 2 : 0.5 + random.uniform()));
    const personal = Float64Array.from({ length: dim }, () => 0.7 * random.normal());
    const tasteOf = (clusters: number[]) => {
      const weightSum = likedWeight.reduce((a, b) => a + b, 0);
      userVector.set(personal);
      clusters.forEach((c, k) => {
        const centroid = centroids[c] as Float64Array;
        for (let d = 0; d < dim; d += 1) {
          userVector[d] =
            (userVector[d] as number) +
            ((likedWeight[k] as number) / weightSum) * (centroid[d] as number);
        }
      });
      const clusterCdfs = clusters.map((c) => {
        const members = clusterItems[c] as number[];
        const weights = members.map((i) => {
          let dot = 0;
          for (let d = 0; d < dim; d += 1)
            dot += (userVector[d] as number) * (itemVector[i * dim + d] as number);
          return (popularity[i] as number) * Math.exp((affinity * dot) / Math.sqrt(dim));
        });
        return { members, cdf: cumulative(Float64Array.from(weights)) };
      });
      return { liked: clusters, likedWeight: likedWeight.map((w) => w / weightSum), clusterCdfs };
    };
    const likedCdf = cumulative(Float64Array.from(likedWeight));
    let taste = tasteOf(liked);
    const driftAt =
      random.uniform() < drift ? Math.floor(count * (0.3 + 0.5 * random.uniform())) : -1;
    const history: number[] = [];
    const seen = new Set<number>();
    let time = start + random.uniform() * 120 * day;
    for (let e = 0; e < count; e += 1) {
      if (e === driftAt) taste = tasteOf([random.int(nClusters), ...liked.slice(1)]);
      let item = 0;
      if (history.length > 0 && random.uniform() < repeatRate) {
        // Recent items likelier: an index skewed towards the end of the history.
        const back = Math.floor(history.length * random.uniform() ** 2);
        item = history[history.length - 1 - back] as number;
      } else {
        for (let attempt = 0; attempt < 10; attempt += 1) {
          if (random.uniform() < noise) {
            item = draw(globalCdf, random.uniform());
          } else {
            const { members, cdf } = taste.clusterCdfs[draw(likedCdf, random.uniform())] as {
              members: number[];
              cdf: Float64Array;
            };
            item = members[draw(cdf, random.uniform())] as number;
          }
          if (!seen.has(item)) break;
        }
        seen.add(item);
        history.push(item);
      }
      time += random.uniform() * 3 * day;
      users.push(`u${u}`);
      items.push(`i${item}`);
      times.push(Math.round(time));
    }
    tastes.push(taste);
  }
  const popularityTotal = globalCdf[nItems - 1] as number;
  const truth: SyntheticTruth = {
    users: tastes.length,
    items: nItems,
    probabilities(user: number): Float64Array {
      const taste = tastes[user];
      if (taste === undefined) throw new Error(`No generated user ${user}.`);
      const out = new Float64Array(nItems);
      for (let i = 0; i < nItems; i += 1)
        out[i] = (noise * (popularity[i] as number)) / popularityTotal;
      taste.liked.forEach((_, k) => {
        const { members, cdf } = taste.clusterCdfs[k] as { members: number[]; cdf: Float64Array };
        const total = cdf[cdf.length - 1] as number;
        const share = (1 - noise) * (taste.likedWeight[k] as number);
        members.forEach((i, m) => {
          const weight = (cdf[m] as number) - (m === 0 ? 0 : (cdf[m - 1] as number));
          out[i] = (out[i] as number) + (share * weight) / total;
        });
      });
      return out;
    },
  };
  return { data: { users, items, times }, truth };
}

function cumulative(weights: Float64Array): Float64Array {
  const cdf = new Float64Array(weights.length);
  let sum = 0;
  for (let i = 0; i < weights.length; i += 1) {
    sum += weights[i] as number;
    cdf[i] = sum;
  }
  return cdf;
}

/** Index of the first cdf entry > u·total (binary search). */
function draw(cdf: Float64Array, u: number): number {
  const target = u * (cdf[cdf.length - 1] as number);
  let lo = 0;
  let hi = cdf.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((cdf[mid] as number) > target) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
