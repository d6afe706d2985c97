import { z } from 'zod';
import { ZJobStatus, ZJson, ZTask, ZTimestamp } from './common';

export const ZJobProgress = z.object({
  phase: z.string().optional(),
  epoch: z.number().optional(),
  epochs: z.number().optional(),
  loss: z.number().optional(),
  valLoss: z.number().optional(),
});

export const ZCurvePoint = z.object({
  phase: z.string(),
  epoch: z.number(),
  loss: z.number(),
  valLoss: z.number().optional(),
});

export const ZTimelineEntry = z.object({
  at: z.string(),
  event: z.enum([
    'queued',
    'started',
    'deferred',
    'lost',
    'requeued',
    'succeeded',
    'failed',
    'cancelled',
  ]),
  attempt: z.number().optional(),
  detail: z.string().optional(),
});

/** A training job: status, phase and progress, per-epoch curve, timeline and resources. */
export const ZJob = z.object({
  id: z.string(),
  datasetId: z.string(),
  task: ZTask,
  status: ZJobStatus,
  params: ZJson,
  progress: ZJobProgress,
  /** 0…1. */
  progressRatio: z.number(),
  error: z.string().nullable(),
  attempts: z.number(),
  backend: z.string().nullable(),
  trigger: z.string(),
  timeline: z.array(ZTimelineEntry),
  curve: z.array(ZCurvePoint),
  cancelRequested: z.boolean(),
  peakRssMb: z.number().nullable(),
  createdAt: ZTimestamp,
  startedAt: ZTimestamp.nullable(),
  finishedAt: ZTimestamp.nullable(),
  durationMs: z.number().nullable(),
});

/**
 * A job as lists and result pages show it: everything but the per-epoch curve, which only
 * `jobs.byId` sends (it is most of a job's size).
 */
export const ZJobSummary = ZJob.omit({ curve: true });
