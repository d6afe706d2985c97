import Link from 'next/link';
import { chosenLabel, headline } from './metrics';
import { formatDateTime, TASK_PAGES, type ModelEntry, type Task } from './format';

/** Every kept version of a task's model, with Pin / Unpin. */
export function ModelHistory({
  task,
  datasetId,
  models,
  shown,
  onPin,
  pinning,
  error,
}: {
  task: Task;
  datasetId: string;
  models: ModelEntry[];
  shown: ModelEntry | null;
  onPin: (version: number | null) => void;
  pinning: boolean;
  error: string | null;
}) {
  const page = TASK_PAGES[task];
  const anyPinned = models.some((m) => m.pinned);
  return (
    <section className="models-stack" aria-label="Model history">
      <h3>Model history</h3>
      <p className="muted small">
        The pinned version is what the{' '}
        <Link href={`${page.href}?dataset=${datasetId}`}>{page.label}</Link> page and the API show;
        without a pin they show the newest version.{' '}
        {anyPinned
          ? 'New training runs still add versions, but the pinned one stays in use until you unpin it.'
          : 'Pin a version to keep using it when a newer one is worse.'}
      </p>
      {models.length === 0 ? (
        <p className="muted">No version yet: the first successful training run adds one.</p>
      ) : (
        <div className="table-scroll">
          <table aria-label="Model versions">
            <thead>
              <tr>
                <th>Version</th>
                <th>Trained</th>
                <th>Chosen candidate</th>
                <th className="num">{headline(task, models[0]!).label}</th>
                <th>Status</th>
                <th>
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {models.map((m) => {
                const h = headline(task, m);
                return (
                  <tr
                    key={m.id}
                    data-version={m.version}
                    className={m.id === shown?.id ? 'chosen' : undefined}
                  >
                    <td>v{m.version}</td>
                    <td>{formatDateTime(m.createdAt)}</td>
                    <td>{chosenLabel(m)}</td>
                    <td className="num">{h.value}</td>
                    <td>
                      {m.pinned && <span className="badge badge-pinned">pinned</span>}
                      {m.id === shown?.id && <span className="badge badge-ready">in use</span>}
                    </td>
                    <td className="num">
                      {m.pinned ? (
                        <button
                          type="button"
                          onClick={() => onPin(null)}
                          disabled={pinning}
                          aria-label={`Unpin version ${m.version}`}
                        >
                          Unpin
                        </button>
                      ) : (
                        <button
                          type="button"
                          onClick={() => onPin(m.version)}
                          disabled={pinning}
                          aria-label={`Pin version ${m.version}`}
                        >
                          Pin
                        </button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
