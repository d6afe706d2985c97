'use client';

import { downloadText, toCsv } from '~/lib/csv-export';
import type { UploadProblem, UploadView } from '~/lib/uploads';

/** The import was refused: why, which rows, and how to try again. */
export function UploadProblems({
  view,
  onBackToMapping,
  onAnother,
}: {
  view: UploadView;
  onBackToMapping: () => void;
  onAnother: () => void;
}) {
  const shown = view.problems.length;
  return (
    <div className="stack outcome outcome-bad" data-testid="upload-problems">
      <div role="alert" className="error stack-sm">
        <strong>{view.status === 'rejected' ? 'Import rejected' : 'Import failed'}</strong>
        <span>{view.message ?? 'Nothing was stored.'}</span>
      </div>
      {shown > 0 && <ProblemsTable problems={view.problems} />}
      {view.problemCount > shown && (
        <p className="muted small">
          Showing the first {shown} of {view.problemCount.toLocaleString()} problems.
        </p>
      )}
      <div className="row">
        {shown > 0 && (
          <button type="button" onClick={() => downloadProblems(view)}>
            Download problems as CSV
          </button>
        )}
        <button type="button" className="primary" onClick={onBackToMapping}>
          Back to the mapping
        </button>
        <button type="button" className="link" onClick={onAnother}>
          Upload another file
        </button>
      </div>
      <p className="muted small">
        Fix the file and upload it again, correct a column type, or go back and choose “Skip bad
        rows and report them” — the file is kept, there is no need to upload it again.
      </p>
    </div>
  );
}

function ProblemsTable({ problems }: { problems: UploadProblem[] }) {
  return (
    <div className="table-scroll problems">
      <table aria-label="Problems">
        <thead>
          <tr>
            <th className="num">Row</th>
            <th>Column</th>
            <th>Value</th>
            <th>Problem</th>
          </tr>
        </thead>
        <tbody>
          {problems.map((p, i) => (
            <tr key={i}>
              <td className="num">{p.row ?? '—'}</td>
              <td>{p.column ?? '—'}</td>
              <td className="mono">{p.value ?? ''}</td>
              <td>{p.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function downloadProblems(view: UploadView) {
  const rows = view.problems.map((p) => [p.row ?? '', p.column ?? '', p.value ?? '', p.reason]);
  const base = view.fileName.replace(/\.[^.]+$/, '');
  downloadText(`${base}-problems.csv`, toCsv(['row', 'column', 'value', 'problem'], rows));
}
