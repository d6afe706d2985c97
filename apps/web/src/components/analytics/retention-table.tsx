'use client';

import { formatCount, pct, periodLabel } from './helpers';
import type { Cohort } from './types';

/** White → indigo by share retained; dark cells get white text. */
export function retentionColour(v: number): { background: string; color: string } {
  const t = Math.max(0, Math.min(1, v));
  // sqrt spreads out the small shares, where most cells are.
  const a = 0.06 + 0.9 * Math.sqrt(t);
  return { background: `rgba(79, 70, 229, ${a.toFixed(3)})`, color: a > 0.55 ? '#fff' : '#111827' };
}

/**
 * The cohort heatmap as a table: one row per cohort (first active week or month) with its size,
 * one column per period since; each cell's colour and text give the share still active.
 */
export function RetentionTable({ cohorts, grain }: { cohorts: Cohort[]; grain: 'week' | 'month' }) {
  const periods = Math.max(0, ...cohorts.map((c) => c.retained.length));
  const unit = grain === 'week' ? 'Week' : 'Month';
  return (
    <div className="cohorts-scroll" tabIndex={0} aria-label="Retention cohorts, scrollable">
      <table className="cohorts" aria-label="Retention cohorts table">
        <caption className="visually-hidden">
          Share of each {grain}ly cohort active in each {grain} after its first activity
        </caption>
        <thead>
          <tr>
            <th scope="col">Cohort</th>
            <th scope="col" className="num">
              Users
            </th>
            {Array.from({ length: periods }, (_, i) => (
              <th key={i} scope="col" className="num">
                {unit} {i}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {cohorts.map((c) => (
            <tr key={c.cohort}>
              <th scope="row" className="nowrap">
                {periodLabel(c.cohort, grain)}
              </th>
              <td className="num">{formatCount(c.size)}</td>
              {Array.from({ length: periods }, (_, i) => {
                const v = c.retained[i];
                if (v === undefined)
                  return (
                    <td key={i} className="cell cell-na" title="Not observed yet">
                      <span className="visually-hidden">not observed yet</span>
                    </td>
                  );
                return (
                  <td
                    key={i}
                    className="cell"
                    style={retentionColour(v)}
                    title={`${periodLabel(c.cohort, grain)} cohort, ${unit.toLowerCase()} ${i}: ${pct(v, 1)} of ${formatCount(c.size)} users (${formatCount(Math.round(v * c.size))}) active`}
                  >
                    {pct(v)}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function RetentionLegend() {
  return (
    <span className="legend-scale muted small" aria-hidden>
      0%
      {[0, 0.05, 0.2, 0.5, 1].map((v) => (
        <span key={v} className="swatch" style={{ background: retentionColour(v).background }} />
      ))}
      100%
    </span>
  );
}
