'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { putFile } from '~/lib/put-file';
import type { UploadView } from '~/lib/uploads';
import { useTRPC } from '~/trpc/react';

export type StagedUploadState =
  | { phase: 'idle' }
  | { phase: 'uploading'; fileName: string; sent: number; total: number }
  | { phase: 'staged'; upload: UploadView }
  | { phase: 'error'; fileName: string; message: string };

/**
 * Step one of an import: register the upload, stream the file's bytes to the server with
 * progress, and fetch what the server detected about it.
 */
export function useStagedUpload() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const create = useMutation(trpc.uploads.create.mutationOptions());
  const [state, setState] = useState<StagedUploadState>({ phase: 'idle' });
  const abort = useRef<AbortController | null>(null);

  async function start(file: File): Promise<UploadView | null> {
    abort.current?.abort();
    const controller = new AbortController();
    abort.current = controller;
    setState({ phase: 'uploading', fileName: file.name, sent: 0, total: file.size });
    try {
      const created = await create.mutateAsync({ fileName: file.name, sizeBytes: file.size });
      await putFile(
        created.uploadUrl,
        file,
        (sent, total) => {
          if (!controller.signal.aborted) {
            setState({ phase: 'uploading', fileName: file.name, sent, total });
          }
        },
        controller.signal,
      );
      const upload: UploadView = await queryClient.fetchQuery(
        trpc.uploads.byId.queryOptions({ id: created.id }, { staleTime: 0 }),
      );
      if (controller.signal.aborted) return null;
      if (!upload.detection) {
        const message = upload.message ?? 'The file could not be read';
        setState({ phase: 'error', fileName: file.name, message });
        return null;
      }
      setState({ phase: 'staged', upload });
      return upload;
    } catch (error) {
      if (controller.signal.aborted) return null;
      const message = error instanceof Error ? error.message : 'The upload failed';
      setState({ phase: 'error', fileName: file.name, message });
      return null;
    }
  }

  function reset() {
    abort.current?.abort();
    abort.current = null;
    setState({ phase: 'idle' });
  }

  return { state, start, reset };
}
