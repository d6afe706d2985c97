'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { ColumnChips } from '~/components/column-chips';
import { DeleteDatasetButton } from '~/components/delete-dataset-button';
import { formatDateRange } from '~/lib/format';
import { KIND_INFO } from '~/lib/uploads';
import { useTRPC } from '~/trpc/react';

export function DatasetsTable() {
  const trpc = useTRPC();
  const datasets = useQuery(trpc.datasets.all.queryOptions());
  if (datasets.isPending) return <p className="muted">Loading datasets…</p>;
  if (datasets.error) return <p className="error">{datasets.error.message}</p>;
  if (datasets.data.length === 0) {
    return (
      <p className="empty">
        No data yet. Upload a CSV of a metric over time to get your first forecast.
      </p>
    );
  }
  return (
    <div className="table-scroll">
      <table aria-label="Datasets">
        <thead>
          <tr>
            <th>Name</th>
            <th>Kind</th>
            <th className="num">Rows</th>
            <th>Date range</th>
            <th>Columns</th>
            <th>Status</th>
            <th>Uploaded</th>
            <th>
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {datasets.data.map((d) => (
            <tr key={d.id}>
              <td className="name-cell">
                <Link href={`/data/${d.id}`}>{d.name}</Link>
                {d.sourceFileName && <div className="muted small">{d.sourceFileName}</div>}
              </td>
              <td>{KIND_INFO[d.kind].label}</td>
              <td className="num">{d.rowCount.toLocaleString()}</td>
              <td className="nowrap">{formatDateRange(d.dateFrom, d.dateTo)}</td>
              <td className="columns-cell">
                <ColumnChips columns={d.columns} max={4} />
              </td>
              <td>
                <span className={`badge badge-${d.status}`}>{d.status}</span>
              </td>
              <td className="who-cell">
                {new Date(d.createdAt).toLocaleString(undefined, {
                  dateStyle: 'medium',
                  timeStyle: 'short',
                })}
                {d.createdBy && <div className="muted small">{d.createdBy}</div>}
              </td>
              <td>
                <DeleteDatasetButton id={d.id} name={d.name} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
