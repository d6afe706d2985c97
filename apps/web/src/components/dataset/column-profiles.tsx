import type { RouterOutputs } from '@foresight/api';
import { formatPercent } from '~/lib/format';
import { typeLabel } from '~/lib/uploads';
import { Histogram } from './histogram';

/** A stored column's summary, as `datasets.byId` gives it. */
export type ColumnProfile = NonNullable<RouterOutputs['datasets']['byId']['profile']>[number];

/** One card per stored column: role, type, missing share, distinct values, range, distribution. */
export function ColumnProfiles({ profile }: { profile: ColumnProfile[] }) {
  if (profile.length === 0) return <p className="muted">No column summaries yet.</p>;
  return (
    <div className="profile-grid">
      {profile.map((c) => (
        <article key={c.name} className="profile-card" aria-label={`Column ${c.name}`}>
          <header className="row between">
            <strong>{c.name}</strong>
            <span className="chip">{typeLabel(c.type)}</span>
          </header>
          {c.role && <div className="muted small">role: {c.role}</div>}
          <Histogram bins={c.histogram} label={`Distribution of ${c.name}`} />
          {!NUMERIC_OR_DATE.has(c.type) && c.histogram.length > 0 && (
            <div className="muted small top-values" title="Most common values">
              {c.histogram
                .slice(0, 3)
                .map((b) => b.label)
                .join(' · ')}
            </div>
          )}
          <dl className="facts small">
            <dt>Missing</dt>
            <dd>
              {formatPercent(c.missingShare, c.missingShare > 0 && c.missingShare < 0.01 ? 1 : 0)}
            </dd>
            <dt>Distinct</dt>
            <dd>{c.distinct.toLocaleString()}</dd>
            {c.min !== null && (
              <>
                <dt>Min</dt>
                <dd>{formatValue(c.min)}</dd>
              </>
            )}
            {c.max !== null && (
              <>
                <dt>Max</dt>
                <dd>{formatValue(c.max)}</dd>
              </>
            )}
          </dl>
        </article>
      ))}
    </div>
  );
}

const NUMERIC_OR_DATE = new Set<string>(['integer', 'decimal', 'date', 'datetime']);

const formatValue = (v: string | number) =>
  typeof v === 'number' ? v.toLocaleString(undefined, { maximumFractionDigits: 4 }) : v;
