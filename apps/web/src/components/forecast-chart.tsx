'use client';

import {
  Area,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';

export interface ChartSeries {
  series: string;
  history: { date: string; value: number }[];
  forecast: { date: string; p10: number; p50: number; p90: number }[];
}

const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 2 });
const full = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

/** History as a line, the p10–p90 band shaded, and the p50 forecast dashed, joined at the last actual. */
export function ForecastChart({ data }: { data: ChartSeries }) {
  const last = data.history.at(-1);
  const rows: { date: string; actual?: number; p50?: number; band?: [number, number] }[] =
    data.history.map((h) => ({
      date: h.date,
      actual: h.value,
    }));
  if (last && rows.length)
    rows[rows.length - 1] = {
      ...rows[rows.length - 1]!,
      p50: last.value,
      band: [last.value, last.value],
    };
  for (const f of data.forecast) rows.push({ date: f.date, p50: f.p50, band: [f.p10, f.p90] });

  return (
    <figure
      className="chart"
      aria-label={`Forecast chart for ${data.series}`}
      data-testid="forecast-chart"
    >
      <figcaption>{data.series}</figcaption>
      <ResponsiveContainer width="100%" height={300}>
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
        </ComposedChart>
      </ResponsiveContainer>
    </figure>
  );
}
