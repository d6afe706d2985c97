'use client';

import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';

/** P(cash < 0 by month m) for the base case and, when set, the what-if. */
export function CashOutChart({
  base,
  scenario,
  dates,
}: {
  base: { month: number; p: number }[];
  scenario?: { month: number; p: number }[] | null;
  dates: string[];
}) {
  const rows = base.map((b, i) => ({
    label: dates[i]?.slice(0, 7) ?? `M${b.month}`,
    base: b.p,
    ...(scenario?.[i] ? { whatIf: scenario[i]!.p } : {}),
  }));
  const pct = (v: number) => `${Math.round(v * 100)}%`;
  return (
    <figure
      className="chart"
      aria-label="Probability of running out of cash"
      data-testid="cash-out-chart"
    >
      <figcaption>Probability cash has run out, by month</figcaption>
      <ResponsiveContainer width="100%" height={260}>
        <BarChart data={rows} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" vertical={false} />
          <XAxis dataKey="label" tick={{ fontSize: 11 }} minTickGap={12} />
          <YAxis domain={[0, 1]} tickFormatter={pct} tick={{ fontSize: 12 }} width={44} />
          <Tooltip formatter={(v) => pct(Number(v))} />
          <Legend />
          <Bar dataKey="base" name="P(cash < 0)" fill="#6366f1" isAnimationActive={false} />
          {scenario && (
            <Bar dataKey="whatIf" name="What-if" fill="#f59e0b" isAnimationActive={false} />
          )}
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}
