import type { RouterOutputs } from '@foresight/api';
import Link from 'next/link';

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
  return (
    <div
      className={`job job-${job.status}`}
      role="status"
      data-testid="job-status"
      data-status={job.status}
    >
      <strong>
        {TASK_LABELS[job.task]} job: {job.status}
      </strong>
      {active && (
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
