'use client';

import { useQuery } from '@tanstack/react-query';
import { useRouter, useSearchParams } from 'next/navigation';
import { useTRPC } from '~/trpc/react';

type Kind = 'market' | 'financials' | 'events' | 'customers';

/** The datasets of the given kinds, and the one picked by `?dataset=` (else the newest). */
export function useDatasetChoice(kinds: readonly Kind[]) {
  const trpc = useTRPC();
  const params = useSearchParams();
  const datasets = useQuery(trpc.datasets.all.queryOptions());
  const matching = (datasets.data ?? []).filter((d) => kinds.includes(d.kind as Kind));
  const requested = params.get('dataset');
  const datasetId = matching.find((d) => d.id === requested)?.id ?? matching[0]?.id ?? null;
  return {
    isPending: datasets.isPending,
    datasets: matching,
    datasetId,
    dataset: matching.find((d) => d.id === datasetId) ?? null,
  };
}

export function DatasetPicker({
  datasets,
  value,
  path,
}: {
  datasets: { id: string; name: string; kind: string }[];
  value: string | null;
  path: string;
}) {
  const router = useRouter();
  return (
    <label className="inline">
      Dataset{' '}
      <select
        value={value ?? ''}
        onChange={(e) => router.replace(`${path}?dataset=${e.target.value}`)}
      >
        {datasets.map((d) => (
          <option key={d.id} value={d.id}>
            {d.name} ({d.kind})
          </option>
        ))}
      </select>
    </label>
  );
}
