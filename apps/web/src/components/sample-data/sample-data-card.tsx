'use client';

import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useSearchParams } from 'next/navigation';
import { Suspense, useEffect } from 'react';
import { SAMPLE_SCALES, SAMPLE_SUMMARY } from '@foresight/sample-data/summary';
import { ProgressBar } from '~/components/upload/progress-bar';
import { KIND_INFO, importProgressText, type UploadView } from '~/lib/uploads';
import { useTRPC } from '~/trpc/react';
import './sample-data.css';

type Kind = keyof typeof KIND_INFO;

interface SampleUpload {
  kind: Kind;
  uploadId: string;
  name: string;
}

const FINISHED = new Set(['stored', 'rejected', 'failed']);

/** The dashboards each sample dataset feeds. */
const DASHBOARDS: Record<Kind, { label: string; page: string }[]> = {
  market: [{ label: 'Trends', page: 'trends' }],
  financials: [{ label: 'Runway & risk', page: 'risk' }],
  events: [
    { label: 'Churn', page: 'churn' },
    { label: 'Recommendations', page: 'recommendations' },
    { label: 'User behaviour', page: 'behaviour' },
    { label: 'Feature optimisation', page: 'features' },
  ],
  customers: [{ label: 'Churn', page: 'churn' }],
};

/**
 * "Try with sample data": a prominent card while the organization has no datasets (a one-line
 * offer otherwise). Loads a generated startup, follows its four imports, then links to every
 * dashboard. `?sample=small` on the page loads the small version (for tests).
 */
export function SampleDataCard() {
  return (
    <Suspense fallback={null}>
      <SampleData />
    </Suspense>
  );
}

function SampleData() {
  const trpc = useTRPC();
  const params = useSearchParams();
  const scale = params.get('sample') === 'small' ? 'small' : 'full';
  const datasets = useQuery(trpc.datasets.all.queryOptions());
  const load = useMutation(trpc.org.loadSampleData.mutationOptions());
  const uploads = (load.data?.uploads ?? null) as SampleUpload[] | null;

  if (uploads) return <SampleProgress uploads={uploads} />;
  if (datasets.isPending) return null;

  const start = () => load.mutate({ scale });
  const busy = load.isPending;
  const error = load.error && <p className="error">{load.error.message}</p>;

  if ((datasets.data ?? []).length > 0) {
    return (
      <section className="sample-line" aria-label="Sample data">
        <span className="muted small">Want to explore with a realistic example startup?</span>
        <button type="button" className="link" onClick={start} disabled={busy}>
          {busy ? 'Starting…' : 'Try with sample data'}
        </button>
        {error}
      </section>
    );
  }

  return (
    <section className="card stack sample-card" aria-label="Sample data">
      <div>
        <h2>New here? Try with sample data</h2>
        <p>
          See every page of Foresight working before you upload your own files. One click creates a
          realistic made-up startup as four datasets, named “Sample: …”:
        </p>
      </div>
      <ul className="sample-list">
        <li>
          <strong>Market data</strong> — {SAMPLE_SUMMARY.months} months of daily figures in{' '}
          {SAMPLE_SUMMARY.marketSeries.length} series ({SAMPLE_SUMMARY.marketSeries.join(', ')}),
          for trend forecasts.
        </li>
        <li>
          <strong>User events</strong> — what about{' '}
          {SAMPLE_SCALES[scale].users.toLocaleString('en-US')} users did, with items and revenue,
          for churn, recommendations, behaviour and feature analysis.
        </li>
        <li>
          <strong>Financials</strong> — monthly revenue, costs and cash with about a year of runway,
          for runway &amp; risk.
        </li>
        <li>
          <strong>Customers</strong> — a table of{' '}
          {SAMPLE_SCALES[scale].customers.toLocaleString('en-US')} customers with a churn label, for
          churn drivers.
        </li>
      </ul>
      <p className="muted small">
        The files are imported like any upload and every model starts training. You can delete the
        sample datasets at any time.
      </p>
      <div className="row">
        <button type="button" className="primary" onClick={start} disabled={busy}>
          {busy ? 'Starting…' : 'Try with sample data'}
        </button>
      </div>
      {error}
    </section>
  );
}

