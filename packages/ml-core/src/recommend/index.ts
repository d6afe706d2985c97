export { BprMatrixFactorization, MF_DEFAULTS, type BprEpochResult } from './bpr-mf';
export { lookupRows, poolRows, registerEmbeddingKernels } from './embedding-ops';
export { RecommendInputError } from './errors';
export {
  encodeInteractionPairs,
  encodeInteractions,
  leaveLastOut,
  MIN_EVAL_USERS,
  type CsrMatrix,
  type EncodedInteractions,
  type LeaveLastOutSplit,
} from './interactions';
export { CANDIDATES, type CandidateParams, type CandidateSpec } from './candidates';
export { EASE_MAX_ITEMS, EaseRecommender, type EaseOptions } from './ease';
export { ImplicitAls, type IalsParams } from './ials';
export { ItemGraphRecommender, type NeighbourLists } from './item-graph';
export { ItemKnnRecommender, type ItemKnnOptions } from './item-knn';
export { fitRp3betaGrid, type Rp3Params } from './rp3beta';
export { chooseRecommender, pairedDifference, SIMPLICITY } from './selection';
export { choleskyInverse, spdInverse } from './spd-inverse';
export { PopularityRecommender } from './popularity';
export { evaluateRanking, type ItemScorer, type RankingMetrics } from './ranking';
export { DEFAULT_CANDIDATES, recommendFromInteractions } from './recommend-from-interactions';
export {
  isSegmentSumKernelRegistered,
  registerSegmentSumKernel,
  unregisterSegmentSumKernel,
} from './segment-sum-kernel';
export { syntheticInteractions, type SyntheticInteractionsOptions } from './synthetic';
export type {
  CandidateReport,
  InteractionPairs,
  Interactions,
  MfOptions,
  RecommenderName,
  RecommendOptions,
  RecommendProgress,
  RecommendReport,
  RecommendResult,
  ScoredItem,
} from './types';
