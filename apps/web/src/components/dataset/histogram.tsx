/** A small bar chart of a column's distribution; each bar's title gives its label and count. */
export function Histogram({
  bins,
  label,
}: {
  bins: { label: string; count: number }[];
  label: string;
}) {
  if (bins.length === 0) return <p className="muted small">No values</p>;
  const width = 200;
  const height = 48;
  const max = Math.max(1, ...bins.map((b) => b.count));
  const slot = width / bins.length;
  const gap = bins.length > 1 ? Math.min(2, slot * 0.2) : 0;
  return (
    <svg
      className="histogram"
      viewBox={`0 0 ${width} ${height}`}
      preserveAspectRatio="none"
      role="img"
      aria-label={label}
    >
      {bins.map((b, i) => {
        const h = b.count === 0 ? 0 : Math.max(1.5, (b.count / max) * (height - 2));
        return (
          <g key={`${i}-${b.label}`}>
            <title>
              {b.label}: {b.count.toLocaleString()}
            </title>
            <rect className="hist-slot" x={i * slot} y={0} width={slot} height={height} />
            <rect
              className="hist-bar"
              x={i * slot + gap / 2}
              y={height - h}
              width={Math.max(0.5, slot - gap)}
              height={h}
            />
          </g>
        );
      })}
    </svg>
  );
}
