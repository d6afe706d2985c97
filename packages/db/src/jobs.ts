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

/** One epoch of a training curve. */
export interface CurvePoint {
  phase: string;
  epoch: number;
  loss: number;
  valLoss?: number;
}

export type JobEvent =
  | 'queued'
  | 'started'
  | 'deferred'
  /** The trainer process running the job died (seen by its supervisor or its restarted self). */
  | 'lost'
  | 'requeued'
  | 'succeeded'
  | 'failed'
  | 'cancelled';

/** `progress.phase` of a running job whose trainer died; shown as "trainer lost — resuming". */
export const LOST_PHASE = 'lost';

export interface TimelineEntry {
  at: string;
  event: JobEvent;
  attempt?: number;
  detail?: string;
}

export type JobTrigger = 'upload' | 'manual' | 'schedule';

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
  trigger: string;
  timeline: TimelineEntry[];
  curve: CurvePoint[];
  cancelRequested: boolean;
  peakRssMb: number | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  /** Running time so far, or of the whole run once finished. */
  durationMs: number | null;
}

/** A job as listed: everything but the per-epoch curve (the bulk of a job, for its own page). */
export type JobSummary = Omit<JobView, 'curve'>;

const SUMMARY_COLUMNS = `id, dataset_id AS "datasetId", task, status, params, progress,
  progress_ratio AS "progressRatio", error, attempts, backend, trigger, timeline,
  cancel_requested_at IS NOT NULL AS "cancelRequested", peak_rss_mb AS "peakRssMb",
  created_at AS "createdAt", started_at AS "startedAt", finished_at AS "finishedAt",
  (extract(epoch FROM (coalesce(finished_at, now()) - started_at)) * 1000)::float8 AS "durationMs"`;
const VIEW_COLUMNS = `${SUMMARY_COLUMNS}, curve`;

/** A timeline entry as SQL, appended with `timeline = timeline || …`. */
function event(name: JobEvent, attemptSql = 'NULL', detailParam = 'NULL'): string {
  return `jsonb_build_array(jsonb_strip_nulls(jsonb_build_object('at', now(), 'event', '${name}', 'attempt', ${attemptSql}, 'detail', ${detailParam})))`;
}

/**
 * Records a training request, unless the same dataset and task already has one queued: then
 * that job is returned and `created` is false (the caller must not queue it twice).
 */
export async function requestJob(
  db: DbHandle,
  input: {
    organizationId: string;
    datasetId: string;
    task: Task;
    params: Record<string, unknown>;
    userId: string | null;
    trigger?: JobTrigger;
  },
): Promise<{ job: JobView; created: boolean }> {
  const dataset = await db.pool.query(
    'SELECT 1 FROM datasets WHERE id = $1 AND organization_id = $2',
    [input.datasetId, input.organizationId],
  );
  if (dataset.rowCount === 0) throw new NotFoundError('Dataset');
  const inserted = await db.pool.query<JobView>(
    `INSERT INTO training_jobs (organization_id, dataset_id, task, params, created_by_id, progress, trigger, timeline)
     VALUES ($1, $2, $3::task, $4, $5, '{"phase":"queued"}', $6, ${event('queued', 'NULL', '$6::text')})
     ON CONFLICT (dataset_id, task) WHERE status = 'queued' DO NOTHING
     RETURNING ${VIEW_COLUMNS}`,
    [
      input.organizationId,
      input.datasetId,
      input.task,
      JSON.stringify(input.params),
      input.userId,
      input.trigger ?? 'manual',
    ],
  );
  if (inserted.rows[0]) return { job: inserted.rows[0], created: true };
  const queued = await db.pool.query<JobView>(
    `SELECT ${VIEW_COLUMNS} FROM training_jobs
     WHERE dataset_id = $1 AND task = $2::task AND status = 'queued'`,
    [input.datasetId, input.task],
  );
  // The queued job started between the two statements: ask again.
  if (!queued.rows[0]) return requestJob(db, input);
  return { job: queued.rows[0], created: false };
}

/** `requestJob` for callers that only need the job. */
export async function createJob(
  db: DbHandle,
  input: Parameters<typeof requestJob>[1],
): Promise<JobView> {
  return (await requestJob(db, input)).job;
}

export async function getJob(
  db: DbHandle,
  organizationId: string,
  jobId: string,
): Promise<JobView> {
  const { rows } = await db.pool.query<JobView>(
    `SELECT ${VIEW_COLUMNS} FROM training_jobs WHERE id = $1 AND organization_id = $2`,
    [jobId, organizationId],
  );
  if (!rows[0]) throw new NotFoundError('Job');
  return rows[0];
}

