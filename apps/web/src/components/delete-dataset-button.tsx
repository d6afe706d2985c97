'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTRPC } from '~/trpc/react';

/** "Delete", then an inline "are you sure" naming what goes with the dataset. */
export function DeleteDatasetButton({
  id,
  name,
  label = 'Delete',
  onDeleted,
}: {
  id: string;
  name: string;
  label?: string;
  onDeleted?: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const remove = useMutation(
    trpc.datasets.delete.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.datasets.pathKey() });
        onDeleted?.();
      },
    }),
  );
  if (!confirming) {
    return (
      <button type="button" className="danger-link" onClick={() => setConfirming(true)}>
        {label}
      </button>
    );
  }
  return (
    <span className="confirm" role="group" aria-label={`Confirm deleting ${name}`}>
      <span className="small">Delete “{name}” with its models and predictions?</span>
      <button
        type="button"
        className="danger"
        disabled={remove.isPending}
        onClick={() => remove.mutate({ id })}
      >
        {remove.isPending ? 'Deleting…' : 'Yes, delete'}
      </button>
      <button type="button" onClick={() => setConfirming(false)} disabled={remove.isPending}>
        Cancel
      </button>
      {remove.error && <span className="error small">{remove.error.message}</span>}
    </span>
  );
}
