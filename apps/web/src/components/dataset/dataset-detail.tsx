'use client';

import type { DataKind } from '@foresight/ingest';
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { CsvPreview } from '~/components/csv-preview';
import { DeleteDatasetButton } from '~/components/delete-dataset-button';
import { UploadWizard } from '~/components/upload/upload-wizard';
import { formatDateRange } from '~/lib/format';
import { KIND_INFO, RESULTS_LABEL, resultsPath } from '~/lib/uploads';
import { useTRPC } from '~/trpc/react';
import { ColumnProfiles } from './column-profiles';
import { mappingRoles } from './mapping-roles';

/** A dataset's facts, column summaries, first rows, and what can be done with it. */
export function DatasetDetail({ id, maxUploadBytes }: { id: string; maxUploadBytes: number }) {
  const trpc = useTRPC();
  const router = useRouter();
  const dataset = useQuery(
    trpc.datasets.byId.queryOptions(
      { id },
      {
        // The column summaries are computed just after a load: poll a while until they are in.
        refetchInterval: (q) =>
          q.state.data?.profile === null && q.state.dataUpdateCount < 60 ? 1500 : false,
      },
    ),
  );
  const [adding, setAdding] = useState<'append' | 'replace' | null>(null);
  if (dataset.isPending) return <p className="muted">Loading dataset…</p>;
  if (dataset.error) {
    return (
      <div className="stack">
        <p className="error">{dataset.error.message}</p>
        <Link href="/data">← All datasets</Link>
      </div>
    );
  }
  const d = dataset.data;
  const kind: DataKind = d.kind;
  return (
    <div className="stack-lg">
      <div className="stack">
        <Link href="/data" className="small">
          ← All datasets
        </Link>
        <div className="row between">
          <h1>{d.name}</h1>
          <Link href={resultsPath(kind, d.id)}>{RESULTS_LABEL[kind]} →</Link>
        </div>
        <DatasetFacts dataset={d} />
        <div className="row">
          <button
            type="button"
            aria-pressed={adding === 'append'}
            onClick={() => setAdding(adding === 'append' ? null : 'append')}
          >
            Append rows
          </button>
          <button
            type="button"
            aria-pressed={adding === 'replace'}
            onClick={() => setAdding(adding === 'replace' ? null : 'replace')}
          >
            Replace data
          </button>
          <DeleteDatasetButton
            id={d.id}
            name={d.name}
            label="Delete dataset"
            onDeleted={() => router.push('/data')}
          />
        </div>
      </div>
      {adding && (
        <section
          className="card stack"
          aria-label={adding === 'append' ? 'Append rows' : 'Replace data'}
        >
          <h2>
            {adding === 'append' ? `Append rows to ${d.name}` : `Replace the data of ${d.name}`}
          </h2>
          <UploadWizard
            key={adding}
            preset={{
              mode: adding,
              datasetId: d.id,
              datasetName: d.name,
              kind,
              rowCount: d.rowCount,
            }}
            maxBytes={maxUploadBytes}
          />
        </section>
      )}
      <section className="card stack" aria-label="Column summaries">
        <h2>Columns</h2>
        {d.profile ? (
          <ColumnProfiles profile={d.profile} />
        ) : (
          <p className="muted" role="status">
            Summarising the columns…
          </p>
        )}
      </section>
      <section className="card stack" aria-label="Stored rows">
        <h2>First stored rows</h2>
        <StoredPreview id={d.id} />
      </section>
    </div>
  );
}

interface Facts {
  kind: DataKind;
  rowCount: number;
  dateFrom: string | null;
  dateTo: string | null;
  sourceFileName: string | null;
  createdBy: string | null;
  createdAt: string;
  columnMapping?: unknown;
  status: string;
}

function DatasetFacts({ dataset: d }: { dataset: Facts }) {
  const roles = mappingRoles(d.columnMapping);
  return (
    <dl className="facts facts-wide" aria-label="Dataset facts">
      <dt>Kind</dt>
      <dd>{KIND_INFO[d.kind].label}</dd>
      <dt>Rows</dt>
      <dd>{d.rowCount.toLocaleString()}</dd>
      <dt>Date range</dt>
      <dd>{formatDateRange(d.dateFrom, d.dateTo)}</dd>
      <dt>Status</dt>
      <dd>
        <span className={`badge badge-${d.status}`}>{d.status}</span>
      </dd>
      {d.sourceFileName && (
        <>
          <dt>File</dt>
          <dd>{d.sourceFileName}</dd>
        </>
      )}
      <dt>Uploaded</dt>
      <dd>
        {new Date(d.createdAt).toLocaleString()}
        {d.createdBy ? ` by ${d.createdBy}` : ''}
      </dd>
      {roles.length > 0 && (
        <>
          <dt>Mapping</dt>
          <dd>
            {roles.map((r) => (
              <span key={r.role} className="chip">
                {r.role}: {r.columns}
              </span>
            ))}
          </dd>
        </>
      )}
    </dl>
  );
}

function StoredPreview({ id }: { id: string }) {
  const trpc = useTRPC();
  const preview = useQuery(trpc.datasets.preview.queryOptions({ id }));
  if (preview.isPending) return <p className="muted">Loading rows…</p>;
  if (preview.error) return <p className="error">{preview.error.message}</p>;
  if (preview.data.rows.length === 0) return <p className="muted">No rows stored.</p>;
  return (
    <CsvPreview
      header={preview.data.header}
      rows={preview.data.rows}
      label="Stored rows preview"
      max={20}
    />
  );
}