export async function listJobs(
  db: DbHandle,
  organizationId: string,
  filter: { datasetId?: string; task?: Task; limit?: number; afterId?: string } = {},
): Promise<JobSummary[]> {
  // Newest first; `afterId` continues after that job (keyset on created_at, id).
  const { rows } = await db.pool.query<JobSummary>(
    `SELECT ${SUMMARY_COLUMNS} FROM training_jobs
     WHERE organization_id = $1 AND ($2::uuid IS NULL OR dataset_id = $2) AND ($3::task IS NULL OR task = $3)
       AND ($5::uuid IS NULL OR (created_at, id) < (
         SELECT created_at, id FROM training_jobs WHERE id = $5 AND organization_id = $1))
     ORDER BY created_at DESC, id DESC LIMIT $4`,
    [
      organizationId,
      filter.datasetId ?? null,
      filter.task ?? null,
      filter.limit ?? 50,
      filter.afterId ?? null,
    ],
  );
  return rows;
}

/**
 * Cancels a job: a queued one at once; a running one is asked to stop, and its trainer stops it
 * at the next epoch boundary. Finished jobs cannot be cancelled.
 */
export async function cancelJob(
  db: DbHandle,
  organizationId: string,
  jobId: string,
): Promise<JobView | null> {
  const { rows } = await db.pool.query<JobView>(
    `UPDATE training_jobs SET
       status = CASE WHEN status = 'queued' THEN 'cancelled'::job_status ELSE status END,
       finished_at = CASE WHEN status = 'queued' THEN now() ELSE finished_at END,
       progress = CASE WHEN status = 'queued' THEN '{"phase":"cancelled"}' ELSE progress END,
       timeline = CASE WHEN status = 'queued' THEN timeline || ${event('cancelled', 'NULL', "'before it started'")} ELSE timeline END,
       cancel_requested_at = coalesce(cancel_requested_at, now())
     WHERE id = $1 AND organization_id = $2 AND status IN ('queued', 'running')
     RETURNING ${VIEW_COLUMNS}`,
    [jobId, organizationId],
  );
  if (rows[0]) return rows[0];
  await getJob(db, organizationId, jobId);
  return null;
}

// ---- trainer side: the trainer acts on a job it took from the queue, by job id ----

export interface JobForTrainer {
  id: string;
  organizationId: string;
  datasetId: string;
  task: Task;
  status: JobStatus;
  params: unknown;
  /** This run's attempt number: only this attempt may write the job's result. */
  attempt: number;
}

export type StartOutcome =
  | { started: JobForTrainer }
  /** Another job of the same dataset and task is running: try again later. */
  | { busy: true }
  /** Cancelled, finished, or being worked by another queue job. */
  | { skip: true };

/**
 * Marks a queued job running for a queue job, worked by the trainer process `workerId`. A retry
 * of the same queue job (its previous worker died) takes over the running job; a duplicate queue
 * message for it does not.
 */
export async function startJob(
  db: DbHandle,
  jobId: string,
  queueJobId: string,
  workerId: string | null = null,
): Promise<StartOutcome> {
  try {
    const { rows } = await db.pool.query<JobForTrainer>(
      `UPDATE training_jobs SET status = 'running', attempts = attempts + 1, started_at = now(),
              error = NULL, queue_job_id = $2, worker_id = $3,
              progress = '{"phase":"loading data"}', curve = '[]',
              progress_ratio = 0,
              timeline = timeline || ${event('started', 'attempts + 1')}
       WHERE id = $1 AND cancel_requested_at IS NULL
         AND (status = 'queued' OR (status = 'running' AND queue_job_id = $2))
       RETURNING id, organization_id AS "organizationId", dataset_id AS "datasetId", task, status,
                 params, attempts AS attempt`,
      [jobId, queueJobId, workerId],
    );
    return rows[0] ? { started: rows[0] } : { skip: true };
  } catch (error) {
    if ((error as { code?: string }).code === '23505') {
      await db.pool.query(
        `UPDATE training_jobs SET timeline = timeline || ${event('deferred', 'NULL', "'another run of this task is in progress'")}
         WHERE id = $1`,
        [jobId],
      );
      return { busy: true };
    }
    throw error;
  }
}

/**
 * Records progress (and the epochs since the last write) of a running attempt; returns whether
 * a cancellation was requested, so the trainer can stop at the next epoch boundary.
 */
export async function recordJobProgress(
  db: DbHandle,
  jobId: string,
  progress: JobProgress,
  ratio: number,
  backend?: string,
  epochs: CurvePoint[] = [],
): Promise<{ cancelRequested: boolean }> {
  const { rows } = await db.pool.query<{ cancel: boolean }>(
    `UPDATE training_jobs SET progress = $2, progress_ratio = $3, backend = coalesce($4, backend),
            curve = CASE WHEN jsonb_array_length(curve) < 5000 THEN curve || $5::jsonb ELSE curve END
     WHERE id = $1 AND status = 'running'
     RETURNING cancel_requested_at IS NOT NULL AS cancel`,
    [
      jobId,
      JSON.stringify(progress),
      Math.max(0, Math.min(1, ratio)),
      backend ?? null,
      JSON.stringify(epochs),
    ],
  );
  return { cancelRequested: rows[0]?.cancel ?? false };
}

/** Whether a cancellation of the job was requested (polled while no progress is written). */
export async function cancelRequested(db: DbHandle, jobId: string): Promise<boolean> {
  const { rows } = await db.pool.query<{ cancel: boolean }>(
    'SELECT cancel_requested_at IS NOT NULL AS cancel FROM training_jobs WHERE id = $1',
    [jobId],
  );
  return rows[0]?.cancel ?? false;
}

