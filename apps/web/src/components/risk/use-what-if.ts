'use client';

import type { RouterOutputs } from '@foresight/api';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useDebounced } from '~/lib/use-debounced';
import {
  checkWhatIf,
  EMPTY_WHAT_IF,
  serverFieldErrors,
  type FieldErrors,
  type WhatIfInputs,
} from '~/lib/what-if';
import { useTRPC } from '~/trpc/react';

export type WhatIfResult = RouterOutputs['risk']['whatIf'];

/**
 * Where the scenario stands. Only `applied` numbers belong to the fields as they are now; `pending`
 * carries the previous scenario's numbers, to be shown as out of date until the new ones arrive.
 */
export type WhatIfState =
  | { state: 'none' }
  | { state: 'invalid' }
  | { state: 'error'; message: string }
  | { state: 'pending'; previous: WhatIfResult | null }
  | { state: 'applied'; result: WhatIfResult };

/** The what-if fields, why any is wrong (checked here, or by the server), and the scenario's state. */
export function useWhatIf(datasetId: string | null, ready: boolean) {
  const trpc = useTRPC();
  const [inputs, setInputs] = useState<WhatIfInputs>(EMPTY_WHAT_IF);
  const checked = useMemo(() => checkWhatIf(inputs), [inputs]);
  const invalid = Object.keys(checked.errors).length > 0;
  const scenario = useDebounced(checked.scenario, 250);
  const settled = JSON.stringify(scenario) === JSON.stringify(checked.scenario);

  const query = useQuery({
    ...trpc.risk.whatIf.queryOptions({ datasetId: datasetId ?? '', scenario: scenario ?? {} }),
    enabled: !!datasetId && ready && scenario !== null && !invalid,
    placeholderData: keepPreviousData,
    // A refused scenario is refused again: say why at once.
    retry: (failures, error) => error.data?.code !== 'BAD_REQUEST' && failures < 1,
  });

  const server =
    settled && query.error?.data?.code === 'BAD_REQUEST'
      ? serverFieldErrors(query.error.message)
      : { errors: {}, other: [] };
  const errors: FieldErrors = { ...server.errors, ...checked.errors };

  const state: WhatIfState = (() => {
    if (invalid || Object.keys(server.errors).length > 0) return { state: 'invalid' };
    if (checked.scenario === null) return { state: 'none' };
    if (settled && query.error) {
      return { state: 'error', message: server.other.join('; ') || query.error.message };
    }
    if (settled && query.data && !query.isPlaceholderData) {
      return { state: 'applied', result: query.data };
    }
    return { state: 'pending', previous: query.error ? null : (query.data ?? null) };
  })();

  return { inputs, setInputs, errors, whatIf: state };
}
