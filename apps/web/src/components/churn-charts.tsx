'use client';

import {
  Bar,
  BarChart,
  CartesianGrid,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';

const pct = (v: number) => `${Math.round(v * 100)}%`;

/** Predicted vs observed churn rate per probability bin: on the diagonal = calibrated. */
export function CalibrationChart({
  bins,
}: {
  bins: { predicted: number; observed: number; count: number }[];
}) {
  const rows = bins
    .filter((b) => b.count > 0)
    .map((b) => ({ predicted: b.predicted, observed: b.observed, count: b.count }));
  return (
    <figure className="chart" aria-label="Calibration" data-testid="calibration-chart">
      <figcaption>Calibration: predicted vs actual churn (validation)</figcaption>
      <ResponsiveContainer width="100%" height={240}>
        <LineChart data={rows} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" />
          <XAxis
            dataKey="predicted"
            type="number"
            domain={[0, 1]}
            tickFormatter={pct}
            tick={{ fontSize: 12 }}
          />
          <YAxis domain={[0, 1]} tickFormatter={pct} tick={{ fontSize: 12 }} width={44} />
          <Tooltip
            formatter={(v, n) => [pct(Number(v)), n]}
            labelFormatter={(l) => `predicted ${pct(Number(l))}`}
          />
          <ReferenceLine
            segment={[
              { x: 0, y: 0 },
              { x: 1, y: 1 },
            ]}
            stroke="#9ca3af"
            strokeDasharray="4 4"
          />
          <Line
            dataKey="observed"
            name="actual churn rate"
            stroke="#4f46e5"
            strokeWidth={2}
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}

/** Permutation importance: how much ROC-AUC drops when a feature is shuffled. */
export function ImportanceChart({
  importance,
}: {
  importance: { feature: string; importance: number }[];
}) {
  const rows = importance.slice(0, 12);
  // Event-log features have readable names ("days since last activity"): room for the longest.
  const longest = rows.reduce((n, r) => Math.max(n, r.feature.length), 0);
  const labelWidth = Math.min(300, Math.max(120, Math.ceil(longest * 6.6)));
  return (
    <figure className="chart" aria-label="What drives churn" data-testid="importance-chart">
      <figcaption>What drives churn (drop in ROC-AUC when the feature is shuffled)</figcaption>
      <ResponsiveContainer width="100%" height={Math.max(160, rows.length * 26 + 40)}>
        <BarChart data={rows} layout="vertical" margin={{ top: 4, right: 24, bottom: 4, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" horizontal={false} />
          <XAxis
            type="number"
            tick={{ fontSize: 12 }}
            tickFormatter={(v: number) => v.toFixed(3)}
          />
          <YAxis type="category" dataKey="feature" width={labelWidth} tick={{ fontSize: 12 }} />
          <Tooltip formatter={(v) => [Number(v).toFixed(4), 'importance']} />
          <Bar dataKey="importance" fill="#6366f1" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}
