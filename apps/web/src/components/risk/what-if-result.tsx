'use client';

import { formatPercent } from '~/lib/format';
import { runwayMonths, runwayRange } from '~/lib/runway-text';
import type { WhatIfResult as Result, WhatIfState } from './use-what-if';

function Summary({ result }: { result: Result }) {
  const { p10, p50, p90, horizon } = result.runway;
  return (
    <>
      Median runway <strong>{runwayMonths(p50, horizon)}</strong> (80% range{' '}
      {runwayRange(p10, p90, horizon)}) · P(out of cash within 12 months){' '}
      <strong>{formatPercent(result.summary['12'])}</strong>
    </>
  );
}

/**
 * What the scenario does, or why nothing is shown: an invalid field means no scenario at all, never
 * the previous one's numbers as if they were current.
 */
export function WhatIfResultLine({ whatIf }: { whatIf: WhatIfState }) {
  const common = {
    'data-testid': 'what-if-result',
    'data-state': whatIf.state,
    'aria-live': 'polite' as const,
  };
  switch (whatIf.state) {
    case 'none':
      return (
        <p {...common} className="muted small">
          Change a field to see how the runway moves.
        </p>
      );
    case 'invalid':
      return (
        <p {...common} className="whatif-result not-applied">
          Scenario not applied. Fix the highlighted field to see this scenario.
        </p>
      );
    case 'error':
      return (
        <p {...common} className="whatif-result not-applied error">
          Scenario not applied: {whatIf.message}
        </p>
      );
    case 'pending':
      return (
        <p {...common} className="whatif-result stale" aria-busy="true">
          Updating the scenario…
          {whatIf.previous && (
            <span className="muted">
              {' '}
              (previous: <Summary result={whatIf.previous} />)
            </span>
          )}
        </p>
      );
    case 'applied':
      return (
        <p {...common} className="whatif-result">
          <span className="whatif">With this scenario:</span> <Summary result={whatIf.result} />
        </p>
      );
  }
}
