'use client';

import type { ReactNode } from 'react';
import { DatasetPicker, useDatasetChoice } from '~/components/dataset-picker';
import { UploadHint } from './chart-card';

/**
 * The shell of an events-analytics page: the events-dataset picker, or an empty state saying
 * what to upload; `children` renders the chosen dataset's dashboard.
 */
export function EventsDatasetPage({
  path,
  toSee,
  children,
}: {
  path: string;
  toSee: string;
  children: (dataset: { id: string; name: string }) => ReactNode;
}) {
  const { isPending, datasets, datasetId, dataset } = useDatasetChoice(['events']);
  if (isPending) return <p className="muted">Loading…</p>;
  if (!datasetId || !dataset) {
    return (
      <div className="card empty">
        <h2>No event data yet</h2>
        <UploadHint toSee={toSee} />
      </div>
    );
  }
  return (
    <div className="stack-lg">
      <DatasetPicker datasets={datasets} value={datasetId} path={path} />
      {children({ id: datasetId, name: dataset.name })}
    </div>
  );
}
