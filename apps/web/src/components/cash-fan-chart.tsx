'use client';

import {
  Area,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { moneyAxisProps, moneyTooltip } from '~/lib/money-axis';

export interface FanPoint {
  date: string;
  p10: number;
  p50: number;
  p90: number;
}

/** Cash history, the simulated cash fan (p10–p90, p50) and, when set, a what-if's fan on top. */
export function CashFanChart({
  history,
  fan,
  scenario,
}: {
  history: { date: string; cash: number }[];
  fan: FanPoint[];
  scenario?: FanPoint[] | null;
}) {
  const last = history.at(-1);
  const rows: Record<string, unknown>[] = history.map((h) => ({ date: h.date, actual: h.cash }));
  if (last && rows.length) {
    rows[rows.length - 1] = {
      ...rows[rows.length - 1],
      p50: last.cash,
      band: [last.cash, last.cash],
      ...(scenario ? { s50: last.cash, sband: [last.cash, last.cash] } : {}),
    };
  }
  fan.forEach((f, i) => {
    const s = scenario?.[i];
    rows.push({
      date: f.date,
      p50: f.p50,
      band: [f.p10, f.p90],
      ...(s ? { s50: s.p50, sband: [s.p10, s.p90] } : {}),
    });
  });
  return (
    <figure className="chart wide" aria-label="Cash balance forecast" data-testid="cash-fan-chart">
      <figcaption>Cash balance in $: history and simulated paths (shaded: 80% of paths)</figcaption>
      <ResponsiveContainer width="100%" height={340}>
        <ComposedChart data={rows} margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" />
          <XAxis dataKey="date" minTickGap={40} tick={{ fontSize: 12 }} />
          <YAxis {...moneyAxisProps('Cash ($)')} />
          <Tooltip formatter={moneyTooltip} />
          <Legend />
          <ReferenceLine y={0} stroke="#b91c1c" strokeDasharray="4 4" />
          <Area
            dataKey="band"
            name="p10–p90"
            stroke="none"
            fill="#6366f1"
            fillOpacity={0.16}
            isAnimationActive={false}
          />
          {scenario && (
            <Area
              dataKey="sband"
              name="what-if p10–p90"
              stroke="none"
              fill="#f59e0b"
              fillOpacity={0.18}
              isAnimationActive={false}
            />
          )}
          <Line
            dataKey="actual"
            name="Cash (actual)"
            stroke="#111827"
            dot={false}
            strokeWidth={1.8}
            isAnimationActive={false}
          />
          <Line
            dataKey="p50"
            name="Median path"
            stroke="#4f46e5"
            strokeDasharray="5 4"
            dot={false}
            strokeWidth={2}
            isAnimationActive={false}
          />
          {scenario && (
            <Line
              dataKey="s50"
              name="What-if median"
              stroke="#d97706"
              dot={false}
              strokeWidth={2}
              isAnimationActive={false}
            />
          )}
        </ComposedChart>
      </ResponsiveContainer>
    </figure>
  );
}
