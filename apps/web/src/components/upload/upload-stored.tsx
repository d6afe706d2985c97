'use client';

import { useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useEffect } from 'react';
import { RESULTS_LABEL, resultsPath, type UploadView } from '~/lib/uploads';
import { useTRPC } from '~/trpc/react';

/** The import went through: what was stored, and where to look next. */
export function UploadStored({ view, onAnother }: { view: UploadView; onAnother: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  useEffect(() => {
    void queryClient.invalidateQueries({ queryKey: trpc.datasets.pathKey() });
  }, [queryClient, trpc]);
  const rows = view.result?.rowsStored ?? 0;
  const skipped = view.result?.rowsSkipped ?? 0;
  return (
    <div className="stack outcome outcome-ok" role="status" data-testid="upload-stored">
      <p>
        <strong>Imported {rows.toLocaleString()} rows</strong> from {view.fileName}
        {view.mode === 'append' ? ' (appended)' : view.mode === 'replace' ? ' (replaced)' : ''}.
        {skipped > 0 && (
          <span className="warning">
            {' '}
            {skipped.toLocaleString()} bad {skipped === 1 ? 'row was' : 'rows were'} skipped.
          </span>
        )}
      </p>
      {(view.result?.jobIds.length ?? 0) > 0 && (
        <p className="muted small">Training has started; results appear as soon as it is done.</p>
      )}
      {view.message && (
        <p className="warning" data-testid="upload-stored-note">
          {view.message}
        </p>
      )}
      <div className="row">
        {view.datasetId && <Link href={`/data/${view.datasetId}`}>View dataset</Link>}
        {view.datasetId && view.kind && (
          <Link href={resultsPath(view.kind, view.datasetId)}>{RESULTS_LABEL[view.kind]}</Link>
        )}
        <button type="button" className="link" onClick={onAnother}>
          Upload another file
        </button>
      </div>
    </div>
  );
}
