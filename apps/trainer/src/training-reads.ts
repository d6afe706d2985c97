import type { DbHandle } from '@foresight/db';
import { postgresTrainingReads as postgresReads } from '@foresight/events/postgres/training-reads';
import type { CodedEventLog, InteractionPairs } from '@foresight/ml-core';

/** The dataset a training read is for. */
export interface TrainingScope {
  organizationId: string;
  datasetId: string;
}

/**
 * Where churn and recommendation jobs read an events dataset from, streamed and aggregated by the
 * engine holding it (never one object per event): the coded log for churn, the distinct
 * user–item pairs for recommendations. An events engine's `eventLog` / `interactions` fit.
 */
export interface TrainingReads {
  eventLog(scope: TrainingScope): Promise<CodedEventLog>;
  interactions(scope: TrainingScope): Promise<InteractionPairs>;
}

/** The reads from PostgreSQL's `events` table (the default engine). */
export function postgresTrainingReads(db: DbHandle): TrainingReads {
  return postgresReads(db);
}
