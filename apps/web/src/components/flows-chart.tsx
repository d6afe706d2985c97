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
import { moneyAxisProps, moneyTooltip } from '~/lib/money-axis';

interface Flows {
  dates: string[];
  revenue: number[];
  expenses: number[];
}

/** The forecast medians and, from newer models, their calibrated 80% bands (p10–p90). */
export interface FlowsForecast extends Flows {
  revenueP10?: number[] | undefined;
  revenueP90?: number[] | undefined;
  expensesP10?: number[] | undefined;
  expensesP90?: number[] | undefined;
}

interface Row {
  date: string;
  revenue?: number | undefined;
  expenses?: number | undefined;
  revenueF?: number | undefined;
  expensesF?: number | undefined;
  revenueBand?: [number, number];
  expensesBand?: [number, number];
}

/** [p10, p90] of month `i`, when the model stored both. */
function band(
  p10: number[] | undefined,
  p90: number[] | undefined,
  i: number,
): [number, number] | undefined {
  const lo = p10?.[i];
  const hi = p90?.[i];
  return lo === undefined || hi === undefined ? undefined : [lo, hi];
}

/** History, then the forecast medians and bands, joined at the last actual month. */
function chartRows(history: Flows, forecast: FlowsForecast): Row[] {
  const rows: Row[] = history.dates.map((date, i) => ({
    date,
    revenue: history.revenue[i],
    expenses: history.expenses[i],
  }));
  const r = history.revenue.at(-1);
  const e = history.expenses.at(-1);
  const last = rows.at(-1);
  if (last && r !== undefined && e !== undefined) {
    Object.assign(last, {
      revenueF: r,
      expensesF: e,
      revenueBand: [r, r],
      expensesBand: [e, e],
    } satisfies Partial<Row>);
  }
  forecast.dates.forEach((date, i) => {
    const revenueBand = band(forecast.revenueP10, forecast.revenueP90, i);
    const expensesBand = band(forecast.expensesP10, forecast.expensesP90, i);
    rows.push({
      date,
      revenueF: forecast.revenue[i],
      expensesF: forecast.expenses[i],
      ...(revenueBand ? { revenueBand } : {}),
      ...(expensesBand ? { expensesBand } : {}),
    });
  });
  return rows;
}

/** A forecast value for a data-* attribute (whole dollars). */
const attr = (v: number | undefined) => (v === undefined ? undefined : String(Math.round(v)));

/**
 * Monthly revenue and expenses in $/month: history solid, median forecast dashed, the calibrated
 * 80% range shaded when the model has one. The first and last forecast months are on the figure's
 * data-* attributes (for tests and scrapers).
 */
export function FlowsChart({ history, forecast }: { history: Flows; forecast: FlowsForecast }) {
  const rows = chartRows(history, forecast);
  const hasRevenueBand = !!forecast.revenueP10?.length && !!forecast.revenueP90?.length;
  const hasExpensesBand = !!forecast.expensesP10?.length && !!forecast.expensesP90?.length;
  return (
    <figure
      className="chart"
      aria-label="Revenue and expenses"
      data-testid="flows-chart"
      data-revenue-first={attr(forecast.revenue[0])}
      data-revenue-last={attr(forecast.revenue.at(-1))}
      data-expenses-first={attr(forecast.expenses[0])}
      data-expenses-last={attr(forecast.expenses.at(-1))}
      data-bands={hasRevenueBand || hasExpensesBand ? 'calibrated' : 'none'}
    >
      <figcaption>
        Revenue and expenses, $ per month (median forecast dashed
        {hasRevenueBand || hasExpensesBand ? ', shaded: 80% range' : ''})
      </figcaption>
      <ResponsiveContainer width="100%" height={260}>
        <ComposedChart data={rows} margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" />
          <XAxis dataKey="date" minTickGap={40} tick={{ fontSize: 12 }} />
          <YAxis {...moneyAxisProps('$ / month')} />
          <Tooltip formatter={moneyTooltip} />
          <Legend />
          {hasRevenueBand && (
            <Area
              dataKey="revenueBand"
              name="Revenue 80% range"
              stroke="none"
              fill="#047857"
              fillOpacity={0.14}
              isAnimationActive={false}
            />
          )}
          {hasExpensesBand && (
            <Area
              dataKey="expensesBand"
              name="Expenses 80% range"
              stroke="none"
              fill="#b91c1c"
              fillOpacity={0.12}
              isAnimationActive={false}
            />
          )}
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
