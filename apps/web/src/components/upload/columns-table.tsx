'use client';

import type { ColumnSpec, ColumnType, DateFormat, InferredColumn } from '@foresight/ingest';
import { formatPercent } from '~/lib/format';
import {
  COLUMN_TYPE_OPTIONS,
  DATE_FORMAT_LABELS,
  DATE_FORMAT_OPTIONS,
  TYPE_LABELS,
  isDateType,
  isNumberType,
  normaliseSpec,
} from '~/lib/uploads';

/** The inferred type and format of every column, which the user can correct. */
export function ColumnsTable({
  inferred,
  specs,
  onChange,
}: {
  inferred: InferredColumn[];
  specs: ColumnSpec[];
  onChange: (specs: ColumnSpec[]) => void;
}) {
  const update = (i: number, patch: Partial<ColumnSpec>) =>
    onChange(specs.map((s, j) => (j === i ? normaliseSpec({ ...s, ...patch }) : s)));
  return (
    <div className="table-scroll">
      <table aria-label="Columns">
        <thead>
          <tr>
            <th>Column</th>
            <th>Type</th>
            <th>Format</th>
            <th className="num">Missing</th>
            <th>Examples</th>
          </tr>
        </thead>
        <tbody>
          {specs.map((spec, i) => {
            const info = inferred[i];
            const changed = info !== undefined && info.type !== spec.type;
            return (
              <tr key={`${i}-${spec.name}`}>
                <td>
                  <strong>{spec.name}</strong>
                  {changed && (
                    <div className="muted small">detected as {TYPE_LABELS[info.type]}</div>
                  )}
                  {info?.warnings.map((w) => (
                    <div key={w} className="warning small" role="note">
                      ⚠ {w}
                    </div>
                  ))}
                </td>
                <td>
                  <select
                    aria-label={`Type of column ${spec.name}`}
                    value={spec.type}
                    onChange={(e) => update(i, { type: e.target.value as ColumnType })}
                  >
                    {COLUMN_TYPE_OPTIONS.map((t) => (
                      <option key={t} value={t}>
                        {TYPE_LABELS[t]}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  <FormatSelect spec={spec} onChange={(patch) => update(i, patch)} />
                </td>
                <td className="num">{info ? formatPercent(info.missingShare) : '—'}</td>
                <td className="examples muted small">{info?.examples.slice(0, 3).join(' · ')}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function FormatSelect({
  spec,
  onChange,
}: {
  spec: ColumnSpec;
  onChange: (patch: Partial<ColumnSpec>) => void;
}) {
  if (isDateType(spec.type)) {
    return (
      <select
        aria-label={`Date format of column ${spec.name}`}
        value={spec.dateFormat ?? 'iso'}
        onChange={(e) => onChange({ dateFormat: e.target.value as DateFormat })}
      >
        {DATE_FORMAT_OPTIONS.map((f) => (
          <option key={f} value={f}>
            {DATE_FORMAT_LABELS[f]}
          </option>
        ))}
      </select>
    );
  }
  if (isNumberType(spec.type)) {
    return (
      <select
        aria-label={`Decimal separator of column ${spec.name}`}
        value={spec.decimalSeparator ?? '.'}
        onChange={(e) => onChange({ decimalSeparator: e.target.value === ',' ? ',' : '.' })}
      >
        <option value=".">1,234.56</option>
        <option value=",">1.234,56</option>
      </select>
    );
  }
  return <span className="muted small">—</span>;
}
