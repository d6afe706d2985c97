import { useId } from 'react';

/** A labelled group of checkboxes to pick several of the file's columns. */
export function ColumnChecks({
  label,
  columns,
  value,
  onChange,
}: {
  label: string;
  columns: string[];
  value: string[];
  onChange: (value: string[]) => void;
}) {
  const id = useId();
  return (
    <fieldset className="checks" role="group" aria-labelledby={id}>
      <legend id={id}>{label}</legend>
      {columns.length === 0 && <span className="muted small">No columns left to pick</span>}
      {columns.map((c) => (
        <label key={c} className="inline">
          <input
            type="checkbox"
            className="check"
            checked={value.includes(c)}
            onChange={(e) =>
              onChange(e.target.checked ? [...value, c] : value.filter((x) => x !== c))
            }
          />
          {c}
        </label>
      ))}
    </fieldset>
  );
}