async function finish(
  db: DbHandle,
  jobId: string,
  status: 'failed' | 'cancelled',
  message: string | null,
  attempt: number | null,
): Promise<void> {
  await db.pool.query(
    `UPDATE training_jobs SET status = $2::job_status, error = $3, finished_at = now(),
            progress = jsonb_build_object('phase', $2::text),
            timeline = timeline || ${event(status, '$4::int', '$3::text')}
     WHERE id = $1 AND status IN ('queued', 'running') AND ($4::int IS NULL OR attempts = $4)`,
    [jobId, status, message, attempt],
  );
}

/** The job failed with a message a founder can act on (or after its last retry). */
export function failJob(
  db: DbHandle,
  jobId: string,
  message: string,
  attempt: number | null = null,
): Promise<void> {
  return finish(db, jobId, 'failed', message, attempt);
}

/** The trainer stopped the job after a cancellation request; nothing of it was written. */
export function markJobCancelled(db: DbHandle, jobId: string, attempt: number): Promise<void> {
  return finish(db, jobId, 'cancelled', null, attempt);
}

/**
 * Puts a running job back in the queue (its trainer is shutting down). When a newer request of
 * the same task is already queued, this one is cancelled as superseded instead.
 */
export async function requeueJob(
  db: DbHandle,
  jobId: string,
  attempt: number,
  reason: string,
): Promise<'requeued' | 'superseded'> {
  try {
    const { rowCount } = await db.pool.query(
      `UPDATE training_jobs SET status = 'queued', queue_job_id = NULL, progress = '{"phase":"queued"}',
              progress_ratio = 0, timeline = timeline || ${event('requeued', '$2::int', '$3::text')}
       WHERE id = $1 AND status = 'running' AND attempts = $2`,
      [jobId, attempt, reason],
    );
    return rowCount === 1 ? 'requeued' : 'superseded';
  } catch (error) {
    if ((error as { code?: string }).code !== '23505') throw error;
    await finish(db, jobId, 'cancelled', 'Superseded by a newer request', attempt);
    return 'superseded';
  }
}

/** The trainer's peak memory while the job ran. */
export async function recordJobPeakRss(
  db: DbHandle,
  jobId: string,
  peakRssMb: number,
): Promise<void> {
  await db.pool.query(
    'UPDATE training_jobs SET peak_rss_mb = greatest(coalesce(peak_rss_mb, 0), $2) WHERE id = $1',
    [jobId, Math.round(peakRssMb)],
  );
}

// ---- lost trainers: a supervisor saw the process running a job die ----

/** A running job whose trainer process died, as its successor needs it to resume the job. */
export interface LostJob {
  id: string;
  task: Task;
  /** The pg-boss job the dead trainer was working (its retry takes the job over). */
  queueJobId: string | null;
  /** The attempt that was running when the trainer died. */
  attempt: number;
}

const LOST_PROGRESS = `jsonb_build_object('phase', '${LOST_PHASE}')`;

/**
 * The trainer process `workerId` died (its supervisor saw it exit): its running jobs show
 * "trainer lost — resuming" at once, with why in the timeline, instead of "running" until the
 * queue's heartbeat timeout. Only marks; `takeLostJobs` in the restarted trainer resumes them.
 * Returns the ids of the jobs marked (each job once, however often it is called).
 */
export async function markWorkerLost(
  db: DbHandle,
  workerId: string,
  detail: string,
): Promise<string[]> {
  const { rows } = await db.pool.query<{ id: string }>(
    `UPDATE training_jobs SET progress = ${LOST_PROGRESS},
            timeline = timeline || ${event('lost', 'attempts', '$2::text')}
     WHERE worker_id = $1 AND status = 'running' AND progress->>'phase' IS DISTINCT FROM '${LOST_PHASE}'
     RETURNING id`,
    [workerId, detail],
  );
  return rows.map((r) => r.id);
}

/**
 * Called by a trainer at start, before it takes any work, with its own worker id: jobs still
 * running under that id belong to a predecessor that died (one process per worker id at a
 * time: a supervisor slot, a systemd instance, a container name). They are marked lost (if the
 * supervisor had not) and handed to the caller once (their worker id is cleared), to be resumed.
 */
export async function takeLostJobs(
  db: DbHandle,
  workerId: string,
  detail = 'the trainer restarted after its predecessor died',
): Promise<LostJob[]> {
  const { rows } = await db.pool.query<LostJob>(
    `UPDATE training_jobs SET worker_id = NULL,
            timeline = CASE WHEN progress->>'phase' = '${LOST_PHASE}' THEN timeline
                            ELSE timeline || ${event('lost', 'attempts', '$2::text')} END,
            progress = ${LOST_PROGRESS}
     WHERE worker_id = $1 AND status = 'running'
     RETURNING id, task, queue_job_id AS "queueJobId", attempts AS attempt`,
    [workerId, detail],
  );
  return rows;
}
