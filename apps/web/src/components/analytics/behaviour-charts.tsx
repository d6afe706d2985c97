'use client';

import type { ReactNode } from 'react';
import {
  Area,
  Bar,
  BarChart,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import {
  formatCompact,
  formatCount,
  formatMoneyShort,
  GRAIN_LABEL,
  pct,
  periodLabel,
  periodTick,
  type Grain,
} from './helpers';
import type { Overview, SeriesPoint } from './types';

const GRID = '#e5e7eb';
const TICK = { fontSize: 12 };
const axisLabel = (value: string, angle = -90) =>
  ({
    value,
    angle,
    position: angle ? 'insideLeft' : 'insideBottom',
    offset: angle ? 10 : -2,
    style: { fontSize: 12, fill: '#6b7280', textAnchor: 'middle' },
  }) as const;

/** The box recharts shows on hover: a title and label/value lines. */
export function TooltipBox({ title, rows }: { title: ReactNode; rows: [string, string][] }) {
  return (
    <div className="chart-tooltip">
      <strong>{title}</strong>
      {rows.map(([k, v]) => (
        <div key={k}>
          {k}: <b>{v}</b>
        </div>
      ))}
    </div>
  );
}

function rowOf<T>(payload: readonly { payload?: unknown }[] | undefined): T | null {
  return (payload?.[0]?.payload as T | undefined) ?? null;
}

/** New and returning users per period, stacked: the top of the stack is DAU / WAU / MAU. */
export function ActiveUsersChart({ series, grain }: { series: SeriesPoint[]; grain: Grain }) {
  const g = GRAIN_LABEL[grain];
  return (
    <ResponsiveContainer width="100%" height={280}>
      <ComposedChart data={series} margin={{ top: 8, right: 16, bottom: 16, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" stroke={GRID} />
        <XAxis
          dataKey="period"
          tick={TICK}
          tickFormatter={(p: string) => periodTick(p, grain)}
          minTickGap={24}
        />
        <YAxis
          tick={TICK}
          tickFormatter={(v: number) => formatCompact(v)}
          width={56}
          allowDecimals={false}
          label={axisLabel(`users per ${g.noun}`)}
        />
        <Tooltip
          content={({ active, payload }) => {
            const r = active ? rowOf<SeriesPoint>(payload) : null;
            return r ? (
              <TooltipBox
                title={periodLabel(r.period, grain)}
                rows={[
                  [`Active users (${g.active})`, formatCount(r.activeUsers)],
                  ['New', formatCount(r.newUsers)],
                  ['Returning', formatCount(r.returningUsers)],
                  ['Events', formatCount(r.events)],
                  ...(r.revenue
                    ? [['Revenue', formatMoneyShort(r.revenue)] as [string, string]]
                    : []),
                ]}
              />
            ) : null;
          }}
        />
        <Legend verticalAlign="top" height={28} />
        <Area
          type="monotone"
          dataKey="returningUsers"
          name="Returning users"
          stackId="users"
          stroke="#4f46e5"
          fill="#6366f1"
          fillOpacity={0.55}
          isAnimationActive={false}
          dot={series.length <= 2}
        />
        <Area
          type="monotone"
          dataKey="newUsers"
          name="New users"
          stackId="users"
          stroke="#059669"
          fill="#34d399"
          fillOpacity={0.55}
          isAnimationActive={false}
          dot={series.length <= 2}
        />
        <Line
          type="monotone"
          dataKey="activeUsers"
          name={`Active users (${g.active})`}
          stroke="#111827"
          strokeWidth={1.5}
          dot={false}
          legendType="line"
          isAnimationActive={false}
        />
      </ComposedChart>
    </ResponsiveContainer>
  );
}

/** DAU / MAU (or average DAU / MAU per week or month) as a line. */
export function StickinessChart({ series, grain }: { series: SeriesPoint[]; grain: Grain }) {
  return (
    <ResponsiveContainer width="100%" height={240}>
      <LineChart data={series} margin={{ top: 8, right: 16, bottom: 16, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" stroke={GRID} />
        <XAxis
          dataKey="period"
          tick={TICK}
          tickFormatter={(p: string) => periodTick(p, grain)}
          minTickGap={24}
        />
        <YAxis
          tick={TICK}
          tickFormatter={(v: number) => pct(v)}
          width={56}
          domain={[0, (max: number) => Math.min(1, Math.max(0.1, Math.ceil(max * 10) / 10))]}
          label={axisLabel('DAU ÷ MAU')}
        />
        <Tooltip
          content={({ active, payload }) => {
            const r = active ? rowOf<SeriesPoint>(payload) : null;
            return r ? (
              <TooltipBox
                title={periodLabel(r.period, grain)}
                rows={[['Stickiness (DAU ÷ MAU)', pct(r.stickiness, 1)]]}
              />
            ) : null;
          }}
        />
        <Line
          type="monotone"
          dataKey="stickiness"
          name="Stickiness"
          stroke="#4f46e5"
          strokeWidth={2}
          dot={series.length <= 2}
          connectNulls
          isAnimationActive={false}
        />
      </LineChart>
    </ResponsiveContainer>
  );
}

type Volume = Overview['eventVolume'][number];

/** Events per event name, most frequent first. */
export function EventVolumeChart({ rows }: { rows: Volume[] }) {
  const data = [...rows].sort((a, b) => b.events - a.events);
  return (
    <ResponsiveContainer width="100%" height={Math.max(180, data.length * 26 + 60)}>
      <BarChart data={data} layout="vertical" margin={{ top: 4, right: 24, bottom: 16, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" stroke={GRID} horizontal={false} />
        <XAxis
          type="number"
          tick={TICK}
          tickFormatter={(v: number) => formatCompact(v)}
          allowDecimals={false}
          label={axisLabel('events', 0)}
        />
        <YAxis type="category" dataKey="event" width={150} tick={TICK} interval={0} />
        <Tooltip
          cursor={{ fill: '#eef2ff' }}
          content={({ active, payload }) => {
            const r = active ? rowOf<Volume>(payload) : null;
            return r ? (
              <TooltipBox
                title={r.event}
                rows={[
                  ['Events', formatCount(r.events)],
                  ['Users', formatCount(r.users)],
                ]}
              />
            ) : null;
          }}
        />
        <Bar dataKey="events" name="Events" fill="#6366f1" isAnimationActive={false} />
      </BarChart>
    </ResponsiveContainer>
  );
}

type Bucket = Overview['activityDistribution'][number];

/** How many users did 1, 2–3, 4–7 … events in the range. */
export function EventsPerUserChart({ rows, totalUsers }: { rows: Bucket[]; totalUsers: number }) {
  return (
    <ResponsiveContainer width="100%" height={260}>
      <BarChart data={rows} margin={{ top: 8, right: 16, bottom: 20, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" stroke={GRID} vertical={false} />
        <XAxis dataKey="bucket" tick={TICK} interval={0} label={axisLabel('events per user', 0)} />
        <YAxis
          tick={TICK}
          tickFormatter={(v: number) => formatCompact(v)}
          width={56}
          allowDecimals={false}
          label={axisLabel('users')}
        />
        <Tooltip
          cursor={{ fill: '#eef2ff' }}
          content={({ active, payload }) => {
            const r = active ? rowOf<Bucket>(payload) : null;
            return r ? (
              <TooltipBox
                title={`${r.bucket} event${r.bucket === '1' ? '' : 's'}`}
                rows={[
                  ['Users', formatCount(r.users)],
                  ['Share of users', totalUsers ? pct(r.users / totalUsers, 1) : '—'],
                ]}
              />
            ) : null;
          }}
        />
        <Bar dataKey="users" name="Users" fill="#6366f1" isAnimationActive={false} />
      </BarChart>
    </ResponsiveContainer>
  );
}
