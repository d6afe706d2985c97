export { BprMatrixFactorization, MF_DEFAULTS, type BprEpochResult } from './bpr-mf';
export { lookupRows, poolRows, registerEmbeddingKernels } from './embedding-ops';
export { RecommendInputError } from './errors';
export {
  encodeInteractions,
  leaveLastOut,
  MIN_EVAL_USERS,
  type CsrMatrix,
  type EncodedInteractions,
  type LeaveLastOutSplit,
} from './interactions';
export { ItemKnnRecommender, type ItemKnnOptions } from './item-knn';
export { PopularityRecommender } from './popularity';
export { evaluateRanking, type ItemScorer, type RankingMetrics } from './ranking';
export { recommendFromInteractions } from './recommend-from-interactions';
export {
  isSegmentSumKernelRegistered,
  registerSegmentSumKernel,
  unregisterSegmentSumKernel,
} from './segment-sum-kernel';
export { syntheticInteractions, type SyntheticInteractionsOptions } from './synthetic';
export type {
  CandidateReport,
  Interactions,
  MfOptions,
  RecommenderName,
  RecommendOptions,
  RecommendProgress,
  RecommendReport,
  RecommendResult,
  ScoredItem,
} from './types';
