import type { RouterOutputs } from '@foresight/api';
import Link from 'next/link';
import { LOST_PHASE, LOST_TEXT } from './models/format';

type Job = NonNullable<RouterOutputs['forecasts']['latest']['latestJob']>;

const TASK_LABELS: Record<Job['task'], string> = {
  forecast: 'Forecast',
  risk: 'Risk assessment',
  churn: 'Churn model',
  recommend: 'Recommendation model',
};

export function JobStatus({ job }: { job: Job }) {
  const p = job.progress as { phase?: string; epoch?: number; epochs?: number; loss?: number };
  const active = job.status === 'queued' || job.status === 'running';
  // The trainer running it died; the job resumes on a restarted trainer (attempt n + 1).
  const lost = job.status === 'running' && p.phase === LOST_PHASE;
  return (
    <div
      className={`job job-${job.status}${lost ? ' job-lost' : ''}`}
      role="status"
      data-testid="job-status"
      data-status={job.status}
      data-lost={lost || undefined}
    >
      <strong>
        {TASK_LABELS[job.task]} job: {lost ? LOST_TEXT : job.status}
      </strong>
      {lost && (
        <span className="muted">
          attempt {job.attempts} stopped when its trainer process died; it starts again as attempt{' '}
          {job.attempts + 1}
        </span>
      )}
      {active && !lost && (
        <>
          <span className="muted">
            {p.phase ?? 'waiting for a trainer'}
            {p.epoch !== undefined && p.epochs ? ` · epoch ${p.epoch}/${p.epochs}` : ''}
            {p.loss !== undefined ? ` · loss ${p.loss.toFixed(4)}` : ''}
          </span>
          <progress max={1} value={job.progressRatio} aria-label="Training progress" />
        </>
      )}
      {job.status === 'failed' && <span className="error">{job.error}</span>}
      {job.backend && !active && <span className="muted small">backend {job.backend}</span>}
      <Link href={`/models?dataset=${job.datasetId}`} className="job-models-link">
        Models &amp; Jobs
      </Link>
    </div>
  );
}
