'use client';

import Link from 'next/link';
import type { ReactNode } from 'react';
import { downloadText, toCsv } from '~/lib/csv-export';

export type ChartState = 'loading' | 'computing' | 'empty' | 'ready' | 'error';

export interface CsvData {
  fileName: string;
  header: string[];
  rows: (string | number)[][];
}

/**
 * One chart's frame: a labelled region with a heading, a "Download CSV" button for the chart's
 * numbers, and the loading / computing / empty states in place of the chart.
 */
export function ChartCard({
  label,
  title,
  description,
  state,
  empty,
  error,
  csv,
  actions,
  controls,
  wide,
  testId,
  children,
}: {
  /** The region's accessible name, e.g. "Active users". */
  label: string;
  title: ReactNode;
  description?: ReactNode;
  state: ChartState;
  /** What to show when there is nothing to plot. */
  empty: ReactNode;
  error?: string | null;
  csv: CsvData | null;
  actions?: ReactNode;
  /** Inputs that stay visible whatever the state (e.g. the funnel's steps). */
  controls?: ReactNode;
  wide?: boolean;
  testId?: string;
  children?: ReactNode;
}) {
  const canDownload = state === 'ready' && !!csv && csv.rows.length > 0;
  return (
    <section
      className={`analytics-card${wide ? ' wide' : ''}`}
      aria-label={label}
      aria-busy={state === 'loading' || state === 'computing'}
      data-state={state}
      data-testid={testId}
    >
      <header>
        <div>
          <h2>{title}</h2>
          {description && <p className="muted small">{description}</p>}
        </div>
        <div className="row">
          {actions}
          <button
            type="button"
            aria-label={`Download CSV: ${label}`}
            disabled={!canDownload}
            onClick={() => csv && downloadText(csv.fileName, toCsv(csv.header, csv.rows))}
          >
            Download CSV
          </button>
        </div>
      </header>
      {controls}
      {state === 'loading' && <p className="chart-state">Loading…</p>}
      {state === 'computing' && (
        <p className="chart-state" role="status">
          Computing… the numbers are being built from your latest upload. This updates by itself.
        </p>
      )}
      {state === 'error' && <p className="chart-state error">{error ?? 'Could not load.'}</p>}
      {state === 'empty' && <div className="chart-state">{empty}</div>}
      {state === 'ready' && children}
    </section>
  );
}

/** The standard "nothing uploaded yet" message, pointing at the Data page. */
export function UploadHint({ toSee }: { toSee: string }) {
  return (
    <p>
      <Link href="/data">Upload an events CSV</Link> (user id, timestamp, event name) to see {toSee}
      .
    </p>
  );
}
