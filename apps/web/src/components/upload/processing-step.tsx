'use client';

import { useMutation, useQuery } from '@tanstack/react-query';
import { importProgressText, type UploadView } from '~/lib/uploads';
import { useTRPC } from '~/trpc/react';
import { ProgressBar } from './progress-bar';
import { UploadProblems } from './upload-problems';
import { UploadStored } from './upload-stored';

const FINISHED = new Set(['stored', 'rejected', 'failed']);

/**
 * Polls the import (a job the trainer runs) until it is stored or refused, then shows the
 * outcome; while it runs it can be cancelled, which stores nothing and returns to the mapping.
 */
export function ProcessingStep({
  uploadId,
  onBackToMapping,
  onAnother,
}: {
  uploadId: string;
  onBackToMapping: () => void;
  onAnother: () => void;
}) {
  const trpc = useTRPC();
  const upload = useQuery(
    trpc.uploads.byId.queryOptions(
      { id: uploadId },
      {
        staleTime: 0,
        refetchInterval: (q) => (q.state.data && FINISHED.has(q.state.data.status) ? false : 500),
      },
    ),
  );
  if (upload.error) return <p className="error">{upload.error.message}</p>;
  const view: UploadView | undefined = upload.data;
  if (!view || !FINISHED.has(view.status))
    return <ProcessingProgress view={view} onCancelled={onBackToMapping} />;
  if (view.status === 'stored') return <UploadStored view={view} onAnother={onAnother} />;
  return <UploadProblems view={view} onBackToMapping={onBackToMapping} onAnother={onAnother} />;
}

function ProcessingProgress({
  view,
  onCancelled,
}: {
  view: UploadView | undefined;
  onCancelled: () => void;
}) {
  const trpc = useTRPC();
  const cancel = useMutation(trpc.uploads.cancelImport.mutationOptions({ onSuccess: onCancelled }));
  const p = view?.progress;
  const ratio =
    view?.stage === 'reading' && p && p.totalBytes > 0 ? p.bytesProcessed / p.totalBytes : null;
  return (
    <div className="stack">
      {view?.message && (
        <p className="muted" data-testid="import-note">
          {view.message}
        </p>
      )}
      <ProgressBar
        label="Import progress"
        ratio={view?.stage === 'finishing' ? 1 : ratio}
        text={view ? importProgressText(view) : 'Starting the import…'}
      />
      {view && view.stage !== 'finishing' && (
        <div className="row">
          <button
            type="button"
            disabled={cancel.isPending}
            onClick={() => cancel.mutate({ id: view.id })}
          >
            {cancel.isPending ? 'Cancelling…' : 'Cancel import'}
          </button>
          {cancel.error && <span className="error">{cancel.error.message}</span>}
        </div>
      )}
    </div>
  );
}
