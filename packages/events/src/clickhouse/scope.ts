import type { DatasetScope } from '../engine';

/** A dataset's scope in ClickHouse: its organization, its id, and the loads PostgreSQL committed. */
export interface ClickHouseScope extends DatasetScope {
  batches: string[];
}

/** The filter every ClickHouse query over events starts with (binds org, dataset, batches). */
export const SCOPE_SQL =
  'organization_id = {org:String} AND dataset_id = {dataset:String} AND batch_id IN {batches:Array(String)}';

export function scopeParams(scope: ClickHouseScope): {
  org: string;
  dataset: string;
  batches: string[];
} {
  return { org: scope.organizationId, dataset: scope.datasetId, batches: scope.batches };
}
