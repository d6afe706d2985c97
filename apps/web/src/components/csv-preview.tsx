type Cell = string | number | boolean | null;

/** The first rows of a file or dataset, with its header. */
export function CsvPreview({
  header,
  rows,
  label = 'File preview',
  max = 10,
}: {
  header: string[];
  rows: Cell[][];
  label?: string;
  max?: number;
}) {
  return (
    <div className="table-scroll">
      <table className="preview" aria-label={label}>
        <thead>
          <tr>
            <th className="num">#</th>
            {header.map((h, j) => (
              <th key={`${j}-${h}`}>{h}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.slice(0, max).map((r, i) => (
            <tr key={i}>
              <td className="num muted">{i + 1}</td>
              {header.map((h, j) => (
                <td key={`${j}-${h}`}>{show(r[j])}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function show(cell: Cell | undefined): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'boolean') return cell ? 'yes' : 'no';
  return String(cell);
}
