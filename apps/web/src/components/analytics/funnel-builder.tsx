'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import {
  Bar,
  BarChart,
  CartesianGrid,
  LabelList,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { useDebounced } from '~/lib/use-debounced';
import { useTRPC } from '~/trpc/react';
import { TooltipBox } from './behaviour-charts';
import { ChartCard, UploadHint, type ChartState } from './chart-card';
import { formatCompact, formatCount, formatHours, pct, pollWhileComputing, slug } from './helpers';
import type { Funnel, FunnelStep } from './types';

const MIN_STEPS = 2;
const MAX_STEPS = 6;

/** Pick 2–6 events in order (optionally within N days of the first) and see who gets through. */
export function FunnelBuilder({
  datasetId,
  datasetName,
}: {
  datasetId: string;
  datasetName: string;
}) {
  const trpc = useTRPC();
  const names = useQuery({
    ...trpc.analytics.overview.queryOptions({ datasetId }),
    refetchInterval: pollWhileComputing,
  });
  const eventNames = names.data?.eventNames ?? [];
  const [steps, setSteps] = useState<string[]>(['', '']);
  const [withinText, setWithinText] = useState('');
  const within = useDebounced(withinText, 400);
  const withinDays = within.trim() === '' ? undefined : Number(within);
  const withinValid =
    withinDays === undefined ||
    (Number.isInteger(withinDays) && withinDays >= 1 && withinDays <= 365);
  const chosen = steps.filter((s) => s !== '');
  const complete = chosen.length === steps.length && steps.length >= MIN_STEPS;

  const q = useQuery({
    ...trpc.analytics.funnel.queryOptions({
      datasetId,
      steps,
      ...(withinValid && withinDays !== undefined ? { withinDays } : {}),
    }),
    enabled: complete && withinValid,
    placeholderData: keepPreviousData,
    refetchInterval: pollWhileComputing,
  });
  const funnel: Funnel | undefined = complete ? q.data : undefined;
  const rows = funnel?.steps ?? [];

  const state: ChartState = !complete
    ? 'empty'
    : q.isError
      ? 'error'
      : !funnel
        ? 'loading'
        : funnel.status === 'computing'
          ? 'computing'
          : rows.length
            ? 'ready'
            : 'empty';

  const move = (i: number, by: -1 | 1) =>
    setSteps((s) => {
      const next = [...s];
      const j = i + by;
      if (j < 0 || j >= next.length) return s;
      [next[i], next[j]] = [next[j]!, next[i]!];
      return next;
    });

  const chartRows = rows.map((r, i) => ({ ...r, label: `${i + 1}. ${r.event}` }));

  const controls = (
    <form className="stack" aria-label="Funnel steps" onSubmit={(e) => e.preventDefault()}>
      <ol className="funnel-steps">
        {steps.map((step, i) => (
          <li key={i}>
            <span className="step-no">{i + 1}.</span>
            <select
              aria-label={`Step ${i + 1} event`}
              value={step}
              onChange={(e) => setSteps((s) => s.map((x, j) => (j === i ? e.target.value : x)))}
            >
              <option value="">Choose an event…</option>
              {eventNames.map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
            <button
              type="button"
              className="icon"
              aria-label={`Move step ${i + 1} up`}
              disabled={i === 0}
              onClick={() => move(i, -1)}
            >
              ↑
            </button>
            <button
              type="button"
              className="icon"
              aria-label={`Move step ${i + 1} down`}
              disabled={i === steps.length - 1}
              onClick={() => move(i, 1)}
            >
              ↓
            </button>
            <button
              type="button"
              className="icon"
              aria-label={`Remove step ${i + 1}`}
              disabled={steps.length <= MIN_STEPS}
              onClick={() => setSteps((s) => s.filter((_, j) => j !== i))}
            >
              ✕
            </button>
          </li>
        ))}
      </ol>
      <div className="row" style={{ alignItems: 'flex-end' }}>
        <button
          type="button"
          disabled={steps.length >= MAX_STEPS}
          onClick={() => setSteps((s) => [...s, ''])}
        >
          + Add step
        </button>
        <label className="inline">
          Within
          <input
            className="narrow"
            type="number"
            min={1}
            max={365}
            step={1}
            inputMode="numeric"
            placeholder="any"
            value={withinText}
            onChange={(e) => setWithinText(e.target.value)}
            aria-label="Within days"
          />
          days of the first step
        </label>
      </div>
      {!withinValid && <p className="error small">Enter a whole number of days from 1 to 365.</p>}
    </form>
  );

  return (
    <ChartCard
      wide
      label="Funnel"
      testId="funnel"
      title="Funnel builder"
      description="Users who did the first event, then the next one after it, and so on, in this order."
      state={state}
      error={q.error?.message}
      empty={
        names.data?.status === 'ready' && !names.data.range ? (
          <UploadHint toSee="where users drop out between steps" />
        ) : (
          <p>Choose an event for every step to see how many users get through.</p>
        )
      }
      controls={controls}
      csv={{
        fileName: `funnel-${slug(datasetName)}.csv`,
        header: [
          'step',
          'event',
          'users',
          'conversion_from_previous',
          'conversion_from_first',
          'median_hours_from_previous',
        ],
        rows: rows.map((r, i) => [
          i + 1,
          r.event,
          r.users,
          r.conversionFromPrevious ?? '',
          r.conversionFromFirst,
          r.medianHoursFromPrevious ?? '',
        ]),
      }}
    >
      <FunnelResult rows={chartRows} definition={funnel?.definition ?? ''} />
    </ChartCard>
  );
}

type Row = FunnelStep & { label: string };

function FunnelResult({ rows, definition }: { rows: Row[]; definition: string }) {
  return (
    <>
      <ResponsiveContainer width="100%" height={260}>
        <BarChart data={rows} margin={{ top: 20, right: 16, bottom: 8, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" vertical={false} />
          <XAxis dataKey="label" tick={{ fontSize: 12 }} interval={0} />
          <YAxis
            tick={{ fontSize: 12 }}
            tickFormatter={(v: number) => formatCompact(v)}
            allowDecimals={false}
            width={56}
            label={{
              value: 'users',
              angle: -90,
              position: 'insideLeft',
              offset: 10,
              style: { fontSize: 12, fill: '#6b7280', textAnchor: 'middle' },
            }}
          />
          <Tooltip
            cursor={{ fill: '#eef2ff' }}
            content={({ active, payload }) => {
              const r = active ? (payload?.[0]?.payload as Row | undefined) : undefined;
              return r ? (
                <TooltipBox
                  title={r.label}
                  rows={[
                    ['Users', formatCount(r.users)],
                    ['From previous step', pct(r.conversionFromPrevious, 1)],
                    ['From first step', pct(r.conversionFromFirst, 1)],
                    ['Median time from previous', formatHours(r.medianHoursFromPrevious)],
                  ]}
                />
              ) : null;
            }}
          />
          <Bar dataKey="users" name="Users" fill="#6366f1" isAnimationActive={false}>
            <LabelList
              dataKey="conversionFromFirst"
              position="top"
              formatter={(v: unknown) => pct(Number(v))}
              style={{ fontSize: 12, fill: '#374151' }}
            />
          </Bar>
        </BarChart>
      </ResponsiveContainer>
      <table aria-label="Funnel conversion">
        <thead>
          <tr>
            <th>Step</th>
            <th className="num">Users</th>
            <th className="num">From previous</th>
            <th className="num">From first</th>
            <th className="num">Median time from previous</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.label}>
              <td>{r.label}</td>
              <td className="num">{formatCount(r.users)}</td>
              <td className="num">{pct(r.conversionFromPrevious, 1)}</td>
              <td className="num">{pct(r.conversionFromFirst, 1)}</td>
              <td className="num">{formatHours(r.medianHoursFromPrevious)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {definition && <p className="muted small">{definition}</p>}
    </>
  );
}
