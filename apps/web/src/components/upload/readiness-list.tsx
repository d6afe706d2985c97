'use client';

import type { RouterInputs } from '@foresight/api';
import type { DataKind } from '@foresight/ingest';
import { keepPreviousData, skipToken, useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import {
  noTaskNote,
  partialNote,
  readinessBadge,
  readinessSentence,
  type ReadinessPreview,
} from '~/lib/readiness';
import { checkRoles } from '~/lib/roles';
import { useDebounced } from '~/lib/use-debounced';
import { useTRPC } from '~/trpc/react';
import type { MappingState } from './mapping-state';

export interface ImportReadiness {
  /** The answer for the mapping as it stands (or the previous one while the new one loads). */
  data: ReadinessPreview | undefined;
  /** The mapping changed since `data`: it is being checked again. */
  checking: boolean;
  error: string | null;
  /** The roles are not all picked yet, so there is nothing to check. */
  incomplete: boolean;
}

/**
 * What the file is enough for under the current mapping (`uploads.readiness`), checked again
 * half a second after the mapping stops changing.
 */
export function useImportReadiness(
  uploadId: string,
  kind: DataKind,
  value: MappingState,
): ImportReadiness {
  const trpc = useTRPC();
  const key = useMemo(() => {
    const roles = checkRoles(kind, value.proposals, value.startingCash);
    if (!roles.ok) return null;
    return JSON.stringify({
      uploadId,
      kind: roles.value.kind,
      roles: roles.value.roles,
      columns: value.columns,
      badRows: value.badRows,
    });
  }, [uploadId, kind, value.proposals, value.startingCash, value.columns, value.badRows]);
  const settled = useDebounced(key, 500);
  const input = useMemo(
    () => (settled === null ? null : (JSON.parse(settled) as RouterInputs['uploads']['readiness'])),
    [settled],
  );
  const query = useQuery({
    ...trpc.uploads.readiness.queryOptions(input ?? skipToken),
    placeholderData: keepPreviousData,
    staleTime: 60_000,
    retry: (failures, error) => error.data?.code !== 'BAD_REQUEST' && failures < 1,
  });
  return {
    data: key === null ? undefined : query.data,
    checking: key !== null && (key !== settled || query.isFetching),
    error: query.error?.message ?? null,
    incomplete: key === null,
  };
}

/** "What this data is enough for": each task the import would train, its minimum and the file's count. */
export function ReadinessList({ kind, readiness }: { kind: DataKind; readiness: ImportReadiness }) {
  const { data, checking, error, incomplete } = readiness;
  const partial = data ? partialNote(data) : null;
  return (
    <section className="stack" aria-label="What this data is enough for" aria-busy={checking}>
      <h3>What this data is enough for</h3>
      {incomplete && (
        <p className="muted small">
          Pick the columns above to see which tasks this file can train.
        </p>
      )}
      {!incomplete && !data && !error && <p className="muted small">Reading the file…</p>}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {data && (
        <>
          {data.problem && (
            <p role="alert" className="error">
              {data.problem}
            </p>
          )}
          {data.tasks.length === 0 ? (
            <p className="muted small">{noTaskNote(kind)}</p>
          ) : (
            <ul className="readiness" aria-label="Tasks">
              {data.tasks.map((t) => {
                const badge = readinessBadge(t);
                return (
                  <li key={t.task} data-ready={t.ready}>
                    <span className={`badge ${badge.ready ? 'badge-ready' : 'badge-failed'}`}>
                      {badge.text}
                    </span>{' '}
                    {readinessSentence(t)}
                  </li>
                );
              })}
            </ul>
          )}
          {partial && <p className="muted small">{partial}</p>}
          {checking && <p className="muted small">Checking the new mapping…</p>}
        </>
      )}
    </section>
  );
}
