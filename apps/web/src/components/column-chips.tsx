import { typeLabel } from '~/lib/uploads';

/** A dataset's columns (older datasets may name types this app does not know) as compact "name · type" chips. */
export function ColumnChips({
  columns,
  max = 6,
}: {
  columns: { name: string; type: string }[];
  max?: number;
}) {
  const shown = columns.slice(0, max);
  return (
    <span className="chips">
      {shown.map((c) => (
        <span key={c.name} className="chip" title={`${c.name}: ${typeLabel(c.type)}`}>
          {c.name} · {typeLabel(c.type)}
        </span>
      ))}
      {columns.length > max && (
        <span
          className="chip muted"
          title={columns
            .slice(max)
            .map((c) => c.name)
            .join(', ')}
        >
          +{columns.length - max} more
        </span>
      )}
    </span>
  );
}
