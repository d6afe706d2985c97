import type { RouterOutputs } from '@foresight/api';
import { backtestHorizonSentence, formatShare } from '~/lib/forecast-quality';

type ForecastMetrics = NonNullable<
  NonNullable<RouterOutputs['forecasts']['latest']['forecast']>['metrics']
>;

const PERIODS = { one: 'period', many: 'periods' };

/**
 * How far the p10–p90 band can be trusted: how it was calibrated, how often the calibrated band
 * held the actual value when checked on windows it was not calibrated on (newer models), and which
 * periods ahead were never checked because the history is short.
 */
export function ForecastCalibration({ metrics }: { metrics: ForecastMetrics }) {
  const c = metrics.calibration;
  const horizonNote = backtestHorizonSentence(metrics.backtestHorizon, metrics.horizon, PERIODS);
  return (
    <>
      {c && (
        <p className="muted small" data-testid="calibration">
          The p10–p90 band is calibrated on {c.residuals.toLocaleString()} backtest errors: the
          model&apos;s own band covered {formatShare(c.coverageBefore)} of actual values, the
          calibrated one {formatShare(c.coverageAfter)} (target {formatShare(c.nominal)}).
        </p>
      )}
      {c && c.measured !== null && (
        <p data-testid="calibration-measured" data-measured={c.measured} data-nominal={c.nominal}>
          {formatShare(c.nominal)} range: held {formatShare(c.measured)} of actuals in the backtest
          <span className="muted small">
            {' '}
            (each backtest window checked against a band calibrated without it)
          </span>
        </p>
      )}
      {horizonNote && (
        <p className="muted" data-testid="backtest-horizon-note">
          {horizonNote}
        </p>
      )}
    </>
  );
}
