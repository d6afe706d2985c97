'use client';

import { useQuery } from '@tanstack/react-query';
import type { UploadView } from '~/lib/uploads';
import { useTRPC } from '~/trpc/react';
import { ProgressBar } from './progress-bar';
import { UploadProblems } from './upload-problems';
import { UploadStored } from './upload-stored';

const FINISHED = new Set(['stored', 'rejected', 'failed']);

/** Polls the import until it is stored or refused, then shows the outcome. */
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
  if (!view || !FINISHED.has(view.status)) return <ProcessingProgress view={view} />;
  if (view.status === 'stored') return <UploadStored view={view} onAnother={onAnother} />;
  return <UploadProblems view={view} onBackToMapping={onBackToMapping} onAnother={onAnother} />;
}

function ProcessingProgress({ view }: { view: UploadView | undefined }) {
  const p = view?.progress;
  const ratio = p && p.totalBytes > 0 ? p.bytesProcessed / p.totalBytes : null;
  const text = p
    ? `Processing… ${ratio === null ? '' : `${Math.floor(ratio * 100)}% · `}${p.rowsProcessed.toLocaleString()} rows`
    : 'Processing…';
  return <ProgressBar label="Processing progress" ratio={ratio} text={text} />;
}
