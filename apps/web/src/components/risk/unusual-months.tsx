import { formatMoney } from '~/lib/format';
import { seriesName } from '~/lib/model-names';
import type { RiskMetrics } from './types';

type Anomaly = RiskMetrics['anomalies'][number];

/** Months whose revenue or expenses fell outside the expected range of their one-step forecast. */
export function UnusualMonths({ anomalies }: { anomalies: Anomaly[] }) {
  return (
    <section className="card stack" aria-label="Anomalies">
      <h2>Unusual months</h2>
      {anomalies.length === 0 ? (
        <p className="muted">
          No month fell outside the expected range of its one-step-ahead forecast.
        </p>
      ) : (
        <table aria-label="Anomalies table">
          <thead>
            <tr>
              <th>Month</th>
              <th>Series</th>
              <th className="num">Actual</th>
              <th className="num">Expected</th>
              <th className="num">Expected range</th>
              <th className="num">Outside by</th>
            </tr>
          </thead>
          <tbody>
            {anomalies.map((a) => (
              <tr key={`${a.series}-${a.date}`}>
                <td>{a.date.slice(0, 7)}</td>
                <td>{seriesName(a.series)}</td>
                <td className="num">{formatMoney(a.value)}</td>
                <td className="num">{formatMoney(a.expected)}</td>
                <td className="num">
                  {formatMoney(a.lower)} – {formatMoney(a.upper)}
                </td>
                <td className="num">
                  {a.direction === 'above' ? '+' : '−'}
                  {formatMoney(a.excess)} ({Math.abs(a.score).toFixed(1)}σ)
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
