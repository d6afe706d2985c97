/** The first rows of a chosen CSV, as the browser read them, so the mapping can be checked. */
export function CsvPreview({ header, rows }: { header: string[]; rows: string[][] }) {
  return (
    <div className="table-scroll">
      <table className="preview" aria-label="File preview">
        <thead>
          <tr>
            {header.map((h) => (
              <th key={h}>{h}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.slice(0, 5).map((r, i) => (
            <tr key={i}>
              {header.map((h, j) => (
                <td key={h}>{r[j]}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Reads the first 64 KB of a file as text (enough for the header and a sample of rows). */
export function readHead(file: File): Promise<string> {
  return file.slice(0, 64 * 1024).text();
}
