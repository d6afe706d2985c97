'use client';

import { useState, type ChangeEvent, type FormEvent, type ReactNode } from 'react';
import { CsvPreview, readHead } from '~/components/csv-preview';

export interface UploadMutation {
  mutate: (form: FormData) => void;
  reset: () => void;
  isPending: boolean;
  error: { message: string } | null;
}

export interface Sniffed {
  header: string[];
  preview: string[][];
}

/**
 * The parts every upload form shares: the file picker (the browser reads the first 64 KB to
 * propose the mapping), the dataset name, the preview, the row-level error and the submit. Each
 * data kind supplies its mapping controls and the form fields they become.
 */
export function CsvUploadForm({
  label,
  title,
  description,
  submitLabel,
  upload,
  sniff,
  fields,
  canSubmit = true,
  children,
}: {
  label: string;
  title: string;
  description: ReactNode;
  submitLabel: string;
  upload: UploadMutation;
  /** Reads the start of the file, sets the kind's proposed mapping, returns header and preview. */
  sniff: (text: string) => Sniffed;
  /** The mapping as form fields (lists for multi-selects). */
  fields: () => Record<string, string | string[]>;
  canSubmit?: boolean;
  /** Mapping controls, given the file's header. */
  children: (header: string[]) => ReactNode;
}) {
  const [file, setFile] = useState<File | null>(null);
  const [sniffed, setSniffed] = useState<Sniffed | null>(null);
  const [name, setName] = useState('');

  async function onFile(event: ChangeEvent<HTMLInputElement>) {
    const chosen = event.target.files?.[0] ?? null;
    setFile(chosen);
    upload.reset();
    if (!chosen) return setSniffed(null);
    setSniffed(sniff(await readHead(chosen)));
    setName(chosen.name.replace(/\.[^.]+$/, ''));
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!file) return;
    const form = new FormData();
    form.set('file', file);
    form.set('name', name);
    for (const [key, value] of Object.entries(fields())) {
      if (Array.isArray(value)) for (const v of value) form.append(key, v);
      else form.set(key, value);
    }
    upload.mutate(form);
  }

  return (
    <form className="card stack" onSubmit={onSubmit} aria-label={label}>
      <h2>{title}</h2>
      <p className="muted">{description}</p>
      <label>
        CSV file
        <input type="file" name="file" accept=".csv,text/csv" onChange={onFile} required />
      </label>
      {sniffed && (
        <>
          <label>
            Dataset name
            <input
              value={name}
              onChange={(e) => setName(e.target.value)}
              required
              maxLength={120}
            />
          </label>
          {children(sniffed.header)}
          <CsvPreview header={sniffed.header} rows={sniffed.preview} />
        </>
      )}
      {upload.error && (
        <p role="alert" className="error">
          Upload rejected, nothing was stored: {upload.error.message}
        </p>
      )}
      <button type="submit" className="primary" disabled={!file || !canSubmit || upload.isPending}>
        {upload.isPending ? 'Uploading and validating…' : submitLabel}
      </button>
    </form>
  );
}
