'use client';

import { LossCurve } from './loss-curve';
import { JobTimeline } from './job-timeline';
import {
  formatDateTime,
  formatDuration,
  isActive,
  phaseText,
  STATUS_LABELS,
  TRIGGER_LABELS,
  type Job,
} from './format';

export function StatusBadge({ status }: { status: Job['status'] }) {
  return (
    <span className={`badge status-badge status-${status}`} data-status={status}>
      {STATUS_LABELS[status]}
    </span>
  );
}

/** The live view of one training run: phase, progress, loss curve, resources and timeline. */
export function JobPanel({
  job,
  onCancel,
  onRetrain,
  cancelling,
  retraining,
  actionError,
}: {
  job: Job;
  onCancel: () => void;
  onRetrain: () => void;
  cancelling: boolean;
  retraining: boolean;
  actionError: string | null;
}) {
  const active = isActive(job.status);
  const ratio = job.status === 'succeeded' ? 1 : job.progressRatio;
  const percent = Math.round(ratio * 100);
  return (
    <div
      className={`job-panel job-panel-${job.status} stack`}
      data-testid="job-panel"
      data-status={job.status}
      data-job-id={job.id}
    >
      <div className="row between">
        <div className="job-panel-head">
          <StatusBadge status={job.status} />
          <span className="phase-text" data-testid="job-phase" aria-live="polite">
            {phaseText(job)}
          </span>
        </div>
        <div className="row">
          {active ? (
            <button
              type="button"
              className="models-cancel"
              onClick={onCancel}
              disabled={job.cancelRequested || cancelling}
            >
              {job.cancelRequested || cancelling ? 'Cancelling…' : 'Cancel'}
            </button>
          ) : (
            <button type="button" className="primary" onClick={onRetrain} disabled={retraining}>
              {retraining ? 'Starting…' : 'Retrain'}
            </button>
          )}
        </div>
      </div>

      {(active || job.status === 'succeeded') && (
        <div className="progress-row">
          <progress max={1} value={ratio} aria-label="Training progress">
            {percent}%
          </progress>
          <span className="models-progress-text" data-testid="job-percent">
            {percent}%
          </span>
        </div>
      )}
      {job.cancelRequested && active && (
        <p className="muted small">
          Cancellation requested: the trainer stops at the end of the current epoch and keeps the
          previous model.
        </p>
      )}
      {job.status === 'failed' && (
        <div className="callout models-callout-error" role="alert">
          <strong>Training failed.</strong> {job.error ?? 'No reason was recorded.'}
          <span className="muted small"> The previous model (if any) is still in use.</span>
        </div>
      )}
      {job.status === 'cancelled' && (
        <p className="muted small">
          This run was cancelled{job.error ? ` (${job.error})` : ''}; the previous model is still in
          use.
        </p>
      )}
      {actionError && (
        <p className="error" role="alert">
          {actionError}
        </p>
      )}

      <dl className="models-facts">
        <div>
          <dt>{active ? 'Elapsed' : 'Duration'}</dt>
          <dd data-testid="job-elapsed">
            {job.startedAt ? formatDuration(job.durationMs) : 'not started'}
          </dd>
        </div>
        <div>
          <dt>Attempts</dt>
          <dd>{job.attempts}</dd>
        </div>
        <div>
          <dt>Backend</dt>
          <dd>{job.backend ?? '—'}</dd>
        </div>
        <div>
          <dt>Peak memory</dt>
          <dd>{job.peakRssMb !== null ? `${job.peakRssMb} MB` : '—'}</dd>
        </div>
        <div>
          <dt>Trigger</dt>
          <dd>{TRIGGER_LABELS[job.trigger] ?? job.trigger}</dd>
        </div>
        <div>
          <dt>Requested</dt>
          <dd>{formatDateTime(job.createdAt)}</dd>
        </div>
      </dl>

      {(active || job.curve.length > 0) && <LossCurve curve={job.curve} live={active} />}
      <JobTimeline job={job} />
    </div>
  );
}
