'use client';

import type { DataKind } from '@foresight/ingest';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { formatBytes, type PresetTarget } from '~/lib/uploads';
import { useTRPC } from '~/trpc/react';
import { FileDrop } from './file-drop';
import { KindPicker } from './kind-picker';
import { initialMapping, type IngestRequest, type MappingState } from './mapping-state';
import { MappingStep } from './mapping-step';
import { ProcessingStep } from './processing-step';
import { ProgressBar } from './progress-bar';
import { useStagedUpload, type StagedUploadState } from './use-staged-upload';

/**
 * Upload → confirm the mapping → import, with progress and row-level problems. With `preset`, the
 * rows go to (or replace) an existing dataset of that dataset's kind.
 */
export function UploadWizard({ preset, maxBytes }: { preset?: PresetTarget; maxBytes?: number }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const staged = useStagedUpload();
  const ingest = useMutation(trpc.uploads.ingest.mutationOptions());
  const [kind, setKind] = useState<DataKind | null>(preset?.kind ?? null);
  const [mapping, setMapping] = useState<MappingState | null>(null);
  const [step, setStep] = useState<'mapping' | 'processing'>('mapping');

  async function onFile(file: File) {
    setMapping(null);
    setStep('mapping');
    ingest.reset();
    const upload = await staged.start(file);
    if (!upload?.detection) return;
    setMapping(initialMapping(upload.detection, upload.fileName, preset));
    setKind((chosen) => chosen ?? upload.detection?.kindGuess ?? null);
  }

  function onKind(next: DataKind) {
    setKind(next);
    // An existing dataset picked for another kind is no longer a valid target.
    setMapping((m) =>
      m && m.target.mode !== 'new'
        ? { ...m, target: { ...m.target, mode: 'new', datasetId: '', confirmReplace: false } }
        : m,
    );
  }

  function onImport(request: IngestRequest) {
    ingest.mutate(request, {
      onSuccess: () => {
        // Forget the outcome of an earlier attempt, so it is not shown while this one runs.
        queryClient.removeQueries({
          queryKey: trpc.uploads.byId.queryKey({ id: request.uploadId }),
        });
        setStep('processing');
      },
    });
  }

  function startOver() {
    staged.reset();
    ingest.reset();
    setMapping(null);
    setStep('mapping');
    if (!preset) setKind(null);
  }

  const { state } = staged;
  return (
    <div className="stack upload-wizard">
      {!preset && <KindPicker value={kind} onChange={onKind} disabled={step === 'processing'} />}
      {(state.phase === 'idle' || state.phase === 'error') && (
        <>
          <FileDrop onFile={(f) => void onFile(f)} maxBytes={maxBytes} />
          {state.phase === 'error' && (
            <p role="alert" className="error">
              {state.fileName}: {state.message}
            </p>
          )}
        </>
      )}
      {state.phase === 'uploading' && <Uploading state={state} onCancel={startOver} />}
      {state.phase === 'staged' && (
        <>
          <FileLine
            fileName={state.upload.fileName}
            bytes={state.upload.sizeBytes ?? state.upload.declaredBytes}
            onChange={step === 'mapping' ? startOver : undefined}
          />
          {step === 'mapping' && mapping && state.upload.detection && kind && (
            <MappingStep
              uploadId={state.upload.id}
              detection={state.upload.detection}
              kind={kind}
              preset={preset}
              value={mapping}
              onChange={setMapping}
              onImport={onImport}
              pending={ingest.isPending}
              error={ingest.error?.message ?? null}
            />
          )}
          {step === 'mapping' && !kind && (
            <p className="callout" role="status">
              The columns do not clearly match one kind of data: pick above what this file is, and
              the columns will be mapped for it.
            </p>
          )}
          {step === 'processing' && (
            <ProcessingStep
              uploadId={state.upload.id}
              onBackToMapping={() => {
                ingest.reset();
                setStep('mapping');
              }}
              onAnother={startOver}
            />
          )}
        </>
      )}
    </div>
  );
}

function Uploading({
  state,
  onCancel,
}: {
  state: Extract<StagedUploadState, { phase: 'uploading' }>;
  onCancel: () => void;
}) {
  const ratio = state.total > 0 ? state.sent / state.total : 0;
  const sent = state.total > 0 && state.sent >= state.total;
  return (
    <div className="stack">
      <p>
        <strong>{state.fileName}</strong>
      </p>
      <ProgressBar
        label="Upload progress"
        ratio={ratio}
        text={
          sent
            ? `Uploaded ${formatBytes(state.total)} · detecting columns and types…`
            : `Uploading… ${Math.floor(ratio * 100)}% · ${formatBytes(state.sent)} of ${formatBytes(state.total)}`
        }
      />
      <div className="row">
        <button type="button" onClick={onCancel}>
          Cancel upload
        </button>
      </div>
    </div>
  );
}

function FileLine({
  fileName,
  bytes,
  onChange,
}: {
  fileName: string;
  bytes: number;
  onChange: (() => void) | undefined;
}) {
  return (
    <p className="file-line">
      <strong>{fileName}</strong> <span className="muted">· {formatBytes(bytes)}</span>
      {onChange && (
        <button type="button" className="link" onClick={onChange}>
          Choose another file
        </button>
      )}
    </p>
  );
}
