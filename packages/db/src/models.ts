import type { Prisma } from './generated/prisma/client';
import type { Task } from './generated/prisma/enums';
import { NotFoundError } from './errors';

type Tx = Prisma.TransactionClient;

/**
 * Inside a result-writing transaction: creates the next model version for the job's dataset and
 * task, and marks the job succeeded. Callers add the task's predictions with the returned ids.
 */
export async function createModelVersion(
  tx: Tx,
  input: {
    jobId: string;
    task: Task;
    chosen: string;
    backend: string;
    metrics: object;
    params: object;
  },
): Promise<{ modelId: string; version: number; organizationId: string; datasetId: string }> {
  const job = await tx.trainingJob.findUnique({ where: { id: input.jobId } });
  if (!job) throw new NotFoundError('Job');
  const latest = await tx.model.aggregate({
    where: { datasetId: job.datasetId, task: input.task },
    _max: { version: true },
  });
  const version = (latest._max.version ?? 0) + 1;
  const model = await tx.model.create({
    data: {
      organizationId: job.organizationId,
      datasetId: job.datasetId,
      jobId: job.id,
      task: input.task,
      version,
      chosen: input.chosen,
      backend: input.backend,
      metrics: input.metrics,
      params: input.params,
    },
  });
  await tx.trainingJob.update({
    where: { id: job.id },
    data: {
      status: 'succeeded',
      finishedAt: new Date(),
      progressRatio: 1,
      backend: input.backend,
      progress: { phase: 'done' },
    },
  });
  return { modelId: model.id, version, organizationId: job.organizationId, datasetId: job.datasetId };
}
