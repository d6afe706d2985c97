/** A labelled select of the file's header columns (with an empty "none" option when optional). */
export function ColumnSelect({
  label,
  header,
  value,
  onChange,
  optional,
}: {
  label: string;
  header: string[];
  value: string;
  onChange: (value: string) => void;
  /** Text of the empty option; the select is required when absent. */
  optional?: string;
}) {
  return (
    <label>
      {label}
      <select value={value} onChange={(e) => onChange(e.target.value)} required={!optional}>
        <option value="">{optional ?? '— choose —'}</option>
        {header.map((h) => (
          <option key={h} value={h}>
            {h}
          </option>
        ))}
      </select>
    </label>
  );
}
