'use client';

import type { RouterOutputs } from '@foresight/api';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useDebounced } from '~/lib/use-debounced';
import {
  checkWhatIf,
  EMPTY_WHAT_IF,
  whatIfStateOf,
  type WhatIfInputs,
  type WhatIfStateOf,
} from '~/lib/what-if';
import { useTRPC } from '~/trpc/react';

export type WhatIfResult = RouterOutputs['risk']['whatIf'];

/** Where the scenario stands (see `whatIfStateOf`). */
export type WhatIfState = WhatIfStateOf<WhatIfResult>;

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

  const { errors, state } = whatIfStateOf(checked, settled, {
    data: query.data,
    isPlaceholderData: query.isPlaceholderData,
    error: query.error,
  });

  return { inputs, setInputs, errors, whatIf: state };
}
