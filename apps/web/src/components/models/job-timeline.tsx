import { formatDuration, formatTime, type Job } from './format';

const EVENT_LABELS: Record<string, string> = {
  queued: 'Queued',
  started: 'Started',
  deferred: 'Waiting: another run of this model is in progress',
  lost: 'Trainer lost — resuming',
  requeued: 'Put back in the queue',
  succeeded: 'Succeeded',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

const DETAIL_LABELS: Record<string, string> = {
  upload: 'after new data arrived',
  manual: 'requested by hand',
  schedule: 'on the retraining schedule',
};

/** The job's life: queued → started (attempt n) → … → succeeded / failed / cancelled. */
export function JobTimeline({ job }: { job: Job }) {
  const entries = job.timeline;
  if (entries.length === 0) return null;
  return (
    <section aria-label="Job timeline" className="models-stack">
      <h3>Timeline</h3>
      <ol className="job-timeline" data-testid="job-timeline">
        {entries.map((e, i) => {
          const prev = entries[i - 1];
          const gap = prev ? new Date(e.at).getTime() - new Date(prev.at).getTime() : null;
          return (
            <li key={`${e.at}-${i}`} className={`timeline-${e.event}`} data-event={e.event}>
              <time dateTime={new Date(e.at).toISOString()}>{formatTime(e.at)}</time>
              <span className="job-timeline-event">
                {EVENT_LABELS[e.event] ?? e.event}
                {e.event === 'started' && e.attempt !== undefined ? ` (attempt ${e.attempt})` : ''}
              </span>
              {e.detail && (
                <span className="muted small">{DETAIL_LABELS[e.detail] ?? e.detail}</span>
              )}
              {gap !== null && (
                <span className="muted small timeline-gap">+{formatDuration(gap)}</span>
              )}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
