'use client';

import type { DataKind, Detection } from '@foresight/ingest';
import { CsvPreview } from '~/components/csv-preview';
import { trainingNotice } from '~/lib/readiness';
import type { PresetTarget } from '~/lib/uploads';
import { BadRowsChoice } from './bad-rows-choice';
import { ColumnsTable } from './columns-table';
import { buildIngest, type IngestRequest, type MappingState } from './mapping-state';
import { ReadinessList, useImportReadiness } from './readiness-list';
import { RoleFields } from './role-fields';
import { ReplaceConfirm, TargetFields } from './target-fields';

const DELIMITER_NAMES: Record<Detection['delimiter'], string> = {
  ',': 'comma',
  ';': 'semicolon',
  '\t': 'tab',
  '|': 'pipe',
};

/** Step two: confirm which column is what, how to read each one, and where the rows go. */
export function MappingStep({
  uploadId,
  detection,
  kind,
  preset,
  value,
  onChange,
  onImport,
  pending,
  error,
}: {
  uploadId: string;
  detection: Detection;
  kind: DataKind;
  preset: PresetTarget | undefined;
  value: MappingState;
  onChange: (value: MappingState) => void;
  onImport: (request: IngestRequest) => void;
  pending: boolean;
  error: string | null;
}) {
  const built = buildIngest(uploadId, kind, value);
  const readiness = useImportReadiness(uploadId, kind, value);
  const notice = readiness.checking ? null : trainingNotice(readiness.data);
  const set = (patch: Partial<MappingState>) => onChange({ ...value, ...patch });
  return (
    <form
      className="stack"
      aria-label="Column mapping"
      onSubmit={(e) => {
        e.preventDefault();
        if (built.ok) onImport(built.request);
      }}
    >
      <DetectionSummary detection={detection} />
      <section className="stack" aria-label="Roles">
        <h3>Which column is what</h3>
        <RoleFields
          kind={kind}
          header={detection.header}
          proposals={value.proposals}
          onChange={(proposals) => set({ proposals })}
          startingCash={value.startingCash}
          onStartingCash={(startingCash) => set({ startingCash })}
        />
      </section>
      <section className="stack" aria-label="Column types">
        <h3>Column types</h3>
        <ColumnsTable
          inferred={detection.columns}
          specs={value.columns}
          onChange={(columns) => set({ columns })}
        />
      </section>
      <section className="stack" aria-label="Preview">
        <h3>First rows</h3>
        <CsvPreview header={detection.header} rows={detection.preview} />
      </section>
      <section className="stack" aria-label="Destination">
        <h3>Where it goes</h3>
        {preset ? (
          <>
            <p>
              {preset.mode === 'append' ? 'Append the rows to' : 'Replace all rows of'}{' '}
              <strong>{preset.datasetName}</strong>
            </p>
            {preset.mode === 'replace' && (
              <ReplaceConfirm
                name={preset.datasetName}
                rows={preset.rowCount}
                checked={value.target.confirmReplace}
                onChange={(confirmReplace) => set({ target: { ...value.target, confirmReplace } })}
              />
            )}
          </>
        ) : (
          <TargetFields kind={kind} value={value.target} onChange={(target) => set({ target })} />
        )}
        <BadRowsChoice value={value.badRows} onChange={(badRows) => set({ badRows })} />
      </section>
      <ReadinessList kind={kind} readiness={readiness} />
      {!built.ok && (
        <ul className="notes" aria-label="Still missing">
          {built.problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <div className="row">
        <button type="submit" className="primary" disabled={!built.ok || pending}>
          {pending ? 'Starting import…' : 'Import'}
        </button>
        {notice && (
          <span className="warning small" role="note" data-testid="import-training-notice">
            {notice}
          </span>
        )}
      </div>
    </form>
  );
}

const ENCODING_NAMES: Record<Detection['encoding'], string> = {
  'utf-8': 'UTF-8',
  'utf-8-bom': 'UTF-8 with BOM',
  'windows-1252': 'Windows-1252 (Latin-1)',
};

function DetectionSummary({ detection }: { detection: Detection }) {
  return (
    <div className="stack">
      <p className="muted small">
        {DELIMITER_NAMES[detection.delimiter]}-separated · {ENCODING_NAMES[detection.encoding]} ·{' '}
        {detection.hasHeader ? 'header row' : 'no header row'} · {detection.header.length} columns ·
        types inferred from {detection.sampledRows.toLocaleString()} rows
      </p>
      {detection.warnings.length > 0 && (
        <ul className="notes">
          {detection.warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
