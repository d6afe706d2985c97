import { leaderboard } from './metrics';
import { formatDateTime, type ModelEntry, type Task } from './format';

/** The chosen model's candidates and their backtest metrics; the chosen one highlighted. */
export function LeaderboardTable({ task, model }: { task: Task; model: ModelEntry }) {
  const board = leaderboard(task, model);
  const grouped = board.rows.some((r) => r.group);
  return (
    <section className="models-stack" aria-label={`Leaderboard of version ${model.version}`}>
      <h3>
        Leaderboard · version {model.version}
        {model.pinned ? <span className="badge badge-pinned">pinned</span> : null}
      </h3>
      <p className="muted small">
        {board.explain} Trained {formatDateTime(model.createdAt)} on {model.backend}.
      </p>
      {board.rows.length === 0 ? (
        <p className="muted">This version recorded no candidate comparison.</p>
      ) : (
        <div className="table-scroll">
          <table className="leaderboard" aria-label="Leaderboard">
            <thead>
              <tr>
                {grouped && <th>Series</th>}
                <th>Candidate</th>
                {board.columns.map((c) => (
                  <th key={c.key} className="num" title={c.title}>
                    {c.label}
                  </th>
                ))}
                {board.hasFitTime && <th className="num">Fit time</th>}
              </tr>
            </thead>
            <tbody>
              {board.rows.map((r) => (
                <tr
                  key={r.key}
                  className={r.chosen ? 'chosen' : undefined}
                  aria-current={r.chosen ? 'true' : undefined}
                >
                  {grouped && <td>{r.group}</td>}
                  <td>
                    {r.label}
                    {r.chosen && <span className="badge badge-ready">chosen</span>}
                    {r.baseline && <span className="badge">naive baseline</span>}
                  </td>
                  {board.columns.map((c) => (
                    <td key={c.key} className="num">
                      {r.note ?? c.format(r.values[c.key] ?? null)}
                    </td>
                  ))}
                  {board.hasFitTime && (
                    <td className="num">
                      {r.fitMs === null ? '—' : `${(r.fitMs / 1000).toFixed(1)} s`}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
