import { StatusBadge } from './job-panel';
import {
  formatDateTime,
  formatDuration,
  TASK_LABELS,
  TRIGGER_LABELS,
  type JobSummary,
  type Task,
} from './format';

/** The dataset's recent training runs; picking one shows it in its task's section. */
export function RecentJobs({
  jobs,
  isPending,
  selected,
  onSelect,
}: {
  jobs: JobSummary[];
  isPending: boolean;
  selected: Set<string>;
  onSelect: (job: { id: string; task: Task }) => void;
}) {
  return (
    <section className="card models-stack" aria-labelledby="recent-jobs-title">
      <h2 id="recent-jobs-title">Recent training runs</h2>
      <p className="muted small">Pick a run to see its progress, loss curve and timeline above.</p>
      {isPending ? (
        <p className="muted">Loading…</p>
      ) : jobs.length === 0 ? (
        <p className="muted">
          No training runs yet. They start when you upload data, on the retraining schedule, or when
          you click Retrain.
        </p>
      ) : (
        <div className="table-scroll">
          <table aria-label="Recent jobs" className="recent-jobs">
            <thead>
              <tr>
                <th>Run</th>
                <th>Status</th>
                <th>Trigger</th>
                <th className="num">Attempts</th>
                <th>Requested</th>
                <th className="num">Duration</th>
              </tr>
            </thead>
            <tbody>
              {jobs.map((j) => (
                <tr
                  key={j.id}
                  className={selected.has(j.id) ? 'chosen' : undefined}
                  aria-selected={selected.has(j.id)}
                  data-job-id={j.id}
                  data-status={j.status}
                >
                  <td>
                    <button type="button" className="link" onClick={() => onSelect(j)}>
                      {TASK_LABELS[j.task]} run
                    </button>
                  </td>
                  <td>
                    <StatusBadge status={j.status} />
                  </td>
                  <td>{TRIGGER_LABELS[j.trigger] ?? j.trigger}</td>
                  <td className="num">{j.attempts}</td>
                  <td>{formatDateTime(j.createdAt)}</td>
                  <td className="num">{j.startedAt ? formatDuration(j.durationMs) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
