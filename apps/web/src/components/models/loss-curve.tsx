'use client';

import { useMemo } from 'react';
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { Job } from './format';

const PHASE_COLOURS = ['#4f46e5', '#059669', '#d97706', '#db2777', '#0891b2', '#7c3aed'];

interface Row {
  step: number;
  phase: string;
  epoch: number;
  [key: string]: number | string | undefined;
}

/**
 * Every training epoch's loss (solid) and validation loss (dashed), one colour per phase; the
 * x axis counts epochs across the whole run, since each phase starts again at epoch 1.
 */
export function LossCurve({ curve, live }: { curve: Job['curve']; live: boolean }) {
  const { rows, phases, hasVal, positive } = useMemo(() => {
    const phases: string[] = [];
    let hasVal = false;
    let positive = true;
    const rows: Row[] = curve.map((p, i) => {
      let k = phases.indexOf(p.phase);
      if (k < 0) k = phases.push(p.phase) - 1;
      if (p.valLoss !== undefined) hasVal = true;
      if (!(p.loss > 0) || (p.valLoss !== undefined && !(p.valLoss > 0))) positive = false;
      return {
        step: i + 1,
        phase: p.phase,
        epoch: p.epoch,
        [`loss${k}`]: p.loss,
        ...(p.valLoss !== undefined ? { [`val${k}`]: p.valLoss } : {}),
      };
    });
    return { rows, phases, hasVal, positive };
  }, [curve]);

  const last = curve.at(-1);
  return (
    <figure
      className="chart loss-curve"
      data-testid="loss-curve"
      data-points={curve.length}
      aria-label="Training loss curve"
    >
      <figcaption>
        Training loss{live ? ' (live)' : ''}
        <span className="muted small">
          {' '}
          {curve.length === 0
            ? live
              ? '· waiting for the first epoch'
              : '· no epochs recorded for this run'
            : `· ${curve.length} epoch${curve.length === 1 ? '' : 's'}${
                last ? ` · last loss ${last.loss.toPrecision(4)}` : ''
              }${last?.valLoss !== undefined ? ` · validation ${last.valLoss.toPrecision(4)}` : ''}`}
        </span>
      </figcaption>
      {curve.length > 0 && (
        <ResponsiveContainer width="100%" height={240}>
          <LineChart data={rows} margin={{ top: 8, right: 16, bottom: 4, left: 4 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" />
            <XAxis
              dataKey="step"
              type="number"
              domain={[1, 'dataMax']}
              allowDecimals={false}
              tick={{ fontSize: 11 }}
              label={{
                value: 'epoch (whole run)',
                position: 'insideBottomRight',
                offset: -2,
                fontSize: 11,
              }}
            />
            <YAxis
              scale={positive ? 'log' : 'linear'}
              domain={['auto', 'auto']}
              allowDataOverflow
              width={64}
              tick={{ fontSize: 11 }}
              tickFormatter={(v: number) => v.toPrecision(2)}
            />
            <Tooltip
              labelFormatter={(_, payload) => {
                const r = payload?.[0]?.payload as Row | undefined;
                return r ? `${r.phase} · epoch ${r.epoch}` : '';
              }}
              formatter={(v) => (typeof v === 'number' ? v.toPrecision(4) : String(v))}
            />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            {phases.map((phase, k) => (
              <Line
                key={`loss${k}`}
                dataKey={`loss${k}`}
                name={`${phase} · loss`}
                stroke={PHASE_COLOURS[k % PHASE_COLOURS.length]}
                dot={false}
                strokeWidth={2}
                isAnimationActive={false}
                connectNulls={false}
              />
            ))}
            {hasVal &&
              phases.map((phase, k) => (
                <Line
                  key={`val${k}`}
                  dataKey={`val${k}`}
                  name={`${phase} · validation`}
                  stroke={PHASE_COLOURS[k % PHASE_COLOURS.length]}
                  strokeDasharray="5 4"
                  dot={false}
                  strokeWidth={1.5}
                  isAnimationActive={false}
                  connectNulls={false}
                  legendType="plainline"
                />
              ))}
          </LineChart>
        </ResponsiveContainer>
      )}
    </figure>
  );
}
