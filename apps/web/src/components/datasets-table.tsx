'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useTRPC } from '~/trpc/react';

const PAGE_OF_KIND = {
  market: 'trends',
  financials: 'risk',
  events: 'churn',
  customers: 'churn',
} as const;

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
            <th className="num" title="Series (market), users (events)">
              Series / users
            </th>
            <th>Date range</th>
            <th>Status</th>
            <th>Uploaded</th>
          </tr>
        </thead>
        <tbody>
          {datasets.data.map((d) => (
            <tr key={d.id}>
              <td>
                <Link href={`/${PAGE_OF_KIND[d.kind]}?dataset=${d.id}`}>{d.name}</Link>
                {d.sourceFileName && <div className="muted small">{d.sourceFileName}</div>}
              </td>
              <td>{d.kind}</td>
              <td className="num">{d.rowCount.toLocaleString()}</td>
              <td className="num">{d.seriesCount}</td>
              <td>
                {d.dateFrom} → {d.dateTo}
              </td>
              <td>
                <span className={`badge badge-${d.status}`}>{d.status}</span>
              </td>
              <td>
                {new Date(d.createdAt).toLocaleString()}
                {d.createdBy && <div className="muted small">{d.createdBy}</div>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