function SampleProgress({ uploads }: { uploads: SampleUpload[] }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const views = useQueries({
    queries: uploads.map((u) =>
      trpc.uploads.byId.queryOptions(
        { id: u.uploadId },
        {
          staleTime: 0,
          refetchInterval: (q) =>
            q.state.data && FINISHED.has(q.state.data.status) ? false : 1000,
        },
      ),
    ),
  });
  const data = views.map((v) => v.data as UploadView | undefined);
  const stored = data.filter((v) => v?.status === 'stored').length;
  const failed = data.filter((v) => v && (v.status === 'failed' || v.status === 'rejected'));
  const done = data.every((v) => v && FINISHED.has(v.status));
  const allStored = stored === uploads.length;

  // Each stored file adds a dataset: refresh the table below.
  useEffect(() => {
    void queryClient.invalidateQueries({ queryKey: trpc.datasets.pathKey() });
  }, [stored, queryClient, trpc]);

  const datasetOf = (kind: Kind) =>
    data.find((v, i) => uploads[i]!.kind === kind && v?.status === 'stored')?.datasetId ?? null;

  return (
    <section
      className="card stack sample-card"
      aria-label="Sample data"
      data-testid="sample-data"
      data-state={allStored ? 'stored' : done ? 'failed' : 'loading'}
    >
      <h2>
        {allStored
          ? 'Sample data is ready'
          : done
            ? 'Some sample data could not be loaded'
            : 'Loading sample data…'}
      </h2>
      <ul className="sample-uploads">
        {uploads.map((u, i) => {
          const v = data[i];
          const error = views[i]!.error;
          return (
            <li key={u.uploadId} data-kind={u.kind} data-status={v?.status ?? 'loading'}>
              <div className="sample-upload-head">
                <strong>{KIND_INFO[u.kind].label}</strong>
                <span>{u.name}</span>
                <span className="muted small">{v ? statusText(v) : 'waiting…'}</span>
              </div>
              {v && !FINISHED.has(v.status) && <UploadProgress kind={u.kind} view={v} />}
              {v?.status === 'stored' && (
                <p className="muted small">
                  {(v.result?.rowsStored ?? 0).toLocaleString()} rows stored
                  {v.datasetId && (
                    <>
                      {' · '}
                      <Link href={`/data/${v.datasetId}`}>View dataset</Link>
                    </>
                  )}
                </p>
              )}
              {v && (v.status === 'failed' || v.status === 'rejected') && (
                <p className="error">{v.message ?? `The import was ${v.status}.`}</p>
              )}
              {error && <p className="error">{error.message}</p>}
            </li>
          );
        })}
      </ul>

      {stored > 0 && (
        <div className="stack">
          <p>
            {allStored ? 'All four datasets are stored. ' : ''}
            Training is under way for every model; each page shows its results as soon as they are
            ready.
          </p>
          <nav aria-label="Sample dashboards" className="sample-links">
            {uploads.map((u) => {
              const id = datasetOf(u.kind);
              if (!id) return null;
              return DASHBOARDS[u.kind].map((d) => (
                <Link
                  key={`${u.kind}-${d.page}`}
                  href={`/${d.page}?dataset=${id}`}
                  data-kind={u.kind}
                  data-dataset={id}
                >
                  {d.label}
                  {d.page === 'churn' ? ` (${KIND_INFO[u.kind].label.toLowerCase()})` : ''}
                </Link>
              ));
            })}
            <Link href={`/models${datasetOf('market') ? `?dataset=${datasetOf('market')}` : ''}`}>
              Models &amp; Jobs
            </Link>
          </nav>
        </div>
      )}
      {failed.length > 0 && done && (
        <p className="muted small">
          The other sample datasets still work; you can try again from this page later.
        </p>
      )}
    </section>
  );
}

function statusText(v: UploadView): string {
  switch (v.status) {
    case 'receiving':
      return 'waiting…';
    case 'staged':
      return 'ready to import…';
    case 'processing':
      return 'importing…';
    case 'stored':
      return 'stored';
    case 'rejected':
      return 'rejected';
    case 'failed':
      return 'failed';
  }
}

function UploadProgress({ kind, view }: { kind: Kind; view: UploadView }) {
  const p = view.progress;
  const ratio = p.totalBytes > 0 && p.bytesProcessed > 0 ? p.bytesProcessed / p.totalBytes : null;
  const text = view.status === 'processing' ? importProgressText(view) : statusText(view);
  return (
    <ProgressBar
      label={`${KIND_INFO[kind].label} progress`}
      ratio={ratio ?? (view.status === 'receiving' ? 0 : null)}
      text={text}
    />
  );
}
