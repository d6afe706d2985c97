import {
  backtestHorizonSentence,
  coverageSentence,
  qualitySentence,
  type SeriesQuality,
} from '~/lib/forecast-quality';
import { RiskBacktestTable } from './risk-backtest-table';
import type { RiskMetrics } from './types';

/** One series' error vs no growth, and how often its 80% range held the actual value. */
function SeriesQualityLine({ quality }: { quality: SeriesQuality }) {
  const coverage = coverageSentence(quality.coverage);
  return (
    <p
      data-testid={`forecast-quality-${quality.series}`}
      data-error-pct={quality.errorPct ?? undefined}
      data-no-growth-error-pct={quality.noGrowthErrorPct ?? undefined}
      data-coverage={quality.coverage ?? undefined}
    >
      {qualitySentence(quality)}
      {coverage && <span className="muted"> {coverage}</span>}
    </p>
  );
}

/**
 * How good the revenue and expense forecasts behind the simulation are, in words (newer models),
 * and every candidate's backtest error. Models trained before these were measured show the table.
 */
export function ForecastQualityCard({ metrics }: { metrics: RiskMetrics }) {
  const quality = metrics.forecastQuality ?? [];
  const horizonNote = backtestHorizonSentence(metrics.backtestHorizon, metrics.horizon);
  const notes = metrics.notes ?? [];
  return (
    <section className="card stack" aria-label="Forecast quality" data-testid="forecast-quality">
      <h2>How good are these forecasts?</h2>
      {quality.map((q) => (
        <SeriesQualityLine key={q.series} quality={q} />
      ))}
      {metrics.expenseLines && metrics.expenseLines.length > 1 && (
        <p className="muted" data-testid="expense-lines-note">
          Costs were forecast line by line ({metrics.expenseLines.join(', ')}), each moving with
          revenue as it did in your history, and added up.
        </p>
      )}
      {horizonNote && (
        <p className="muted" data-testid="backtest-horizon-note">
          {horizonNote}
        </p>
      )}
      <p className="muted small">
        Backtest error of each model on the last months of your data (held out from training),
        relative to the seasonal-naive baseline: ×0.80 means 20% less error than it. The simulation
        draws its paths from the calibrated 80% ranges: on each path growth may be off for the whole
        horizon as well as month to month, and revenue and costs move together as they did in the
        backtest.
      </p>
      {notes.length > 0 && (
        <details className="small muted">
          <summary>Technical notes</summary>
          <ul className="notes">
            {notes.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        </details>
      )}
      <RiskBacktestTable backtest={metrics.backtest} />
    </section>
  );
}
