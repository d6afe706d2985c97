import type { RouterOutputs } from '@foresight/api';

export type UserRecommendations = NonNullable<RouterOutputs['recommendations']['forUser']>;
export type UserHistory = RouterOutputs['recommendations']['history'];

const when = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'UTC',
});

/** "30 Jul 2000, 18:08 UTC": when an item was last used (events are stored in UTC). */
export function formatUsedAt(iso: string): string {
  return `${when.format(new Date(iso))} UTC`;
}

const times = (n: number) => (n === 1 ? 'once' : n === 2 ? 'twice' : `${n.toLocaleString()} times`);

/** The sentence above a user's lists: why they get what they get. */
export function historyNote(user: string, coldStart: boolean, history: UserHistory): string | null {
  if (!coldStart) return null;
  if (history.length === 0)
    return `“${user}” has no history yet: no item used in this dataset. They get the most popular items.`;
  return `The latest model was trained before “${user}” used anything, so they get the most popular items until it is retrained.`;
}

/**
 * A looked-up user: the items they used most recently (newest first, with when) beside their
 * recommendations in rank order, each with the item of theirs it is "because" of when the model
 * says. Scores are not shown: they only order one list and mean nothing on their own.
 */
export function UserRecommendationsPanel({
  recs,
  history,
  modelName,
  onPickItem,
}: {
  recs: UserRecommendations;
  history: UserHistory;
  /** The human name of the model that made the recommendations. */
  modelName: string;
  onPickItem: (item: string) => void;
}) {
  const note = historyNote(recs.user, recs.coldStart, history);
  return (
    <div className="stack">
      {note && (
        <p className="callout" data-testid="cold-start-note">
          {note}
        </p>
      )}
      <div className="split">
        <div className="stack-sm" aria-label="Recently used">
          <h3>Recently used</h3>
          {history.length === 0 ? (
            <p className="muted small">Nothing yet.</p>
          ) : (
            <ul className="history" data-testid="user-history">
              {history.map((h) => (
                <li key={h.item}>
                  <button type="button" className="link" onClick={() => onPickItem(h.item)}>
                    {h.item}
                  </button>
                  <span className="muted small detail">
                    {formatUsedAt(h.lastUsedAt)}
                    {h.uses > 1 ? ` · used ${times(h.uses)}` : ''}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </div>
        <div className="stack-sm" aria-label="Recommended">
          <h3>{recs.coldStart ? 'Most popular' : `Recommended for “${recs.user}”`}</h3>
          {recs.items.length === 0 ? (
            <p className="muted small">No items to recommend.</p>
          ) : (
            <ol className="ranked numbered" data-testid="user-recommendations">
              {recs.items.map((it, i) => (
                <li key={it.item}>
                  <span className="rank" aria-label={`rank ${i + 1}`}>
                    {i + 1}
                  </span>
                  <span>
                    <button type="button" className="link" onClick={() => onPickItem(it.item)}>
                      {it.item}
                    </button>
                    {it.because && (
                      <span className="muted small detail" data-testid="because">
                        because you used <strong>{it.because}</strong>
                      </span>
                    )}
                  </span>
                </li>
              ))}
            </ol>
          )}
          {!recs.coldStart && recs.items.length > 0 && (
            <p className="muted small">
              Ranked by {modelName}, best first; items already used are left out.
            </p>
          )}
        </div>
      </div>
    </div>
  );
}

/** Items most used together with `item`, by rank; each can be looked up in turn. */
export function SimilarItemsList({
  item,
  similar,
  onPickItem,
}: {
  item: string;
  similar: { item: string }[];
  onPickItem: (item: string) => void;
}) {
  if (similar.length === 0) return <p className="muted">No item “{item}” in this dataset.</p>;
  return (
    <>
      <p className="muted small">People who use “{item}” also use, most alike first:</p>
      <ol className="ranked numbered" data-testid="similar-items">
        {similar.map((it, i) => (
          <li key={it.item}>
            <span className="rank" aria-label={`rank ${i + 1}`}>
              {i + 1}
            </span>
            <button type="button" className="link" onClick={() => onPickItem(it.item)}>
              {it.item}
            </button>
          </li>
        ))}
      </ol>
    </>
  );
}
