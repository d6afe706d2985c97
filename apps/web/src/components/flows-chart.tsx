'use client';

import {
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { formatMoney, formatMoneyCompact } from '~/lib/format';

/** Monthly revenue and expenses: history solid, median forecast dashed. */
export function FlowsChart({
  history,
  forecast,
}: {
  history: { dates: string[]; revenue: number[]; expenses: number[] };
  forecast: { dates: string[]; revenue: number[]; expenses: number[] };
}) {
  const rows: Record<string, unknown>[] = history.dates.map((date, i) => ({
    date,
    revenue: history.revenue[i],
    expenses: history.expenses[i],
  }));
  const lastIdx = rows.length - 1;
  if (lastIdx >= 0)
    rows[lastIdx] = {
      ...rows[lastIdx],
      revenueF: history.revenue[lastIdx],
      expensesF: history.expenses[lastIdx],
    };
  forecast.dates.forEach((date, i) =>
    rows.push({ date, revenueF: forecast.revenue[i], expensesF: forecast.expenses[i] }),
  );
  return (
    <figure className="chart" aria-label="Revenue and expenses" data-testid="flows-chart">
      <figcaption>Revenue and expenses (median forecast dashed)</figcaption>
      <ResponsiveContainer width="100%" height={260}>
        <ComposedChart data={rows} margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" />
          <XAxis dataKey="date" minTickGap={40} tick={{ fontSize: 12 }} />
          <YAxis
            tickFormatter={(v: number) => formatMoneyCompact(v)}
            tick={{ fontSize: 12 }}
            width={60}
          />
          <Tooltip formatter={(v, name) => [formatMoney(Number(v)), name]} />
          <Legend />
          <Line
            dataKey="revenue"
            name="Revenue"
            stroke="#047857"
            dot={false}
            strokeWidth={1.8}
            isAnimationActive={false}
          />
          <Line
            dataKey="expenses"
            name="Expenses"
            stroke="#b91c1c"
            dot={false}
            strokeWidth={1.8}
            isAnimationActive={false}
          />
          <Line
            dataKey="revenueF"
            name="Revenue forecast"
            stroke="#047857"
            strokeDasharray="5 4"
            dot={false}
            isAnimationActive={false}
          />
          <Line
            dataKey="expensesF"
            name="Expenses forecast"
            stroke="#b91c1c"
            strokeDasharray="5 4"
            dot={false}
            isAnimationActive={false}
          />
        </ComposedChart>
      </ResponsiveContainer>
    </figure>
  );
}
