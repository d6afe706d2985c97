'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useTRPC } from '~/trpc/react';

/** After an upload: refresh the dataset list and open the page that shows what it trains. */
export function useUploadDone(
  pageFor: (result: { datasetId: string; jobId: string | null }) => string,
) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  return async (result: { datasetId: string; jobId: string | null }) => {
    await queryClient.invalidateQueries({ queryKey: trpc.datasets.all.queryKey() });
    router.push(pageFor(result));
  };
}
