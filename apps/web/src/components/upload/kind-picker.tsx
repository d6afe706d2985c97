'use client';

import type { DataKind } from '@foresight/ingest';
import { KINDS, KIND_INFO } from '~/lib/uploads';

/** The four kinds of data, each with what Foresight does with it. */
export function KindPicker({
  value,
  onChange,
  disabled = false,
}: {
  value: DataKind | null;
  onChange: (kind: DataKind) => void;
  disabled?: boolean;
}) {
  return (
    <fieldset className="kind-picker" disabled={disabled}>
      <legend>What are you uploading?</legend>
      {KINDS.map((k) => (
        <label key={k} className={`kind-option${value === k ? ' active' : ''}`}>
          <input
            type="radio"
            name="kind"
            className="check"
            value={k}
            checked={value === k}
            onChange={() => onChange(k)}
          />
          <span>
            <strong>{KIND_INFO[k].label}</strong>
            <span className="muted small"> · {KIND_INFO[k].hint}</span>
          </span>
        </label>
      ))}
    </fieldset>
  );
}
