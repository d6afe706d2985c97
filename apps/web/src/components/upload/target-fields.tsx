'use client';

import type { DataKind } from '@foresight/ingest';
import { useQuery } from '@tanstack/react-query';
import type { ImportTarget } from '~/lib/uploads';
import { useTRPC } from '~/trpc/react';

export interface TargetState {
  mode: 'new' | 'append' | 'replace';
  name: string;
  datasetId: string;
  confirmReplace: boolean;
}

/** The target as `uploads.ingest` takes it, or the reason it is not complete yet. */
export function checkTarget(t: TargetState): { target: ImportTarget } | { problem: string } {
  if (t.mode === 'new') {
    const name = t.name.trim();
    return name ? { target: { mode: 'new', name } } : { problem: 'Give the dataset a name' };
  }
  if (!t.datasetId) return { problem: 'Pick the dataset to add the rows to' };
  if (t.mode === 'replace' && !t.confirmReplace) {
    return { problem: 'Confirm that the current rows will be replaced' };
  }
  return { target: { mode: t.mode, datasetId: t.datasetId } };
}

/** Where the rows go: a new dataset, or appended to / replacing one of the same kind. */
export function TargetFields({
  kind,
  value,
  onChange,
}: {
  kind: DataKind;
  value: TargetState;
  onChange: (value: TargetState) => void;
}) {
  const trpc = useTRPC();
  const datasets = useQuery(trpc.datasets.all.queryOptions());
  const sameKind = (datasets.data ?? []).filter((d) => d.kind === kind);
  const set = (patch: Partial<TargetState>) => onChange({ ...value, ...patch });
  const chosen = sameKind.find((d) => d.id === value.datasetId);
  return (
    <div className="stack">
      <div className="row">
        <label>
          Import into
          <select
            value={value.mode}
            onChange={(e) =>
              set({
                mode: e.target.value as TargetState['mode'],
                confirmReplace: false,
                datasetId: value.datasetId || sameKind[0]?.id || '',
              })
            }
          >
            <option value="new">New dataset</option>
            <option value="append" disabled={sameKind.length === 0}>
              Append to an existing dataset
            </option>
            <option value="replace" disabled={sameKind.length === 0}>
              Replace an existing dataset
            </option>
          </select>
        </label>
        {value.mode === 'new' ? (
          <label>
            Dataset name
            <input
              value={value.name}
              onChange={(e) => set({ name: e.target.value })}
              maxLength={120}
              required
            />
          </label>
        ) : (
          <label>
            Existing dataset
            <select
              value={value.datasetId}
              onChange={(e) => set({ datasetId: e.target.value, confirmReplace: false })}
            >
              {!chosen && <option value="">— choose —</option>}
              {sameKind.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name} · {d.rowCount.toLocaleString()} rows
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      {value.mode === 'replace' && chosen && (
        <ReplaceConfirm
          name={chosen.name}
          rows={chosen.rowCount}
          checked={value.confirmReplace}
          onChange={(confirmReplace) => set({ confirmReplace })}
        />
      )}
    </div>
  );
}

export function ReplaceConfirm({
  name,
  rows,
  checked,
  onChange,
}: {
  name: string;
  rows?: number;
  checked: boolean;
  onChange: (checked: boolean) => void;
}) {
  return (
    <div className="callout">
      <label className="inline">
        <input
          type="checkbox"
          className="check"
          checked={checked}
          onChange={(e) => onChange(e.target.checked)}
        />
        Yes, replace all {rows === undefined ? '' : `${rows.toLocaleString()} `}rows of “{name}”
        (its models are retrained)
      </label>
    </div>
  );
}
