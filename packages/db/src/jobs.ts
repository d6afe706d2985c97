import type { DbHandle } from './client';
import { NotFoundError } from './errors';
import type { JobStatus, Task } from './generated/prisma/enums';

export interface JobProgress {
  phase: string;
  epoch?: number;
  epochs?: number;
  loss?: number;
  valLoss?: number;
}

export interface JobView {
  id: string;
  datasetId: string;
  task: Task;
  status: JobStatus;
  params: unknown;
  progress: JobProgress | Record<string, never>;
  progressRatio: number;
  error: string | null;
  attempts: number;
  backend: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

const jobSelect = {
  id: true,
  datasetId: true,
  task: true,
  status: true,
  params: true,
  progress: true,
  progressRatio: true,
  error: true,
  attempts: true,
  backend: true,
  createdAt: true,
  startedAt: true,
  finishedAt: true,
} as const;

export async function createJob(
  db: DbHandle,
  input: {
    organizationId: string;
    datasetId: string;
    task: Task;
    params: Record<string, unknown>;
    userId: string | null;
  },
): Promise<JobView> {
  const dataset = await db.prisma.dataset.findFirst({
    where: { id: input.datasetId, organizationId: input.organizationId },
    select: { id: true },
  });
  if (!dataset) throw new NotFoundError('Dataset');
  const job = await db.prisma.trainingJob.create({
    data: {
      organizationId: input.organizationId,
      datasetId: input.datasetId,
      task: input.task,
      params: input.params as object,
      createdById: input.userId,
      progress: { phase: 'queued' },
    },
    select: jobSelect,
  });
  return job as JobView;
}

export async function getJob(
  db: DbHandle,
  organizationId: string,
  jobId: string,
): Promise<JobView> {
  const job = await db.prisma.trainingJob.findFirst({
    where: { id: jobId, organizationId },
    select: jobSelect,
  });
  if (!job) throw new NotFoundError('Job');
  return job as JobView;
}

export async function listJobs(
  db: DbHandle,
  organizationId: string,
  filter: { datasetId?: string; task?: Task; limit?: number } = {},
): Promise<JobView[]> {
  const jobs = await db.prisma.trainingJob.findMany({
    where: {
      organizationId,
      ...(filter.datasetId ? { datasetId: filter.datasetId } : {}),
      ...(filter.task ? { task: filter.task } : {}),
    },
    orderBy: { createdAt: 'desc' },
    take: filter.limit ?? 50,
    select: jobSelect,
  });
  return jobs as JobView[];
}

// ---- trainer side: the trainer acts on a job it took from the queue, by job id ----

export interface JobForTrainer {
  id: string;
  organizationId: string;
  datasetId: string;
  task: Task;
  status: JobStatus;
  params: unknown;
}

/** Marks a queued (or retried) job running; returns null when it was cancelled or already done. */
export async function startJob(db: DbHandle, jobId: string): Promise<JobForTrainer | null> {
  const rows = await db.prisma.trainingJob.updateManyAndReturn({
    where: { id: jobId, status: { in: ['queued', 'running'] } },
    data: {
      status: 'running',
      attempts: { increment: 1 },
      startedAt: new Date(),
      error: null,
      progress: { phase: 'loading data' },
    },
    select: {
      id: true,
      organizationId: true,
      datasetId: true,
      task: true,
      status: true,
      params: true,
    },
  });
  return rows[0] ?? null;
}

export async function recordJobProgress(
  db: DbHandle,
  jobId: string,
  progress: JobProgress,
  ratio: number,
  backend?: string,
): Promise<void> {
  await db.prisma.trainingJob.updateMany({
    where: { id: jobId, status: 'running' },
    data: {
      progress: progress as object,
      progressRatio: Math.max(0, Math.min(1, ratio)),
      ...(backend ? { backend } : {}),
    },
  });
}

export async function failJob(db: DbHandle, jobId: string, message: string): Promise<void> {
  await db.prisma.trainingJob.updateMany({
    where: { id: jobId, status: { in: ['queued', 'running'] } },
    data: {
      status: 'failed',
      error: message,
      finishedAt: new Date(),
      progress: { phase: 'failed' },
    },
  });
}
