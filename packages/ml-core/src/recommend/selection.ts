import { RECOMMENDER_SHORT_NAMES } from '../model-names';
import type { RecommenderName } from './types';

/** Simplest first: a more complex model must beat every simpler one beyond noise. */
export const SIMPLICITY: readonly RecommenderName[] = [
  'popularity',
  'item_knn',
  'rp3beta',
  'ease',
  'ials',
  'mf',
  'ensemble',
];

export interface ValidatedCandidate {
  name: RecommenderName;
  ndcg10: number;
  /** Per evaluated user NDCG@10 gain, same user order for every candidate. */
  gains: Float64Array;
}

/** Mean and standard error of the paired per-user difference a − b. */
export function pairedDifference(a: Float64Array, b: Float64Array): { mean: number; se: number } {
  const n = a.length;
  if (n === 0) return { mean: 0, se: 0 };
  let sum = 0;
  for (let i = 0; i < n; i += 1) sum += (a[i] as number) - (b[i] as number);
  const mean = sum / n;
  let squares = 0;
  for (let i = 0; i < n; i += 1) squares += ((a[i] as number) - (b[i] as number) - mean) ** 2;
  return { mean, se: n > 1 ? Math.sqrt(squares / (n - 1) / n) : 0 };
}

/**
 * One-standard-error rule on paired per-user NDCG@10: the leader is the highest validation
 * NDCG@10; the simplest candidate whose deficit to the leader is within one standard error of the
 * paired difference is chosen instead (a gain inside the noise does not buy complexity).
 */
export function chooseRecommender(candidates: ValidatedCandidate[]): {
  chosen: RecommenderName;
  selection: string;
} {
  const rank = (name: RecommenderName) => SIMPLICITY.indexOf(name);
  const ordered = [...candidates].sort((a, b) => rank(a.name) - rank(b.name));
  const leader = ordered.reduce((best, c) => (c.ndcg10 > best.ndcg10 ? c : best));
  const title = (c: ValidatedCandidate) => RECOMMENDER_SHORT_NAMES[c.name];
  /** The same at the start of a sentence. */
  const opening = (c: ValidatedCandidate) => {
    const name = title(c);
    return name.charAt(0).toUpperCase() + name.slice(1);
  };
  for (const candidate of ordered) {
    if (candidate === leader) break;
    const { mean, se } = pairedDifference(leader.gains, candidate.gains);
    if (mean <= se) {
      return {
        chosen: candidate.name,
        selection:
          `${opening(candidate)} chosen: ${title(leader)} scored NDCG@10 ${leader.ndcg10.toFixed(4)} ` +
          `against ${candidate.ndcg10.toFixed(4)}, a gain within one standard error ` +
          `(${se.toFixed(4)}), so the simpler model serves.`,
      };
    }
  }
  const runnerUp = ordered
    .filter((c) => c !== leader)
    .reduce<ValidatedCandidate | null>(
      (best, c) => (best === null || c.ndcg10 > best.ndcg10 ? c : best),
      null,
    );
  if (runnerUp === null) {
    return { chosen: leader.name, selection: `${opening(leader)} was the only candidate.` };
  }
  const { mean, se } = pairedDifference(leader.gains, runnerUp.gains);
  return {
    chosen: leader.name,
    selection:
      `${opening(leader)} chosen: validation NDCG@10 ${leader.ndcg10.toFixed(4)}, ahead of ` +
      `${title(runnerUp)} (${runnerUp.ndcg10.toFixed(4)}) by ${(se > 0 ? mean / se : 0).toFixed(1)} ` +
      `standard errors, and beyond one standard error of every simpler model.`,
  };
}
