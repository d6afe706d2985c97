import { getDataset, listJobs, type JobSummary, type Task } from '@foresight/db';
import type { OrgContext } from '../trpc';
import { startTrainingJob } from '@foresight/queue';

/**
 * A task's latest result on a dataset beside its newest job, the three reads in parallel; the
 * dataset check (all scoped by organization) makes a foreign or unknown dataset NOT_FOUND.
 */
export async function withLatestJob<T>(
  ctx: OrgContext,
  datasetId: string,
  task: Task,
  result: Promise<T>,
): Promise<{ result: T; latestJob: JobSummary | null }> {
  const [, value, [latestJob]] = await Promise.all([
    getDataset(ctx.db, ctx.org.id, datasetId),
    result,
    listJobs(ctx.db, ctx.org.id, { datasetId, limit: 1, task }),
  ]);
  return { result: value, latestJob: latestJob ?? null };
}

/** Queues training of `task` on a dataset for the caller (an already queued run is returned). */
export function trainTask(
  ctx: OrgContext,
  datasetId: string,
  task: Task,
  params: Record<string, unknown> = {},
) {
  return startTrainingJob({
    db: ctx.db,
    queue: ctx.queue,
    organizationId: ctx.org.id,
    userId: ctx.actor.userId,
    datasetId,
    task,
    params,
  });
}
