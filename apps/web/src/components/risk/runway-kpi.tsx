import type { ReactNode } from 'react';
import { runwayMonths, runwayRange } from '~/lib/runway-text';

interface Runway {
  p10: number | null;
  p50: number | null;
  p90: number | null;
  horizon: number;
}

/** A runway quantile for a data-* attribute: months, or "beyond" past the horizon. */
const attr = (v: number | null) => (v === null ? 'beyond' : String(v));

/**
 * The runway headline: the median, and the 80% range (p10–p90) of the simulated paths; a quantile
 * past the simulated horizon reads "more than N months". `scenario` is the applied what-if's.
 */
export function RunwayKpi({
  runway,
  scenario,
  stale = false,
  action,
}: {
  runway: Runway;
  scenario: Runway | null;
  /** The scenario's numbers are the previous fields', shown greyed until the new ones arrive. */
  stale?: boolean;
  /** In the card's corner (the "Alert me" bell). */
  action?: ReactNode;
}) {
  const { p10, p50, p90, horizon } = runway;
  return (
    <div className={action ? 'kpi kpi-with-action' : 'kpi'} data-testid="kpi-runway">
      {action && <span className="kpi-action">{action}</span>}
      <span className="kpi-label">Runway (median)</span>
      <span className="kpi-value" data-p50={attr(p50)}>
        {runwayMonths(p50, horizon)}
      </span>
      <span
        className="muted small"
        data-testid="runway-range"
        data-p10={attr(p10)}
        data-p90={attr(p90)}
        data-horizon={horizon}
      >
        80% range {runwayRange(p10, p90, horizon)}
        {p50 === null && ` · median beyond horizon: most paths still have cash at month ${horizon}`}
      </span>
      {scenario && (
        <strong
          className={stale ? 'whatif small stale' : 'whatif small'}
          aria-busy={stale}
          data-testid="runway-whatif"
          data-p50={attr(scenario.p50)}
        >
          what-if {runwayMonths(scenario.p50, scenario.horizon)}
        </strong>
      )}
    </div>
  );
}
