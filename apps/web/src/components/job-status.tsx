import type { RouterOutputs } from '@foresight/api';

type Job = NonNullable<RouterOutputs['forecasts']['latest']['latestJob']>;

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
        {job.task === 'risk' ? 'Risk assessment' : 'Forecast'} job: {job.status}
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
    </div>
  );
}
