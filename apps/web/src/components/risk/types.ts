import type { RouterOutputs } from '@foresight/api';

/** What `risk.latest` answers for a trained model. */
export type RiskAssessment = NonNullable<RouterOutputs['risk']['latest']['risk']>;
export type RiskMetrics = RiskAssessment['metrics'];
