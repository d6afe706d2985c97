'use client';

import type { ReactNode } from 'react';
import {
  Area,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ResponsiveContainer,
  Scatter,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';

export interface ChartSeries {
  series: string;
  history: { date: string; value: number }[];
  forecast: { date: string; p10: number; p50: number; p90: number }[];
  /** Level + trend over the history, by date. */
  trend?: Map<string, number>;
  /** Seasonal part over the history, by date. */
  seasonal?: Map<string, number>;
  anomalies?: { date: string; value: number; expected: number; direction: 'above' | 'below' }[];
}

const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 2 });
const full = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

/**
 * History as a line, the p10–p90 band shaded, the p50 forecast dashed (joined at the last actual),
 * the fitted trend in grey, unusual points in red; a strip below shows the seasonal pattern.
 */
export function ForecastChart({
  data,
  action,
}: {
  data: ChartSeries;
  /** Beside the series name (the "Alert me" bell). */
  action?: ReactNode;
}) {
  const last = data.history.at(-1);
  const anomalyByDate = new Map((data.anomalies ?? []).map((a) => [a.date, a]));
  const rows: Record<string, unknown>[] = data.history.map((h) => ({
    date: h.date,
    actual: h.value,
    trend: data.trend?.get(h.date),
    anomaly: anomalyByDate.has(h.date) ? h.value : undefined,
  }));
  if (last && rows.length) {
    rows[rows.length - 1] = {
      ...rows[rows.length - 1],
      p50: last.value,
      band: [last.value, last.value],
    };
  }
  for (const f of data.forecast) rows.push({ date: f.date, p50: f.p50, band: [f.p10, f.p90] });
  const seasonalRows = data.seasonal
    ? data.history
        .filter((h) => data.seasonal!.has(h.date))
        .map((h) => ({ date: h.date, seasonal: data.seasonal!.get(h.date) }))
    : [];
  const hasSeason = seasonalRows.some((r) => Math.abs(Number(r.seasonal)) > 1e-9);
  const shownAnomalies = (data.anomalies ?? []).filter((a) => rows.some((r) => r.date === a.date));

  return (
    <figure
      className="chart"
      aria-label={`Forecast chart for ${data.series}`}
      data-testid="forecast-chart"
    >
      <figcaption className={action ? 'row between' : undefined}>
        <span>
          {data.series}
          {shownAnomalies.length > 0 && (
            <span
              className="badge badge-failed"
              title="Points outside the expected range of their one-step-ahead forecast"
            >
              {shownAnomalies.length} unusual
            </span>
          )}
        </span>
        {action}
      </figcaption>
      <ResponsiveContainer width="100%" height={280}>
        <ComposedChart data={rows} margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" />
          <XAxis dataKey="date" minTickGap={40} tick={{ fontSize: 12 }} />
          <YAxis
            domain={['auto', 'auto']}
            tickFormatter={(v: number) => compact.format(v)}
            tick={{ fontSize: 12 }}
            width={56}
          />
          <Tooltip
            formatter={(value, name) =>
              Array.isArray(value)
                ? [`${full.format(Number(value[0]))} – ${full.format(Number(value[1]))}`, name]
                : [full.format(Number(value)), name]
            }
          />
          <Legend />
          <Area
            type="monotone"
            dataKey="band"
            name="p10–p90"
            stroke="none"
            fill="#6366f1"
            fillOpacity={0.18}
            isAnimationActive={false}
          />
          <Line
            type="monotone"
            dataKey="actual"
            name="Actual"
            stroke="#111827"
            dot={false}
            strokeWidth={1.6}
            isAnimationActive={false}
          />
          {data.trend && (
            <Line
              type="monotone"
              dataKey="trend"
              name="Trend"
              stroke="#9ca3af"
              dot={false}
              strokeWidth={1.5}
              isAnimationActive={false}
            />
          )}
          <Line
            type="monotone"
            dataKey="p50"
            name="Forecast (p50)"
            stroke="#4f46e5"
            strokeDasharray="5 4"
            dot={false}
            strokeWidth={2}
            isAnimationActive={false}
          />
          {shownAnomalies.length > 0 && (
            <Scatter dataKey="anomaly" name="Unusual" fill="#dc2626" isAnimationActive={false} />
          )}
        </ComposedChart>
      </ResponsiveContainer>
      {hasSeason && (
        <ResponsiveContainer width="100%" height={90}>
          <ComposedChart
            data={seasonalRows.slice(-Math.min(seasonalRows.length, 120))}
            margin={{ top: 4, right: 16, bottom: 0, left: 8 }}
          >
            <XAxis dataKey="date" hide />
            <YAxis
              tickFormatter={(v: number) => compact.format(v)}
              tick={{ fontSize: 10 }}
              width={56}
            />
            <Tooltip formatter={(v) => [full.format(Number(v)), 'Seasonal effect']} />
            <Line
              dataKey="seasonal"
              name="Seasonal"
              stroke="#0891b2"
              dot={false}
              isAnimationActive={false}
            />
          </ComposedChart>
        </ResponsiveContainer>
      )}
      {hasSeason && (
        <p className="muted small chart-note">
          Seasonal pattern (recent periods), in the series&apos; units
        </p>
      )}
    </figure>
  );
}
